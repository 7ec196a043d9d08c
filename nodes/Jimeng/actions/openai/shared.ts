import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { imageOutputItem } from '../../helpers/binary';
import { outputFieldOption } from '../descriptions';
import { errorMessage } from '../../helpers/errors';
import { downloadImageItem, redactQuery } from '../../transport/download';
import type { ImageDatum, ImagesResult } from '../../transport/openai';
import { upstreamError } from '../../transport/openai';
import {
	SIZE_FORMS_HINT,
	parseRatio,
	parseResolution,
	parseSize,
	ratioResolutionToPixels,
} from '../../lib/imageSize';

// ---------------------------------------------------------------------------------------------
// Properties shared by Generate and Edit

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
		displayName: 'Size Mode',
		name: 'sizeType',
		type: 'options',
		options: [
			{
				name: 'Provider Default',
				value: 'default',
				description: 'Send no size; the provider picks its default',
			},
			{
				name: 'Size',
				value: 'size',
				description: 'Send size: 2K, 1024x1024, 1024*1024, auto …',
			},
			{
				name: 'Aspect Ratio + Resolution',
				value: 'ratio',
				description: 'Pick a ratio (16:9) and a resolution (2K)',
			},
		],
		default: 'size',
	},
	{
		displayName: 'Size',
		name: 'imageSize',
		type: 'string',
		default: '2K',
		placeholder: 'e.g. 2K, 2048x2048, 1024*1024, auto',
		description:
			'Sent as "size" exactly in the form given (× and X become x). Ark Seedream: 2K / 4K or WxH (4.0 also 1K); OpenAI gpt-image: 1024x1024, 1536x1024, 1024x1536, auto; SeedEdit: adaptive; some relays want 1024*1024.',
		displayOptions: { show: { sizeType: ['size'] } },
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
		displayOptions: { show: { sizeType: ['ratio'] } },
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
		displayOptions: { show: { sizeType: ['ratio'] } },
	},
	{
		displayName: 'Send As',
		name: 'ratioSendAs',
		type: 'options',
		options: [
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
		default: 'fields',
		displayOptions: { show: { sizeType: ['ratio'] } },
	},
];

