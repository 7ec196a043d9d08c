import type { INodeProperties } from 'n8n-workflow';

import { concurrencyOption } from '../concurrency';
import { outputFieldOption } from '../descriptions';
import { budgetOptions } from '../../helpers/runCost';

/** Model keys the visual API knows (upstream-apis.md §A.5). */
export const REQ_KEY = {
	v40: 'jimeng_t2i_v40',
	v31: 'jimeng_t2i_v31',
	v30: 'jimeng_t2i_v30',
	i2i: 'jimeng_i2i_v30',
	custom: 'custom',
} as const;

const V3_T2I = [REQ_KEY.v31, REQ_KEY.v30];

/** Every model parameter is shown only for the models that take it. */
const forModels = (...models: string[]) => ({ show: { reqKey: models } });

function modelProperty(defaultModel: string): INodeProperties {
	return {
		displayName: 'Model',
		name: 'reqKey',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Jimeng 3.0 Image To Image',
				value: REQ_KEY.i2i,
				description: 'Req key jimeng_i2i_v30: changes one input image following the prompt',
			},
			{
				name: 'Jimeng 3.0 Text To Image',
				value: REQ_KEY.v30,
				description: 'Req key jimeng_t2i_v30',
			},
			{
				name: 'Jimeng 3.1 Text To Image',
				value: REQ_KEY.v31,
				description: 'Req key jimeng_t2i_v31',
			},
			{
				name: 'Jimeng 4.0',
				value: REQ_KEY.v40,
				description:
					'Req key jimeng_t2i_v40: text to image, editing and multi-image composition, up to 4K',
			},
			{
				name: 'Custom',
				value: REQ_KEY.custom,
				description: 'Any other req_key of the visual API that works with CVSync2AsyncSubmitTask',
			},
		],
		default: defaultModel,
		description: 'The req_key of the model; it must be activated in the Volcengine console',
	};
}

