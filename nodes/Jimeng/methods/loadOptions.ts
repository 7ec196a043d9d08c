import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

/** Image models offered when the endpoint has no usable model list. */
export const FALLBACK_MODELS = [
	'jimeng-4.5',
	'jimeng-4.0',
	'jimeng-3.0',
	'jimeng-agent',
	'doubao-seedream-4-5-251128',
	'doubao-seedream-4-0-250828',
	'gpt-image-2',
];

export const loadOptions = {
	async getImageModels(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return FALLBACK_MODELS.map((model) => ({ name: model, value: model }));
	},
};