/** Options both operations share; Generate and Edit add their own and sort the list. */
export const commonOptions: INodeProperties[] = [
	outputFieldOption,
	{
		displayName: 'Additional Body Fields (JSON)',
		name: 'additionalBodyFields',
		type: 'json',
		default: '{}',
		description:
			'Relay-specific fields sent as they are and merged last, so they override the fields above, e.g. {"negative_prompt": "blurry", "sample_strength": 0.5, "intelligent_ratio": true, "optimize_prompt_options": {"mode": "fast"}}',
	},
	{
		displayName: 'Background (GPT Image)',
		name: 'background',
		type: 'options',
		options: [
			{ name: 'Auto', value: 'auto' },
			{ name: 'Opaque', value: 'opaque' },
			{ name: 'Transparent', value: 'transparent' },
		],
		default: 'auto',
		description: 'For gpt-image models: transparent needs PNG or WebP output',
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
		displayName: 'Moderation (GPT Image)',
		name: 'moderation',
		type: 'options',
		options: [
			{ name: 'Auto', value: 'auto' },
			{ name: 'Low', value: 'low' },
		],
		default: 'auto',
		description: 'For gpt-image models: how strict the content filter is',
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
		displayName: 'Output Format (GPT Image)',
		name: 'outputFormat',
		type: 'options',
		options: [
			{ name: 'JPEG', value: 'jpeg' },
			{ name: 'PNG', value: 'png' },
			{ name: 'WebP', value: 'webp' },
		],
		default: 'png',
		description: 'For gpt-image models (and Seedream 5.0): file format of the result',
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
		displayName: 'Return URLs Only',
		name: 'returnUrlsOnly',
		type: 'boolean',
		default: false,
		description:
			'Whether to output the image URLs without downloading them. Images that come back as base64 are still output as files.',
	},
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
		description: 'How long to wait for the answer. Jimeng relays may take many minutes.',
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

export function sortedOptions(options: INodeProperties[]): INodeProperties[] {
	return [...options].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

// ---------------------------------------------------------------------------------------------
// Reading and validating parameters (nothing is sent before these pass)

export interface CommonParameters {
	model: string;
	prompt: string;
	/** Size-related body fields (`size`, or `ratio` + `resolution`). */
	sizeFields: IDataObject;
	/** The size text for the output JSON, when one was sent. */
	sizeLabel?: string;
	options: IDataObject;
	binaryPropertyName: string;
	returnUrlsOnly: boolean;
	stream: boolean;
	timeoutMs: number;
	additionalBodyFields: IDataObject;
}

function fail(
	ctx: IExecuteFunctions,
	itemIndex: number,
	message: string,
	description?: string,
): never {
	throw new NodeOperationError(ctx.getNode(), message, {
		itemIndex,
		description,
	});
}

export function readCommonParameters(ctx: IExecuteFunctions, itemIndex: number): CommonParameters {
	const model = String(
		ctx.getNodeParameter('model', itemIndex, '', { extractValue: true }) ?? '',
	).trim();
	if (!model) fail(ctx, itemIndex, 'No model is set', 'Pick a model from the list or type its ID.');

	const prompt = String(ctx.getNodeParameter('prompt', itemIndex, '') ?? '');
	if (prompt.trim() === '') {
		fail(ctx, itemIndex, 'The prompt is empty', 'Describe the image to make in the Prompt field.');
	}

	const sizeFields: IDataObject = {};
	let sizeLabel: string | undefined;
	const sizeType = ctx.getNodeParameter('sizeType', itemIndex, 'size') as string;
	if (sizeType === 'size') {
		const raw = String(ctx.getNodeParameter('imageSize', itemIndex, '') ?? '');
		if (raw.trim() !== '') {
			const parsed = parseSize(raw);
			if (!parsed)
				fail(
					ctx,
					itemIndex,
					`The size "${raw}" is not a size format the node knows`,
					SIZE_FORMS_HINT,
				);
			sizeFields.size = parsed.value;
			sizeLabel = parsed.value;
		}
	} else if (sizeType === 'ratio') {
		const ratioText = String(ctx.getNodeParameter('aspectRatio', itemIndex, '1:1'));
		const resolutionText = String(ctx.getNodeParameter('resolution', itemIndex, '2k'));
		const ratio = parseRatio(ratioText);
		if (!ratio) fail(ctx, itemIndex, `The aspect ratio "${ratioText}" is not like 16:9`);
		const resolution = parseResolution(resolutionText);
		if (!resolution) fail(ctx, itemIndex, `The resolution "${resolutionText}" is not 1k, 2k or 4k`);
		if (ctx.getNodeParameter('ratioSendAs', itemIndex, 'fields') === 'size') {
			const { width, height } = ratioResolutionToPixels(ratio, resolution);
			sizeFields.size = `${width}x${height}`;
			sizeLabel = sizeFields.size as string;
		} else {
			sizeFields.ratio = `${ratio.width}:${ratio.height}`;
			sizeFields.resolution = resolution.toLowerCase();
		}
	}

	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const binaryPropertyName = String(options.binaryPropertyName ?? 'data').trim() || 'data';
	const timeoutSeconds = Number(options.timeout ?? 900);
	if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
		fail(ctx, itemIndex, 'The Timeout option must be a positive number of seconds');
	}

	return {
		model,
		prompt,
		sizeFields,
		sizeLabel,
		options,
		binaryPropertyName,
		returnUrlsOnly: options.returnUrlsOnly === true,
		stream: options.stream === true,
		timeoutMs: timeoutSeconds * 1000,
		additionalBodyFields: readAdditionalBodyFields(ctx, itemIndex, options.additionalBodyFields),
	};
}

function readAdditionalBodyFields(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
): IDataObject {
	if (value === undefined || value === null || value === '') return {};
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			fail(ctx, itemIndex, 'Additional Body Fields is not valid JSON', errorMessage(error));
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		fail(
			ctx,
			itemIndex,
			'Additional Body Fields must be a JSON object, like {"negative_prompt": "blurry"}',
		);
	}
	return { ...(parsed as IDataObject) };
}

