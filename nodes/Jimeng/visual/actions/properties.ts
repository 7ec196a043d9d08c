import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import {
	CUSTOM_MODEL,
	DEFAULT_VISUAL_MODEL,
	modelsFor,
	modelsWith,
	visualSize,
	type VisualEntry,
	type VisualOperation,
} from '../../models/models';
import { ASPECT_RATIOS } from '../../models/visualSizes';
import { concurrencyOption } from '../../run/concurrency';
import { outputFieldOption } from '../../run/descriptions';
import { budgetOptions } from '../../money/runCost';

/**
 * The Volcengine backend's fields, built from the model table (lib/models.ts): each field is
 * shown only for the models that take it, so a new model is one table entry.
 * Names shared with the OpenAI-compatible backend: model, prompt, referenceImages, inputImages,
 * inputImageUrls, size, aspectRatio, width, height, timeout, options.responseFormat,
 * options.returnUrlsOnly, options.watermark.
 */
const forModels = (models: string[], extra: Record<string, unknown[]> = {}) => ({
	show: { model: models, ...extra },
});

function modelProperty(operation: VisualOperation | 'submitTask'): INodeProperties {
	const models = modelsFor(operation);
	const options: INodePropertyOptions[] = [
		...models.map((model) => ({
			name: model.label,
			value: model.id,
			description: model.visual.description,
		})),
		{
			name: 'Custom',
			value: CUSTOM_MODEL,
			description: 'Any other req_key that works with CVSync2AsyncSubmitTask',
		},
	];
	const defaultModel = DEFAULT_VISUAL_MODEL[operation];
	return {
		displayName: 'Model',
		name: 'model',
		type: 'options',
		noDataExpression: true,
		options,
		default: defaultModel,
		description: 'The req_key of the model; it must be activated in the Volcengine console',
	};
}

/** One Size dropdown per model: its resolutions, then the raw forms it accepts. */
function sizeProperties(model: VisualEntry): INodeProperties[] {
	const size = visualSize(model);
	if (!size) return [];
	const show = (extra: Record<string, unknown[]> = {}) => forModels([model.id], extra);
	const resolutions = size.resolutions;
	const sizeOptions: INodePropertyOptions[] = resolutions.map((resolution) => ({
		name: resolution,
		value: resolution,
	}));
	if (size.areaField) {
		sizeOptions.push({
			name: 'Area in Pixels',
			value: 'area',
			description: 'Width × height as one number; the model picks the ratio',
		});
	}
	sizeOptions.push({ name: 'Width and Height', value: 'custom' });

	const ratioOptions: INodePropertyOptions[] = ASPECT_RATIOS.map((ratio) => ({
		name: ratio,
		value: ratio,
	}));
	if (size.areaField) {
		ratioOptions.unshift({
			name: 'From Prompt',
			value: 'auto',
			description: 'The model picks the ratio that suits the prompt',
		});
	}

	// Identifiers, not expressions, as defaults: the linter reads only literals or names.
	const defaultSize = resolutions.includes('2K') ? '2K' : resolutions[0];
	const defaultRatio = size.areaField ? 'auto' : '1:1';
	const defaultSide = size.defaultSide;
	const properties: INodeProperties[] = [
		{
			displayName: 'Size',
			name: 'size',
			type: 'options',
			options: sizeOptions,
			default: defaultSize,
			displayOptions: show(),
			description: 'Output resolution (1K ≈ 1328², 2K ≈ 2048², 4K ≈ 4096²), or exact pixels',
		},
		{
			displayName: 'Aspect Ratio',
			name: 'aspectRatio',
			type: 'options',
			options: ratioOptions,
			default: defaultRatio,
			displayOptions: show({ size: resolutions }),
			description: 'Width : height, sent as the preset width and height of this resolution',
		},
		{
			displayName: 'Width',
			name: 'width',
			type: 'number',
			typeOptions: { minValue: size.side.min, maxValue: size.side.max },
			default: defaultSide,
			displayOptions: show({ size: ['custom'] }),
			description: `Output width in pixels; width × height within [${size.area.min}, ${size.area.max}]`,
		},
		{
			displayName: 'Height',
			name: 'height',
			type: 'number',
			typeOptions: { minValue: size.side.min, maxValue: size.side.max },
			default: defaultSide,
			displayOptions: show({ size: ['custom'] }),
			description: `Output height in pixels; width × height within [${size.area.min}, ${size.area.max}]`,
		},
	];
	if (size.areaField) {
		properties.push({
			displayName: 'Area in Pixels',
			name: 'area',
			type: 'number',
			typeOptions: { minValue: size.area.min, maxValue: size.area.max },
			default: 4194304,
			displayOptions: show({ size: ['area'] }),
			description: `Width × height, from ${size.area.min} to ${size.area.max}. 4194304 is 2048².`,
		});
	}
	return properties;
}

