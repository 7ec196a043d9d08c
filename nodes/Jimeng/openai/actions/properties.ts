import type { INodeProperties } from 'n8n-workflow';

import type { Feature } from '../../models/models';
import { featurePattern } from '../../models/models';
import { concurrencyOption } from '../../run/concurrency';
import { outputFieldOption } from '../../run/descriptions';
import { budgetOptions } from '../../money/runCost';

// Properties shared by Generate and Edit.

export const modelProperty: INodeProperties = {
	displayName: 'Model',
	name: 'model',
	type: 'resourceLocator',
	default: { mode: 'list', value: 'doubao-seedream-4-5-251128' },
	required: true,
	description:
		'The image model. The list comes from the endpoint\'s /models; any other ID can be typed in "By ID".',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchImageModels', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. jimeng-4.0, doubao-seedream-4-5-251128, gpt-image-2, ep-2025…',
		},
	],
};

export function promptProperty(description: string): INodeProperties {
	return {
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'e.g. 一只可爱的熊猫在图书馆看书 / A futuristic skyline at dusk',
		description,
	};
}

export const sizeProperties: INodeProperties[] = [
	{
		// n8n's verification scanner ignores inline lint exceptions: the label of a loaded list ends this way.
		displayName: 'Size Name or ID',
		name: 'size',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getImageSizes', loadOptionsDependsOn: ['model.value'] },
		default: 'default',
		description:
			'The sizes the model accepts, Aspect Ratio + Resolution, or Custom. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Custom Size',
		name: 'customSize',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2K, 2048x2048, 1024*1024, auto',
		description:
			'Sent as "size" exactly in the form given (× and X become x). Ark Seedream: 2K / 4K or WxH (4.0 also 1K; 5.0 Pro / Flash and 5.5: 1K / 1.5K / 2K); OpenAI gpt-image: 1024x1024, 1536x1024, 1024x1536, auto; SeedEdit: adaptive; some relays want 1024*1024.',
		displayOptions: { show: { size: ['size'] } },
	},
	{
		displayName: 'Aspect Ratio',
		name: 'aspectRatio',
		type: 'options',
		options: [
			{ name: '1:1', value: '1:1' },
			{ name: '16:9', value: '16:9' },
			{ name: '2:3', value: '2:3' },
			{ name: '21:9', value: '21:9' },
			{ name: '3:2', value: '3:2' },
			{ name: '3:4', value: '3:4' },
			{ name: '4:3', value: '4:3' },
			{ name: '9:16', value: '9:16' },
		],
		default: '1:1',
		description: 'Width:height of the image. Use an expression for other ratios such as 5:4.',
		displayOptions: { show: { size: ['ratio'] } },
	},
	{
		displayName: 'Resolution',
		name: 'resolution',
		type: 'options',
		options: [
			{ name: '1K', value: '1k' },
			{ name: '2K', value: '2k' },
			{ name: '4K', value: '4k' },
		],
		default: '2k',
		displayOptions: { show: { size: ['ratio'] } },
	},
	{
		displayName: 'Send As',
		name: 'ratioSendAs',
		type: 'options',
		options: [
			{
				name: 'By Model',
				value: 'auto',
				description:
					'Ratio and resolution fields for Jimeng relay models, a size in pixels for the others',
			},
			{
				name: 'Ratio and Resolution Fields',
				value: 'fields',
				description:
					'Sends "ratio": "16:9" and "resolution": "2k" (Jimeng web relays such as jimeng-api)',
			},
			{
				name: 'Size in Pixels',
				value: 'size',
				description:
					'Sends "size": "2560x1440" from the Seedream preset table (Ark, OpenAI-style relays)',
			},
		],
		default: 'auto',
		displayOptions: { show: { size: ['ratio'] } },
	},
];

/** Options both operations share; Generate and Edit add their own and sort the list. */
export const returnUrlsOnlyOption: INodeProperties = {
	displayName: 'Return URLs Only',
	name: 'returnUrlsOnly',
	type: 'boolean',
	default: false,
	description:
		'Whether to output the image URLs without downloading them. Images that come back as base64 are still output as files.',
};