/** The optional body fields, only those the user set, in the providers' own names. */
export function optionalBodyFields(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): IDataObject {
	const body: IDataObject = {};
	if (options.n !== undefined) {
		const n = Number(options.n);
		if (!Number.isInteger(n) || n < 1)
			fail(ctx, itemIndex, 'Number of Images must be a whole number of at least 1');
		body.n = n;
	}
	if (options.responseFormat !== undefined) body.response_format = options.responseFormat;
	if (options.sequentialImageGeneration !== undefined) {
		body.sequential_image_generation = options.sequentialImageGeneration;
	}
	if (options.maxImages !== undefined) {
		if (options.sequentialImageGeneration === 'disabled') {
			fail(ctx, itemIndex, 'Max Images needs Group Images (Sequential) set to Auto');
		}
		body.sequential_image_generation_options = {
			max_images: Number(options.maxImages),
		};
	}
	if (options.watermark !== undefined) body.watermark = options.watermark;
	if (options.seed !== undefined) body.seed = Number(options.seed);
	if (options.stream === true) body.stream = true;
	if (options.quality !== undefined) body.quality = options.quality;
	if (options.background !== undefined) body.background = options.background;
	if (options.outputFormat !== undefined) body.output_format = options.outputFormat;
	if (options.outputCompression !== undefined) {
		const compression = Number(options.outputCompression);
		if (!(compression >= 0 && compression <= 100))
			fail(ctx, itemIndex, 'Output Compression must be 0–100');
		body.output_compression = compression;
	}
	if (options.moderation !== undefined) body.moderation = options.moderation;
	if (typeof options.user === 'string' && options.user !== '') body.user = options.user;
	return body;
}

// ---------------------------------------------------------------------------------------------
// Model knowledge used for validation

/** How many input images a known model takes; undefined when the node does not know the model. */
export function maxInputImages(model: string): number | undefined {
	const id = model.toLowerCase();
	if (/seededit|dall-e-2/.test(id)) return 1;
	if (/seedream-3-0-t2i|seedream-3\.0-t2i/.test(id)) return 0;
	if (/seedream-[45]|seedream[45]/.test(id)) return 14;
	if (/^jimeng-[45]/.test(id)) return 10;
	if (/^gpt-image/.test(id)) return 16;
	return undefined;
}

/** Seedream group images: inputs + outputs may not pass 15. */
export const SEEDREAM_MAX_TOTAL_IMAGES = 15;

export function checkInputImageCount(
	ctx: IExecuteFunctions,
	itemIndex: number,
	model: string,
	count: number,
	options: IDataObject,
): void {
	const limit = maxInputImages(model);
	if (limit !== undefined && count > limit) {
		fail(
			ctx,
			itemIndex,
			limit === 0
				? `The model "${model}" takes no input images, but ${count} were given`
				: `The model "${model}" takes at most ${limit} input image${limit === 1 ? '' : 's'}, but ${count} were given`,
			'Remove images, or pick a model that takes more (Seedream 4.x: 14, gpt-image: 16).',
		);
	}
	if (/seedream/i.test(model) && options.sequentialImageGeneration === 'auto') {
		const maxImages = Number(options.maxImages ?? SEEDREAM_MAX_TOTAL_IMAGES);
		if (count + maxImages > SEEDREAM_MAX_TOTAL_IMAGES && options.maxImages !== undefined) {
			fail(
				ctx,
				itemIndex,
				`${count} input images + Max Images ${maxImages} is more than Seedream's ${SEEDREAM_MAX_TOTAL_IMAGES}`,
				'Lower Max Images or use fewer input images.',
			);
		}
	}
}

/** An image given by address: http(s) URLs and data URIs are what the providers fetch. */
export function checkImageUrl(ctx: IExecuteFunctions, itemIndex: number, url: string): string {
	const value = url.trim();
	if (!/^https?:\/\/\S+$/i.test(value) && !/^data:image\/[a-z0-9.+-]+;base64,/i.test(value)) {
		fail(
			ctx,
			itemIndex,
			`The image URL "${value.slice(0, 80)}" is not an http(s) URL or a data:image URI`,
			'Use a public http(s) URL, or pass the image as a binary field instead.',
		);
	}
	return value;
}

// ---------------------------------------------------------------------------------------------
// Output: one item per image

export interface OutputContext {
	itemIndex: number;
	model: string;
	sizeLabel?: string;
	binaryPropertyName: string;
	returnUrlsOnly: boolean;
}