const urlCollection = (
	displayName: string,
	name: string,
	description: string,
	displayOptions: INodeProperties['displayOptions'],
): INodeProperties => ({
	displayName,
	name,
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Image URL' },
	placeholder: 'Add Image URL',
	default: {},
	displayOptions,
	description,
	options: [
		{
			displayName: 'Image',
			name: 'images',
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
});

/** The input pixel limits of these models as editor text (the loosest, if they differ). */
function pixelRules(models: VisualEntry[]): string {
	const largest = (values: Array<number | undefined>) =>
		Math.max(...values.filter((value): value is number => value !== undefined));
	const side = largest(models.map((m) => m.maxInputSide));
	const aspect = largest(models.map((m) => m.maxInputAspect));
	return `≤ ${side}×${side}, long side ≤ ${aspect} × short side`;
}

/**
 * The images a model works from: optional reference images (Generate, Submit Task) or the input
 * (Edit, always shown). Models that take binary data choose between a binary field and a URL.
 */
function imageProperties(operation: VisualOperation | 'submitTask'): INodeProperties[] {
	const urlOnly = [
		...modelsWith((m) => m.maxInputImages > 0 && !m.visual.binaryInput),
		CUSTOM_MODEL,
	];
	const withBinary = modelsWith((m) => m.visual.binaryInput);
	// Counts and byte limits come from the table, so the text cannot drift from the checks.
	const urlCounts = modelsFor(operation)
		.filter((m) => m.maxInputImages > 0 && !m.visual.binaryInput)
		.map(
			(m, i) =>
				`${m.label} ${i === 0 ? 'takes ' : ''}up to ${m.maxInputImages}${i === 0 ? ' URLs' : ''}`,
		);
	const withInputs = modelsFor(operation).filter((m) => m.maxInputImages > 0);
	const imageRules = `JPEG or PNG, ${pixelRules(withInputs)}; ${urlCounts.join(', ')}`;
	const binaryModels = modelsFor(operation).filter((m) => m.visual.binaryInput);
	const binaryMegabytes = Math.max(...binaryModels.map((m) => m.maxInputBytes ?? 0));

	const urlModelsInput =
		operation === 'edit'
			? urlCollection(
					'Input Image URLs',
					'inputImageUrls',
					`Public URLs of the images to edit (${imageRules})`,
					forModels(urlOnly),
				)
			: urlCollection(
					'Reference Images',
					'referenceImages',
					`Optional public image URLs to combine or restyle (${imageRules})`,
					forModels(urlOnly),
				);
	if (operation === 'generate') return [urlModelsInput];

	return [
		urlModelsInput,
		{
			displayName: 'Input Image From',
			name: 'inputImageSource',
			type: 'options',
			options: [
				{ name: 'Binary Field of the Input Item', value: 'binary' },
				{ name: 'URL', value: 'url' },
			],
			default: 'binary',
			displayOptions: forModels(withBinary),
			description: `The one image to change (JPEG or PNG, ≤ ${(binaryMegabytes / 1024 / 1024).toFixed(1)} MB, ${pixelRules(binaryModels)})`,
		},
		{
			displayName: 'Input Image Field',
			name: 'inputImages',
			type: 'string',
			// Not `required`: an expression in the field that shows it would make n8n require it
			// on every branch; the item check refuses it empty before anything is sent.
			default: 'data',
			displayOptions: forModels(withBinary, { inputImageSource: ['binary'] }),
			description: 'Binary field of the incoming item that holds the image',
		},
		urlCollection(
			'Input Image URLs',
			'inputImageUrls',
			'Public URL of the image to change',
			forModels(withBinary, { inputImageSource: ['url'] }),
		),
	];
}

function modelParameterProperties(): INodeProperties[] {
	return [
		{
			displayName: 'One Image Only',
			name: 'forceSingle',
			type: 'boolean',
			default: true,
			displayOptions: forModels(modelsWith((m) => m.features.includes('forceSingle'))),
			description:
				'Whether to get exactly one image (force_single). Off, the model may return up to 15 and every image is billed.',
		},
		{
			displayName: 'Min Aspect Ratio',
			name: 'minRatio',
			type: 'number',
			typeOptions: { minValue: 0.0625, maxValue: 16, numberPrecision: 4 },
			default: 0.3333333333333333, // 1/3, the API default
			displayOptions: forModels(modelsWith((m) => m.features.includes('ratioRange'))),
			description: 'Smallest width / height the model may choose, in [1/16, 16)',
		},
		{
			displayName: 'Max Aspect Ratio',
			name: 'maxRatio',
			type: 'number',
			typeOptions: { minValue: 0.0625, maxValue: 16, numberPrecision: 4 },
			default: 3,
			displayOptions: forModels(modelsWith((m) => m.features.includes('ratioRange'))),
			description: 'Largest width / height the model may choose, in [1/16, 16)',
		},
		{
			displayName: 'Text Influence (Scale)',
			name: 'scale',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
			default: 0.5,
			displayOptions: forModels(modelsWith((m) => m.features.includes('scale'))),
			description: 'How strongly the prompt steers the image, 0 to 1',
		},
		{
			displayName: 'Text Influence (Scale)',
			name: 'scaleInteger',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100, numberPrecision: 0 },
			default: 50,
			displayOptions: forModels(modelsWith((m) => m.features.includes('scaleInteger'))),
			description:
				'How strongly the prompt steers the image, a whole number from 1 to 100 (sent as scale)',
		},
		{
			displayName: 'Expand Prompt',
			name: 'usePreLlm',
			type: 'boolean',
			default: true,
			displayOptions: forModels(modelsWith((m) => m.features.includes('usePreLlm'))),
			description: 'Whether to let the model rewrite short prompts into richer ones (use_pre_llm)',
		},
		{
			displayName: 'Seed',
			name: 'seed',
			type: 'number',
			default: -1,
			displayOptions: forModels(modelsWith((m) => m.features.includes('seed'))),
			description: 'Same seed and parameters give the same image; -1 picks a random one',
		},
	];
}

/** What Generate, Edit and Submit Task send with the submit: the model and its parameters. */
export function submitProperties(operation: VisualOperation | 'submitTask'): INodeProperties[] {
	const models = modelsFor(operation);
	return [
		modelProperty(operation),
		{
			displayName: 'Custom Model Key',
			name: 'customModel',
			type: 'string',
			// Not `required`: an expression in the field that shows it would make n8n require it
			// on every branch; the item check refuses it empty before anything is sent.
			default: '',
			placeholder: 'e.g. jimeng_seedream46_cvtob',
			displayOptions: forModels([CUSTOM_MODEL]),
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
			description: `What to draw, in Chinese or English (at most ${Math.max(...models.map((m) => m.maxPromptChars ?? 0))} characters)`,
		},
		...imageProperties(operation),
		...models.flatMap(sizeProperties),
		...modelParameterProperties(),
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

/**
 * Settings for CVSync2AsyncGetResult (sent in its `req_json` string) and for the output items.
 * Watermark and AIGC metadata are plain fields: fixedCollections inside this collection made
 * each other vanish in the editor ("Currently no items exist").
 */
const resultOptions: INodeProperties[] = [
	{
		displayName: 'AIGC Content Producer',
		name: 'aigcContentProducer',
		type: 'string',
		default: '',
		description: 'Sent as aigc_meta.content_producer (needs AIGC Producer ID)',
	},
	{
		displayName: 'AIGC Content Propagator',
		name: 'aigcContentPropagator',
		type: 'string',
		default: '',
		description: 'Sent as aigc_meta.content_propagator (needs AIGC Producer ID)',
	},
	{
		displayName: 'AIGC Producer ID',
		name: 'aigcProducerId',
		type: 'string',
		default: '',
		description:
			'Embeds the implicit AIGC label (aigc_meta) with this unique ID of the content at the producer',
	},
	{
		displayName: 'AIGC Propagate ID',
		name: 'aigcPropagateId',
		type: 'string',
		default: '',
		description: 'Sent as aigc_meta.propagate_id (needs AIGC Producer ID)',
	},
	concurrencyOption,
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
		displayName: 'Response Format',
		name: 'responseFormat',
		type: 'options',
		options: [
			{ name: 'URL', value: 'url', description: 'Image URLs, valid for 24 hours' },
			{ name: 'Base64 JSON', value: 'b64_json', description: 'The image data in the answer' },
		],
		default: 'url',
		description: 'How Volcengine returns the images (return_url)',
	},
	{
		displayName: 'Return URLs Only',
		name: 'returnUrlsOnly',
		type: 'boolean',
		default: false,
		description:
			'Whether to output only the image URLs (valid 24 hours) instead of downloading the images',
	},
	{
		displayName: 'Watermark',
		name: 'watermark',
		type: 'boolean',
		default: true,
		description: 'Whether to add a visible "AI generated" mark (logo_info)',
	},
	{
		displayName: 'Watermark Language',
		name: 'watermarkLanguage',
		type: 'options',
		options: [
			{ name: 'Chinese (AI生成)', value: 0 },
			{ name: 'English (Generated by AI)', value: 1 },
		],
		default: 0,
	},
	{
		displayName: 'Watermark Opacity',
		name: 'watermarkOpacity',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
		default: 1,
	},
	{
		displayName: 'Watermark Position',
		name: 'watermarkPosition',
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
		displayName: 'Watermark Text',
		name: 'watermarkText',
		type: 'string',
		default: '',
		description: 'Your own watermark text; empty uses the standard label',
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
		// alphabetical, as n8n lists them in this order
		options: [additionalBodyFields, ...budgetOptions, ...resultOptions].sort((a, b) =>
			a.displayName.localeCompare(b.displayName),
		),
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
