/**
 * Checks an OpenAI-style image request body against the model table before it is sent. Pure: no
 * n8n imports. It runs on the body as it will be sent, after Additional Body Fields were merged,
 * so those cannot bypass it. Unknown models (By ID, ep-…) get only the checks every API shares.
 */
import type { Feature, ModelEntry, Provider } from '../models/models';
import { checkPixelSize, hasFeature } from '../models/models';
import { parseSize } from '../images/imageSize';
import { asksForLayers, checkOutputRules } from './outputRules';

export interface RequestIssue {
	/** The body field at fault. */
	field: string;
	message: string;
	hint?: string;
}

export interface RequestContext {
	entry: ModelEntry | undefined;
	provider: Provider | undefined;
	/** Reference / input images sent with the request. */
	inputImages: number;
	/** Where the editor takes those images from (its field names), for messages. */
	imagesField?: string;
	/** Body fields that came from Additional Body Fields (named so in messages). */
	fromAdditional: ReadonlySet<string>;
}

/** Labels of the node's fields, for messages. */
const LABEL: Record<string, string> = {
	prompt: 'Prompt',
	n: 'Number of Images',
	seed: 'Seed',
	size: 'Size',
	sequential_image_generation: 'Group Images (Sequential)',
	sequential_image_generation_options: 'Max Images (Group)',
	stream: 'Stream',
	watermark: 'Watermark',
	quality: 'Quality',
	background: 'Background',
	moderation: 'Moderation',
	output_format: 'Output Format',
	output_compression: 'Output Compression',
	input_fidelity: 'Input Fidelity',
	user: 'User',
	response_format: 'Response Format',
	optimize_prompt_options: 'Prompt Optimization',
	layer_decomposition: 'Layer Decomposition',
};

/** Which model feature a body field needs. */
const FIELD_FEATURE: Record<string, Feature> = {
	n: 'n',
	seed: 'seed',
	stream: 'stream',
	watermark: 'watermark',
	sequential_image_generation: 'group',
	sequential_image_generation_options: 'group',
	quality: 'gptImage',
	background: 'background',
	moderation: 'gptImage',
	output_compression: 'gptImage',
	user: 'gptImage',
	input_fidelity: 'inputFidelity',
	output_format: 'outputFormat',
	optimize_prompt_options: 'promptMode',
	layer_decomposition: 'layers',
};

/** `n` for a model the table does not know: what the OpenAI-style APIs document at most. */
const MAX_N_UNKNOWN = 16;
/** Seed values are 32-bit (Ark: [-1, 2147483647]). */
const MAX_SEED = 2147483647;

function label(field: string, context: RequestContext): string {
	const name = LABEL[field] ?? `"${field}"`;
	return context.fromAdditional.has(field) ? `${name} (from Additional Body Fields)` : name;
}

function show(value: unknown): string {
	const text = typeof value === 'string' ? value : JSON.stringify(value);
	return `"${String(text).slice(0, 40)}"`;
}

function wholeNumber(value: unknown): number | undefined {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof number === 'number' && Number.isInteger(number) ? number : undefined;
}

function checkRange(
	field: string,
	value: unknown,
	min: number,
	max: number,
	context: RequestContext,
): RequestIssue | undefined {
	const number = wholeNumber(value);
	if (number === undefined || number < min || number > max) {
		return {
			field,
			message: `${label(field, context)} must be a whole number from ${min} to ${max}, not ${show(value)}`,
		};
	}
	return undefined;
}