function imageJson(
	result: ImagesResult,
	datum: ImageDatum,
	index: number,
	out: OutputContext,
): IDataObject {
	const json: IDataObject = { index, model: result.model ?? out.model };
	if (datum.url && !datum.url.startsWith('data:')) json.url = datum.url;
	if (datum.revised_prompt) json.revisedPrompt = datum.revised_prompt;
	const size = datum.size ?? out.sizeLabel;
	if (size) json.size = size;
	if (result.usage) json.usage = result.usage;
	if (result.created !== undefined) json.created = result.created;
	return json;
}

function decodeDataUri(uri: string): Buffer | undefined {
	const match = /^data:[^;,]*;base64,(.*)$/s.exec(uri);
	return match ? Buffer.from(match[1], 'base64') : undefined;
}

/**
 * Turns the API result into items: images as binary (downloaded or decoded), and an `{index, error}`
 * item in the place of each image that failed, so the good ones are never dropped. Only when no image
 * at all came out does the node fail.
 */
export async function outputImages(
	ctx: IExecuteFunctions,
	result: ImagesResult,
	out: OutputContext,
): Promise<INodeExecutionData[]> {
	const items: INodeExecutionData[] = [];
	const failures: Array<{ index: number; error: unknown }> = [];
	const created = result.created ?? Math.floor(Date.now() / 1000);

	for (const [position, datum] of result.data.entries()) {
		const index = datum.index ?? position;
		const json = imageJson(result, datum, index, out);
		const fileBaseName = `jimeng-${created}-${out.itemIndex}-${index}`;
		try {
			if (datum.error) {
				throw upstreamError(ctx, { ...datum.error }, { error: datum.error }, out.itemIndex, '');
			}
			const inline = datum.b64_json
				? Buffer.from(datum.b64_json, 'base64')
				: datum.url?.startsWith('data:')
					? decodeDataUri(datum.url)
					: undefined;
			if (inline) {
				items.push(
					await imageOutputItem(ctx, {
						itemIndex: out.itemIndex,
						data: inline,
						binaryPropertyName: out.binaryPropertyName,
						fileBaseName,
						json,
					}),
				);
			} else if (datum.url && out.returnUrlsOnly) {
				items.push({ json, pairedItem: { item: out.itemIndex } });
			} else if (datum.url) {
				items.push(
					await downloadImageItem(ctx, datum.url, {
						itemIndex: out.itemIndex,
						binaryPropertyName: out.binaryPropertyName,
						fileBaseName,
						json,
					}),
				);
			} else {
				throw new NodeApiError(
					ctx.getNode(),
					{ entry: JSON.stringify(datum).slice(0, 200) },
					{
						message: 'An entry of data[] has neither url nor b64_json',
						itemIndex: out.itemIndex,
					},
				);
			}
		} catch (error) {
			failures.push({ index, error });
			const failed: IDataObject = {
				index,
				model: json.model,
				error: errorMessage(error),
			};
			if (datum.error?.code) failed.code = datum.error.code;
			if (json.url) failed.url = json.url;
			items.push({ json: failed, pairedItem: { item: out.itemIndex } });
		}
	}

	if (result.fatal) {
		const index = result.data.reduce(
			(max, datum, position) => Math.max(max, (datum.index ?? position) + 1),
			0,
		);
		const failed: IDataObject = {
			index,
			model: result.model ?? out.model,
			error: result.fatal.message,
		};
		if (result.fatal.code) failed.code = result.fatal.code;
		items.push({ json: failed, pairedItem: { item: out.itemIndex } });
	}

	const produced = items.length - failures.length - (result.fatal ? 1 : 0);
	if (produced === 0 && failures.length > 0) {
		const first = failures[0].error;
		if (first instanceof NodeApiError || first instanceof NodeOperationError) {
			if (failures.length > 1) {
				first.description =
					`${first.description ?? ''} (All ${failures.length} images failed.)`.trim();
			}
			throw first;
		}
		throw new NodeApiError(
			ctx.getNode(),
			{ message: errorMessage(first) },
			{ itemIndex: out.itemIndex },
		);
	}
	if (failures.length > 0) {
		ctx.logger.warn(
			`Jimeng: ${failures.length} of ${result.data.length} images failed for item ${out.itemIndex}: ${failures
				.map(({ index, error }) => `#${index} ${redactQuery(errorMessage(error))}`)
				.join('; ')}`,
		);
	}
	return items;
}
