import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ModelEntry } from '../../lib/models';
import { findModel } from '../../lib/models';
import { parseAdditionalBodyFields } from '../../lib/bodyFields';
import { checkImageUrl as checkUrl } from '../../lib/urls';
import {
	SIZE_FORMS_HINT,
	parseRatio,
	parseResolution,
	parseSize,
	ratioResolutionToPixels,
} from '../../lib/imageSize';

// Reading and validating parameters: nothing is sent before these pass.

export interface CommonParameters {
	model: string;
	/** What the capability table knows of the model; undefined for ids it does not know. */
	entry: ModelEntry | undefined;
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

export function fail(
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

	const entry = findModel(model);

	const prompt = String(ctx.getNodeParameter('prompt', itemIndex, '') ?? '');
	if (prompt.trim() === '') {
		fail(ctx, itemIndex, 'The prompt is empty', 'Describe the image to make in the Prompt field.');
	}

	const sizeFields: IDataObject = {};
	let sizeLabel: string | undefined;
	const sizeType = ctx.getNodeParameter('sizeType', itemIndex, 'default') as string;
	if (sizeType !== 'default' && sizeType !== 'ratio') {
		// Custom, or a preset of the size dropdown (its value is the size itself).
		const raw =
			sizeType === 'size'
				? String(ctx.getNodeParameter('imageSize', itemIndex, '') ?? '')
				: String(sizeType ?? '');
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
		const sendAs = ctx.getNodeParameter('ratioSendAs', itemIndex, 'auto') as string;
		// By model: fields where the model takes them (Jimeng relays) or is unknown, pixels otherwise.
		const asPixels =
			sendAs === 'size' ||
			(sendAs === 'auto' && entry !== undefined && !entry.sizes.forms.includes('ratioFields'));
		if (asPixels) {
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
		entry,
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
	const parsed = parseAdditionalBodyFields(value);
	if (!parsed.ok) fail(ctx, itemIndex, parsed.problem, parsed.hint);
	return parsed.fields as IDataObject;
}

/** Fields the model needs when the user sets nothing (e.g. `n` for Jimeng relays that require it). */
export function defaultBodyFields(entry: ModelEntry | undefined): IDataObject {
	return { ...((entry?.defaults ?? {}) as IDataObject) };
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
	if (options.inputFidelity !== undefined) body.input_fidelity = options.inputFidelity;
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
	const checked = checkUrl(url, 'The image URL', true);
	if (!checked.ok) fail(ctx, itemIndex, checked.problem, checked.hint);
	return checked.value;
}
