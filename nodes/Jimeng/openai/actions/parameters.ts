import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { fail } from '../../errors/errors';
import type { ModelEntry } from '../../models/models';
import { findModel, findProvider } from '../../models/models';
import { parseAdditionalBodyFields } from '../../run/bodyFields';
import { checkRequestBody } from '../requestChecks';
import { checkImageUrl as checkUrl } from '../../auth/urls';
import { credentialBaseUrl } from '../transport/openaiCredential';
import {
	SIZE_FORMS_HINT,
	parseRatio,
	parseResolution,
	parseSize,
	ratioResolutionToPixels,
} from '../../images/imageSize';

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
	const sizeType = ctx.getNodeParameter('size', itemIndex, 'default') as string;
	if (sizeType !== 'default' && sizeType !== 'ratio') {
		// Custom, or a preset of the size dropdown (its value is the size itself).
		const raw =
			sizeType === 'size'
				? String(ctx.getNodeParameter('customSize', itemIndex, '') ?? '')
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
		if (!resolution)
			fail(ctx, itemIndex, `The resolution "${resolutionText}" is not 1k, 2k, 3k or 4k`);
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
	if (options.asyncEndpoint === true && options.stream === true) {
		fail(
			ctx,
			itemIndex,
			'Use Async Endpoint and Stream cannot be on together',
			'An async task answers once, when it is done; switch one of them off. Nothing was sent.',
		);
	}
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
	if (options.n !== undefined) body.n = numberOrRaw(options.n);
	if (options.responseFormat !== undefined) body.response_format = options.responseFormat;
	if (options.sequentialImageGeneration !== undefined) {
		body.sequential_image_generation = options.sequentialImageGeneration;
	}
	if (options.maxImages !== undefined) {
		if (options.sequentialImageGeneration === 'disabled') {
			fail(ctx, itemIndex, 'Max Images needs Group Images (Sequential) set to Auto');
		}
		// Max Images only counts with group images on: Ark ignores it otherwise.
		body.sequential_image_generation = 'auto';
		body.sequential_image_generation_options = { max_images: numberOrRaw(options.maxImages) };
	}
	if (options.watermark !== undefined) body.watermark = options.watermark;
	if (options.seed !== undefined) body.seed = numberOrRaw(options.seed);
	if (options.stream === true) body.stream = true;
	if (options.quality !== undefined) body.quality = options.quality;
	if (options.background !== undefined) body.background = options.background;
	if (options.outputFormat !== undefined) body.output_format = options.outputFormat;
	if (options.outputCompression !== undefined) {
		body.output_compression = numberOrRaw(options.outputCompression);
	}
	if (options.promptMode !== undefined) {
		body.optimize_prompt_options = { mode: options.promptMode };
	}
	// Sent only when on: a model without layers then gets no field it does not know.
	if (options.layerDecomposition === true) body.layer_decomposition = true;
	if (options.moderation !== undefined) body.moderation = options.moderation;
	if (options.inputFidelity !== undefined) body.input_fidelity = options.inputFidelity;
	if (typeof options.user === 'string' && options.user !== '') body.user = options.user;
	return body;
}

/** A number field's value as a number; text that is no number stays text, so the check names it. */
function numberOrRaw(value: unknown): IDataObject[string] {
	if (typeof value === 'number') return value;
	const text = String(value ?? '').trim();
	return text !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
}

/**
 * Checks the request as it will be sent (Additional Body Fields merged) against the model table;
 * throws naming the field and the item. Nothing has been sent yet.
 */
export async function checkRequest(
	ctx: IExecuteFunctions,
	itemIndex: number,
	body: IDataObject,
	params: CommonParameters,
	inputImages: number,
	/** The editor's name of the field(s) the images came from. */
	imagesField: string,
): Promise<void> {
	const issue = checkRequestBody(body, {
		entry: params.entry,
		provider: findProvider(await credentialBaseUrl(ctx)),
		inputImages,
		imagesField,
		fromAdditional: new Set(Object.keys(params.additionalBodyFields)),
	});
	if (issue) fail(ctx, itemIndex, issue.message, issue.hint);
}

/** Largest input image the model takes (Ark Seedream: 30 MB); `fallback` for unknown models. */
export function maxInputBytes(params: CommonParameters, fallback: number): number {
	return params.entry?.maxInputBytes ?? fallback;
}

/** An image given by address: http(s) URLs and data URIs are what the providers fetch. */
export function checkImageUrl(ctx: IExecuteFunctions, itemIndex: number, url: string): string {
	const checked = checkUrl(url, 'The image URL', true);
	if (!checked.ok) fail(ctx, itemIndex, checked.problem, checked.hint);
	return checked.value;
}
