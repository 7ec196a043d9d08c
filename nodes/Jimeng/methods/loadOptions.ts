import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';

import { findModel, sizeChoices, suggestedModelIds } from '../models/models';
import { fetchModelList } from '../openai/transport/openai';

/** Image models offered when the endpoint has no usable model list: those of the model table. */
export const FALLBACK_MODELS = suggestedModelIds();

/** Model ids that are image models even when the list says nothing about capabilities. */
const IMAGE_MODEL_NAME =
	/jimeng|seedream|seededit|seed-?edit|gpt-image|dall-e|image|flux|kolors|cogview|imagen|midjourney|banana|stable-diffusion|sdxl|wanx|qwen-image/i;

const CAPABILITY_FIELDS = [
	'type',
	'domain',
	'task_type',
	'task_types',
	'supported_endpoint_types',
	'endpoints',
	'output_modalities',
	'modalities',
	'capabilities',
	'category',
];

/** true / false when the entry says what it does, undefined when it does not. */
function declaresImage(entry: IDataObject): boolean | undefined {
	let declared = false;
	for (const field of CAPABILITY_FIELDS) {
		const value = entry[field];
		if (value === undefined || value === null || value === '') continue;
		// `object: "model"` style placeholders say nothing; only real capability fields count.
		declared = true;
		const text = typeof value === 'string' ? value : JSON.stringify(value);
		if (/image/i.test(text)) return true;
	}
	return declared ? false : undefined;
}

/**
 * Keeps the image models of a `/models` list: by the capability fields when any entry has them
 * (Ark `domain`, new-api `supported_endpoint_types`, …), otherwise by well-known name patterns.
 * Falls back to the whole list when the filter would leave nothing.
 */
export function selectImageModels(entries: IDataObject[]): string[] {
	const models = entries
		.map((entry) => ({
			id: typeof entry.id === 'string' ? entry.id : String(entry.id ?? ''),
			entry,
		}))
		.filter(({ id }) => id !== '');
	const anyDeclared = models.some(({ entry }) => declaresImage(entry) !== undefined);
	const selected = models.filter(({ id, entry }) => {
		const declared = declaresImage(entry);
		if (anyDeclared && declared !== undefined) return declared;
		return IMAGE_MODEL_NAME.test(id);
	});
	const ids = (selected.length > 0 ? selected : models).map(({ id }) => id);
	return [...new Set(ids)].sort((a, b) => a.localeCompare(b));
}

async function imageModelIds(ctx: ILoadOptionsFunctions): Promise<string[]> {
	const entries = await fetchModelList(ctx);
	const ids = entries ? selectImageModels(entries) : [];
	return ids.length > 0 ? ids : FALLBACK_MODELS;
}

export const listSearch = {
	/** "From list" mode of the Model parameter; typing filters, any other id goes in "By ID". */
	async searchImageModels(
		this: ILoadOptionsFunctions,
		filter?: string,
	): Promise<INodeListSearchResult> {
		const needle = (filter ?? '').trim().toLowerCase();
		const ids = (await imageModelIds(this)).filter((id) => id.toLowerCase().includes(needle));
		return { results: ids.map((id) => ({ name: id, value: id })) };
	},
};

export const loadOptions = {
	/** The sizes the chosen model accepts (all forms for an ID the model table does not know). */
	async getImageSizes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const model = this.getCurrentNodeParameter('model', { extractValue: true });
		const entry = typeof model === 'string' ? findModel(model) : undefined;
		return sizeChoices(entry);
	},
};