/** The first problem of the body, or undefined when it may be sent. */
export function checkRequestBody(
	body: Record<string, unknown>,
	context: RequestContext,
): RequestIssue | undefined {
	const { entry } = context;
	const modelName = entry?.label ?? String(body.model ?? '');

	// Prompt, as it will be sent.
	if (typeof body.prompt !== 'string' || body.prompt.trim() === '') {
		return {
			field: 'prompt',
			message: `${label('prompt', context)} is empty`,
			hint: 'Describe the image in the Prompt field (and do not override "prompt" in Additional Body Fields).',
		};
	}
	const promptLength = [...body.prompt].length;
	if (entry?.maxPromptChars !== undefined && promptLength > entry.maxPromptChars) {
		return {
			field: 'prompt',
			message: `${label('prompt', context)} has ${promptLength} characters; ${modelName} takes at most ${entry.maxPromptChars}`,
		};
	}

	// Fields the model does not take at all.
	if (entry) {
		for (const [field, feature] of Object.entries(FIELD_FEATURE)) {
			if (body[field] === undefined || hasFeature(entry, feature)) continue;
			return {
				field,
				message: `${label(field, context)} is not an option of ${modelName}`,
				hint: 'Remove it, or pick a model that has it.',
			};
		}
	}

	// Numbers.
	if (body.n !== undefined) {
		const issue = checkRange('n', body.n, 1, entry?.maxN ?? MAX_N_UNKNOWN, context);
		if (issue) return issue;
	}
	if (body.seed !== undefined) {
		const issue = checkRange('seed', body.seed, -1, MAX_SEED, context);
		if (issue) return issue;
	}
	if (body.output_compression !== undefined) {
		const issue = checkRange('output_compression', body.output_compression, 0, 100, context);
		if (issue) return issue;
	}
	const groupOptions = body.sequential_image_generation_options;
	if (groupOptions !== undefined) {
		const maxImages =
			groupOptions && typeof groupOptions === 'object'
				? (groupOptions as Record<string, unknown>).max_images
				: groupOptions;
		const limit = entry?.maxGroupImages ?? 15;
		const issue = checkRange('sequential_image_generation_options', maxImages, 1, limit, context);
		if (issue) return issue;
		const total = entry?.maxTotalImages;
		if (total !== undefined && context.inputImages + Number(maxImages) > total) {
			return {
				field: 'sequential_image_generation_options',
				message: `${context.inputImages} input images + Max Images ${String(maxImages)} is more than the ${total} images ${modelName} allows in one request`,
				hint: 'Lower Max Images or use fewer input images.',
			};
		}
	}

	// Values from the model's lists.
	const lists: Array<[string, string[] | undefined]> = [
		['quality', entry?.qualities],
		['background', entry?.backgrounds],
		['output_format', entry?.outputFormats],
	];
	for (const [field, allowed] of lists) {
		if (body[field] === undefined || allowed === undefined) continue;
		if (!allowed.includes(String(body[field]))) {
			return {
				field,
				message: `${label(field, context)} ${show(body[field])} is not accepted by ${modelName}; it takes ${allowed.join(', ')}`,
			};
		}
	}

	// Reference / input images.
	if (entry && context.inputImages > entry.maxInputImages) {
		const where = context.imagesField ? `${context.imagesField}: ` : '';
		return {
			field: 'image',
			message:
				where +
				(entry.maxInputImages === 0
					? `${modelName} takes no input images, but ${context.inputImages} were given`
					: `${modelName} takes at most ${entry.maxInputImages} input image${entry.maxInputImages === 1 ? '' : 's'}, but ${context.inputImages} were given`),
			hint: 'Remove images, or pick a model that takes more (Seedream 4.5: 14, gpt-image: 16).',
		};
	}

	const outputIssue = checkOutputRules(body, {
		entry,
		inputImages: context.inputImages,
		imagesField: context.imagesField,
		label: (field) => label(field, context),
	});
	if (outputIssue) return outputIssue;

	// Layer decomposition has its own sizes (checked above), `auto` among them.
	if (asksForLayers(body) && entry?.layers?.sizes) return undefined;
	return checkSize(body.size, context);
}

/** Size forms and bounds of the model; Seedream's pixel floors are Ark's, so only on Ark hosts. */
function checkSize(value: unknown, context: RequestContext): RequestIssue | undefined {
	const { entry } = context;
	if (value === undefined || value === null || entry === undefined) return undefined;
	const text = String(value);
	const parsed = parseSize(text);
	const forms = entry.sizes.forms;
	const refuse = (why: string): RequestIssue => ({
		field: 'size',
		message: `${label('size', context)} ${show(text)} is not accepted by ${entry.label}: ${why}`,
		hint: `Pick a size from the list (e.g. ${(entry.sizes.presets.length > 0 ? entry.sizes.presets : (entry.sizes.resolutions ?? [])).slice(0, 3).join(', ')}) or Model Default.`,
	});
	if (!parsed) return refuse('it is not a size form the node knows');
	switch (parsed.kind) {
		case 'resolution': {
			const allowed = forms.includes('resolution') ? (entry.sizes.resolutions ?? []) : [];
			if (!allowed.map((r) => r.toUpperCase()).includes(parsed.resolution)) {
				return refuse(
					allowed.length > 0
						? `it takes ${allowed.join(', ')} or a size in pixels`
						: 'it takes a size in pixels',
				);
			}
			return undefined;
		}
		case 'auto':
		case 'adaptive':
			return forms.includes(parsed.kind) ? undefined : refuse(`it does not take "${parsed.kind}"`);
		case 'ratio':
			return refuse('use Aspect Ratio + Resolution for a ratio');
		case 'pixels': {
			const star = parsed.value.includes('*');
			if (star && !forms.includes('starPixels')) return refuse('write the size as WIDTHxHEIGHT');
			if (!forms.includes('pixels') && !forms.includes('starPixels')) {
				return refuse('it takes no size in pixels');
			}
			const arkRules = entry.family !== 'seedream' || context.provider !== undefined;
			const why = arkRules ? checkPixelSize(entry, parsed.width, parsed.height) : undefined;
			return why ? refuse(why) : undefined;
		}
	}
	return undefined;
}