export const commonOptions: INodeProperties[] = [
	concurrencyOption,
	outputFieldOption,
	...budgetOptions,
	{
		displayName: 'Additional Body Fields (JSON)',
		name: 'additionalBodyFields',
		type: 'json',
		default: '{}',
		description:
			'Relay-specific fields sent as they are and merged last, so they override the fields above, e.g. {"negative_prompt": "blurry", "sample_strength": 0.5, "intelligent_ratio": true}',
	},
	{
		displayName: 'Background',
		name: 'background',
		type: 'options',
		options: [
			{
				name: 'Auto',
				value: 'auto',
				description: 'The model decides (not Seedream 5.0 Pro / Flash)',
			},
			{ name: 'Opaque', value: 'opaque' },
			{
				name: 'Transparent',
				value: 'transparent',
				description: 'An alpha channel: needs PNG output (gpt-image 1: PNG or WebP)',
			},
		],
		default: 'opaque',
		description:
			'Sent as "background" (gpt-image 1, Seedream 5.0 Pro / Flash, Seedream 5.5). Checked before paying: transparent with JPEG output is refused; Seedream 5.0 Pro / Flash take it only with exactly one input PNG with transparency.',
	},
	{
		displayName: 'Layer Decomposition',
		name: 'layerDecomposition',
		type: 'boolean',
		default: false,
		description:
			'Whether to split the one input image into a base image and layers (layer_decomposition: Seedream 5.0 Pro / Flash up to 16 layers, 5.5 up to 99). One output item per layer, the base first, each with zIndex and boundingBox; no Background.',
	},
	{
		displayName: 'Max Images (Group)',
		name: 'maxImages',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 15 },
		default: 4,
		description:
			'Seedream 4.x group images: sequential_image_generation_options.max_images. Only a ceiling, the prompt decides the count; reference images + max images ≤ 15.',
	},
	{
		displayName: 'Number of Images',
		name: 'n',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 16 },
		default: 1,
		description:
			'Sent as "n". Jimeng relays may still return 4 for text-to-image; Seedream group images use Max Images instead.',
	},
	{
		displayName: 'Output Compression (GPT Image)',
		name: 'outputCompression',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 100 },
		default: 80,
		description: 'For gpt-image models: 0–100, for JPEG and WebP output',
	},
	{
		displayName: 'Output Format',
		name: 'outputFormat',
		type: 'options',
		options: [
			{ name: 'JPEG', value: 'jpeg' },
			{ name: 'PNG', value: 'png' },
			{ name: 'WebP', value: 'webp' },
		],
		default: 'png',
		description:
			'For gpt-image models and Seedream 5.0 / 5.5: file format of the result (Seedream: PNG or JPEG)',
	},
	{
		displayName: 'Prompt Optimization',
		name: 'promptMode',
		type: 'options',
		options: [
			{
				name: 'Fast',
				value: 'fast',
				description: 'Quicker, slightly lower quality (Seedream 5.0 Pro and 4.0 only)',
			},
			{
				name: 'Standard',
				value: 'standard',
				description: "Higher quality, takes longer (the models' default)",
			},
		],
		default: 'standard',
		description: 'Sent as optimize_prompt_options.mode (Seedream 4.0, 4.5, 5.0 Lite / Pro / Flash)',
	},
	{
		displayName: 'Quality (GPT Image)',
		name: 'quality',
		type: 'options',
		options: [
			{ name: 'Auto', value: 'auto' },
			{ name: 'High', value: 'high' },
			{ name: 'Low', value: 'low' },
			{ name: 'Medium', value: 'medium' },
		],
		default: 'auto',
		description: 'For gpt-image models: rendering quality, which also sets the price',
	},
	{
		displayName: 'Relay API Style',
		name: 'relayStyle',
		type: 'options',
		options: [
			{
				name: 'OpenAI Style (Hingnet, Deepwl, New-Api)',
				value: 'openai',
				description:
					'Reference images in "image" of /images/generations, edits as a multipart upload to /images/edits',
			},
			{
				name: 'Jimeng-Api (Ratio + Resolution, Compositions)',
				value: 'jimengApi',
				description:
					'For iptag/jimeng-api and its forks: no "size" (Aspect Ratio + Resolution instead); reference images and edits go to /images/compositions, because their /images/generations drops reference images',
			},
		],
		default: 'openai',
		description: 'How the Jimeng relay behind the Base URL takes sizes and images',
	},
	{
		displayName: 'Response Format',
		name: 'responseFormat',
		type: 'options',
		options: [
			{
				name: 'URL',
				value: 'url',
				description: 'The node downloads the image (Ark URLs last 24 hours)',
			},
			{
				name: 'Base64 JSON',
				value: 'b64_json',
				description: 'The image comes inside the answer',
			},
		],
		default: 'url',
		description:
			'Sent as response_format only when set here. gpt-image answers b64_json by default; some relays (e.g. the gpt-image-2 relay) accept a URL answer as well.',
	},
	{
		displayName: 'Relay Task Answers',
		name: 'relayTaskAnswer',
		type: 'options',
		// Submit Task always outputs the task.
		displayOptions: { hide: { '/operation': ['submitTask'] } },
		options: [
			{
				name: 'Output the Task',
				value: 'output',
				description:
					'Output taskId and pollPath at once, for the operation Wait for Result later (e.g. after a Wait node)',
			},
			{
				name: 'Wait for the Images',
				value: 'wait',
				description: 'Poll the task (free) until its images are ready, within Timeout',
			},
		],
		default: 'wait',
		description:
			'What to do when the relay answers with a task instead of images (APIMart, sub2api async). The task is paid either way; its ID is never dropped.',
	},
	returnUrlsOnlyOption,
	{
		displayName: 'Seed',
		name: 'seed',
		type: 'number',
		default: -1,
		description: 'Random seed (-1 = random). Ark documents it for Seedream 3.0 and SeedEdit.',
	},
	{
		displayName: 'Group Images (Sequential)',
		name: 'sequentialImageGeneration',
		type: 'options',
		options: [
			{
				name: 'Auto',
				value: 'auto',
				description: 'The model may return a set of related images',
			},
			{
				name: 'Disabled',
				value: 'disabled',
				description: 'One image per request',
			},
		],
		default: 'auto',
		description: 'Seedream 4.x: sequential_image_generation',
	},
	{
		displayName: 'Stream',
		name: 'stream',
		type: 'boolean',
		default: false,
		description:
			'Whether to ask for server-sent events (stream: true). Images are collected as they arrive; a failed image in a group is reported in its place while the others are kept.',
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 10 },
		default: 900,
		description:
			'How long to wait for the images, whether the relay answers them directly or as a task. Jimeng relays may take many minutes.',
	},
	{
		displayName: 'Use Async Endpoint',
		name: 'asyncEndpoint',
		type: 'boolean',
		default: false,
		description:
			"Whether to send the call to the relay's async endpoint (the path + /async, e.g. /images/generations/async on sub2api). It answers at once with a task that the node then waits for, so a long generation is not cut off by a proxy timeout after it was billed.",
	},
	{
		displayName: 'User (GPT Image)',
		name: 'user',
		type: 'string',
		default: '',
		description: 'For gpt-image models: an end-user ID for abuse monitoring',
	},
	{
		displayName: 'Watermark',
		name: 'watermark',
		type: 'boolean',
		default: false,
		description: 'Whether to add the "AI生成" watermark (Ark adds it unless this is set to false)',
	},
];