/** What Generate, Edit and Submit Task send with the submit: the model and its parameters. */
export function submitProperties(defaultModel: string): INodeProperties[] {
	return [
		modelProperty(defaultModel),
		{
			displayName: 'Custom Model Key',
			name: 'customReqKey',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. jimeng_seedream46_cvtob',
			displayOptions: forModels(REQ_KEY.custom),
			description:
				'The req_key sent as is. Add its parameters under Options → Additional Body Fields.',
		},
		{
			displayName: 'Prompt',
			name: 'prompt',
			type: 'string',
			typeOptions: { rows: 4 },
			required: true,
			default: '',
			placeholder: 'e.g. 一只可爱的柯基犬在草地上玩耍',
			description: 'What to draw, in Chinese or English (at most 800 characters)',
		},

		// Jimeng 4.0 ------------------------------------------------------------------------------
		{
			displayName: 'Reference Image URLs',
			name: 'imageUrls',
			type: 'fixedCollection',
			typeOptions: {
				multipleValues: true,
				multipleValueButtonText: 'Add Image URL',
			},
			placeholder: 'Add Image URL',
			default: {},
			displayOptions: forModels(REQ_KEY.v40, REQ_KEY.custom),
			description:
				'Up to 10 public JPEG or PNG URLs (≤ 15 MB, ≤ 4096×4096, aspect ratio 1/3 to 3) to edit or combine',
			options: [
				{
					displayName: 'Image',
					name: 'image',
					values: [
						{
							displayName: 'URL',
							name: 'url',
							type: 'string',
							default: '',
							placeholder: 'https://example.com/photo.png',
						},
					],
				},
			],
		},
		{
			displayName: 'Size',
			name: 'sizeMode',
			type: 'options',
			displayOptions: forModels(REQ_KEY.v40),
			options: [
				{
					name: 'Area (Pixels)',
					value: 'area',
					description: 'Give the pixel count; the model picks the aspect ratio',
				},
				{ name: 'Width and Height', value: 'widthHeight' },
			],
			default: 'area',
		},
		{
			displayName: 'Area (Pixels)',
			name: 'size',
			type: 'number',
			typeOptions: { minValue: 1024 * 1024, maxValue: 4096 * 4096 },
			default: 4194304,
			displayOptions: { show: { reqKey: [REQ_KEY.v40], sizeMode: ['area'] } },
			description:
				'Width × height of the output, from 1048576 (1024²) to 16777216 (4096²). 4194304 is 2K (2048²).',
		},
		{
			displayName: 'Width',
			name: 'v40Width',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 2048,
			displayOptions: {
				show: { reqKey: [REQ_KEY.v40], sizeMode: ['widthHeight'] },
			},
			description: 'Output width in pixels; width × height must be within [1024², 4096²]',
		},
		{
			displayName: 'Height',
			name: 'v40Height',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 2048,
			displayOptions: {
				show: { reqKey: [REQ_KEY.v40], sizeMode: ['widthHeight'] },
			},
			description: 'Output height in pixels; width × height must be within [1024², 4096²]',
		},
		{
			displayName: 'Force Single Image',
			name: 'forceSingle',
			type: 'boolean',
			default: false,
			displayOptions: forModels(REQ_KEY.v40),
			description:
				'Whether to get exactly one image. Off, the model may return several (each one is billed).',
		},
		{
			displayName: 'Min Aspect Ratio',
			name: 'minRatio',
			type: 'number',
			typeOptions: { minValue: 0.0625, maxValue: 16, numberPrecision: 4 },
			default: 0.3333333333333333, // 1/3, the API default
			displayOptions: forModels(REQ_KEY.v40),
			description: 'Smallest width / height of the output, in [1/16, 16)',
		},
		{
			displayName: 'Max Aspect Ratio',
			name: 'maxRatio',
			type: 'number',
			typeOptions: { minValue: 0.0625, maxValue: 16, numberPrecision: 4 },
			default: 3,
			displayOptions: forModels(REQ_KEY.v40),
			description: 'Largest width / height of the output, in [1/16, 16)',
		},

		// Jimeng 3.0 image to image ---------------------------------------------------------------
		{
			displayName: 'Input Image',
			name: 'imageSource',
			type: 'options',
			displayOptions: forModels(REQ_KEY.i2i),
			options: [
				{ name: 'Binary Field of the Input Item', value: 'binary' },
				{ name: 'URL', value: 'url' },
			],
			default: 'binary',
			description:
				'The one image to change (JPEG or PNG, ≤ 4.7 MB, ≤ 4096×4096, long side ≤ 3 × short side)',
		},
		{
			displayName: 'Input Binary Field',
			name: 'imageBinaryPropertyName',
			type: 'string',
			required: true,
			default: 'data',
			displayOptions: {
				show: { reqKey: [REQ_KEY.i2i], imageSource: ['binary'] },
			},
			description: 'Name of the binary field of the incoming item that holds the image',
		},
		{
			displayName: 'Image URL',
			name: 'imageUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'https://example.com/photo.png',
			displayOptions: { show: { reqKey: [REQ_KEY.i2i], imageSource: ['url'] } },
		},

		// Shared by several models ----------------------------------------------------------------
		{
			displayName: 'Text Influence (Scale)',
			name: 'scale',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
			default: 0.5,
			displayOptions: forModels(REQ_KEY.v40, REQ_KEY.i2i),
			description: 'How strongly the prompt steers the image, 0 to 1',
		},
		{
			displayName: 'Expand Prompt',
			name: 'usePreLlm',
			type: 'boolean',
			default: true,
			displayOptions: forModels(...V3_T2I),
			description: 'Whether to let the model rewrite short prompts into richer ones (use_pre_llm)',
		},
		{
			displayName: 'Width',
			name: 'width',
			type: 'number',
			typeOptions: { minValue: 512, maxValue: 2048 },
			default: 1328,
			displayOptions: forModels(...V3_T2I, REQ_KEY.i2i),
			description:
				'Output width in pixels (3.x text to image: 512–2048, area ≤ 2048²; image to image: 512–2016)',
		},
		{
			displayName: 'Height',
			name: 'height',
			type: 'number',
			typeOptions: { minValue: 512, maxValue: 2048 },
			default: 1328,
			displayOptions: forModels(...V3_T2I, REQ_KEY.i2i),
			description:
				'Output height in pixels (3.x text to image: 512–2048, area ≤ 2048²; image to image: 512–2016)',
		},
		{
			displayName: 'Seed',
			name: 'seed',
			type: 'number',
			default: -1,
			displayOptions: forModels(...V3_T2I, REQ_KEY.i2i),
			description: 'Same seed and parameters give the same image; -1 picks a random one',
		},
	];
}