/** Generate only: edits have no moderation field (openai-node ImageEditParams). */
export const moderationOption: INodeProperties = {
	displayName: 'Moderation (GPT Image)',
	name: 'moderation',
	type: 'options',
	options: [
		{ name: 'Auto', value: 'auto' },
		{ name: 'Low', value: 'low' },
	],
	default: 'auto',
	description: 'For gpt-image models: how strict the content filter is',
};

/** Edit only (gpt-image-1 and later, not mini): how closely the result keeps the input's features. */
export const inputFidelityOption: INodeProperties = {
	displayName: 'Input Fidelity (GPT Image)',
	name: 'inputFidelity',
	type: 'options',
	options: [
		{ name: 'Low', value: 'low' },
		{ name: 'High', value: 'high' },
	],
	default: 'low',
	description:
		'For gpt-image models: how closely the result keeps faces and details of the input images',
};

/** Which model feature each option needs; options not listed apply to every model. */
const OPTION_FEATURE: Record<string, Feature> = {
	background: 'background',
	inputFidelity: 'inputFidelity',
	layerDecomposition: 'layers',
	maskBinaryProperty: 'mask',
	maxImages: 'group',
	moderation: 'gptImage',
	n: 'n',
	outputCompression: 'gptImage',
	outputFormat: 'outputFormat',
	promptMode: 'promptMode',
	quality: 'gptImage',
	relayStyle: 'relayStyle',
	responseFormat: 'responseFormat',
	seed: 'seed',
	sequentialImageGeneration: 'group',
	stream: 'stream',
	user: 'gptImage',
	watermark: 'watermark',
};

/**
 * Options for the models that have them when the model is picked from the list; every option for
 * an ID typed By ID, an expression, or an ID the model table does not know. n8n reads a resource
 * locator's value in display conditions but not its mode, so an option with a feature is listed
 * twice under one name: once for list mode (gated by the model), once for the other modes.
 */
export function sortedOptions(options: INodeProperties[]): INodeProperties[] {
	const gated = options.flatMap((option): INodeProperties[] => {
		const feature = OPTION_FEATURE[option.name];
		if (!feature) return [option];
		return [
			{
				...option,
				displayOptions: {
					show: {
						'/model.mode': ['list'],
						'/model': [{ _cnd: { regex: featurePattern(feature) } }],
					},
				},
			},
			{ ...option, displayOptions: { hide: { '/model.mode': ['list'] } } },
		];
	});
	return gated.sort((a, b) => a.displayName.localeCompare(b.displayName));
}