const additionalBodyFields: INodeProperties = {
	displayName: 'Additional Body Fields (JSON)',
	name: 'additionalBodyFields',
	type: 'json',
	default: '{}',
	description:
		'Extra fields merged last into the submit body, for parameters this node does not list (for example of a custom model)',
};

/** Settings for CVSync2AsyncGetResult (sent in its `req_json` string) and for the output items. */
const resultOptions: INodeProperties[] = [
	{
		displayName: 'AIGC Metadata',
		name: 'aigcMeta',
		type: 'fixedCollection',
		default: {},
		description: 'Implicit AIGC label embedded in the image (aigc_meta)',
		options: [
			{
				displayName: 'Metadata',
				name: 'meta',
				values: [
					{
						displayName: 'Producer ID',
						name: 'producerId',
						type: 'string',
						default: '',
						description: 'Unique ID of this content at the producer (required by the API)',
					},
					{
						displayName: 'Content Producer',
						name: 'contentProducer',
						type: 'string',
						default: '',
					},
					{
						displayName: 'Content Propagator',
						name: 'contentPropagator',
						type: 'string',
						default: '',
					},
					{
						displayName: 'Propagate ID',
						name: 'propagateId',
						type: 'string',
						default: '',
					},
				],
			},
		],
	},
	concurrencyOption,
	{
		displayName: 'Download Images',
		name: 'downloadImages',
		type: 'boolean',
		default: true,
		description:
			'Whether to download image URLs into binary data. Off, the items carry only the URLs (valid for 24 hours).',
	},
	{
		displayName: 'Max Poll Interval (Seconds)',
		name: 'maxPollInterval',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 60 },
		default: 60,
		description:
			'Longest pause between checks. Waiting checks every second, then after 15% of the time waited so far, up to this pause.',
	},
	outputFieldOption,
	{
		displayName: 'Return Image URLs',
		name: 'returnUrl',
		type: 'boolean',
		default: true,
		description:
			'Whether Volcengine should answer with image URLs (valid 24 hours) instead of base64 data in the result',
	},
	{
		displayName: 'Watermark',
		name: 'watermark',
		type: 'fixedCollection',
		default: {},
		description: 'Adds a visible "AI generated" mark (logo_info)',
		options: [
			{
				displayName: 'Watermark',
				name: 'settings',
				values: [
					{
						displayName: 'Language',
						name: 'language',
						type: 'options',
						options: [
							{ name: 'Chinese (AI生成)', value: 0 },
							{ name: 'English (Generated by AI)', value: 1 },
						],
						default: 0,
					},
					{
						displayName: 'Opacity',
						name: 'opacity',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
						default: 1,
					},
					{
						displayName: 'Position',
						name: 'position',
						type: 'options',
						options: [
							{ name: 'Bottom Right', value: 0 },
							{ name: 'Bottom Left', value: 1 },
							{ name: 'Top Left', value: 2 },
							{ name: 'Top Right', value: 3 },
						],
						default: 0,
					},
					{
						displayName: 'Text',
						name: 'text',
						type: 'string',
						default: '',
						description: 'Your own watermark text; empty uses the standard label',
					},
				],
			},
		],
	},
];

export function submitOptionsProperty(): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [additionalBodyFields, concurrencyOption, ...budgetOptions],
	};
}

/** For operations that submit and then wait (Generate, Edit). */
export function submitAndResultOptionsProperty(): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [additionalBodyFields, ...budgetOptions, ...resultOptions],
	};
}

/** For Wait for Result. */
export function resultOptionsProperty(): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: resultOptions,
	};
}

export const timeoutProperty: INodeProperties = {
	displayName: 'Timeout (Seconds)',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 300,
	description:
		'How long to wait for the images. On timeout the error names the task ID, so Wait for Result can pick it up later.',
};
