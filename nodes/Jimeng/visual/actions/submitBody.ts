import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { fail } from '../../errors/errors';
import { parseAdditionalBodyFields } from '../../run/bodyFields';
import { checkHttpUrl } from '../../auth/urls';
import { readInputImage } from '../../images/inputImages';
import { CUSTOM_MODEL, visualModel, visualSize, type VisualEntry } from '../../models/models';
import { checkEditImage, inputLimitsOf } from '../../images/editImages';
import { checkVisualBody, type VisualBodyLimits } from '../visualBodyChecks';
import { presetSize } from '../../models/visualSizes';

const MAX_PROMPT_CHARS = 800;
const RATIO_RANGE = { min: 1 / 16, max: 16 };

export interface SubmitRequest {
	reqKey: string;
	body: IDataObject;
}

type Operation = 'generate' | 'edit' | 'submitTask';

class Validator {
	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly itemIndex: number,
	) {}

	fail(message: string, description?: string): never {
		return fail(this.ctx, this.itemIndex, message, description);
	}

	param<T>(name: string, fallback?: T): T {
		return this.ctx.getNodeParameter(name, this.itemIndex, fallback) as T;
	}

	number(
		name: string,
		label: string,
		range?: { min: number; max: number; integer?: boolean },
	): number {
		const raw = this.param<unknown>(name);
		const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
		if (typeof value !== 'number' || !Number.isFinite(value)) {
			this.fail(`${label} must be a number, not "${String(raw)}"`);
		}
		if (range?.integer && !Number.isInteger(value))
			this.fail(`${label} must be a whole number, not ${value}`);
		if (range && (value < range.min || value > range.max)) {
			this.fail(`${label} must be between ${range.min} and ${range.max}, not ${value}`);
		}
		return value;
	}

	httpUrl(value: string, label: string): string {
		const checked = checkHttpUrl(value, label);
		if (!checked.ok) {
			this.fail(
				checked.problem,
				'Volcengine downloads the image itself, so it needs a public http or https URL.',
			);
		}
		return checked.value;
	}
}

function promptOf(
	v: Validator,
	required: boolean,
	maxChars = MAX_PROMPT_CHARS,
): string | undefined {
	const prompt = String(v.param<string>('prompt', '') ?? '');
	if (prompt.trim() === '') {
		if (required)
			v.fail('The prompt is empty', 'Describe the image you want, in Chinese or English.');
		return undefined;
	}
	const length = [...prompt].length;
	if (length > maxChars) {
		v.fail(
			`The prompt has ${length} characters; the limit is ${maxChars}`,
			'Shorten the prompt (Jimeng recommends fewer than 120 characters for the 3.x models).',
		);
	}
	return prompt;
}

/** URLs from a list of image URL fields (referenceImages / inputImageUrls). */
function urlListOf(v: Validator, name: string, label: string): string[] {
	const collection = v.param<{ images?: Array<{ url?: string }> }>(name, {}) ?? {};
	const entries = Array.isArray(collection.images) ? collection.images : [];
	const urls: string[] = [];
	entries.forEach((entry, i) => {
		const url = String(entry?.url ?? '').trim();
		if (url !== '') urls.push(v.httpUrl(url, `${label} ${i + 1}`));
	});
	return urls;
}

function additionalFieldsOf(v: Validator): IDataObject {
	const options = v.param<IDataObject>('options', {}) ?? {};
	const parsed = parseAdditionalBodyFields(options.additionalBodyFields);
	if (!parsed.ok) v.fail(parsed.problem, parsed.hint);
	return parsed.fields as IDataObject;
}

/** The size fields of the model: `size` (an area) or `width` + `height`. */
function sizeOf(
	v: Validator,
	model: VisualEntry,
	ratioRange?: { min: number; max: number },
): IDataObject {
	const limits = visualSize(model);
	if (!limits) return {};
	const choice = String(v.param<string>('size', '2K'));
	let width: number;
	let height: number;
	if (choice === 'area') {
		if (!limits.areaField)
			v.fail(`${model.label} takes no area size; choose a resolution or Width and Height`);
		return { size: v.number('area', 'Area in Pixels', { ...limits.area, integer: true }) };
	} else if (choice === 'custom') {
		width = v.number('width', 'Width', { ...limits.side, integer: true });
		height = v.number('height', 'Height', { ...limits.side, integer: true });
	} else if (limits.resolutions.includes(choice)) {
		const ratio = String(v.param<string>('aspectRatio', limits.areaField ? 'auto' : '1:1'));
		if (ratio === 'auto' && limits.areaField) {
			const square = presetSize(choice, '1:1')!;
			return { size: square.width * square.height };
		}
		const preset = presetSize(choice, ratio);
		if (!preset) v.fail(`Aspect Ratio "${ratio}" is not one of the listed ratios`);
		({ width, height } = preset);
	} else {
		v.fail(
			`Size "${choice}" is not offered for ${model.label}`,
			`Choose one of ${limits.resolutions.join(', ')} or Width and Height.`,
		);
	}
	const area = width * height;
	if (area < limits.area.min || area > limits.area.max) {
		v.fail(
			`Width × height is ${area} pixels; ${model.label} needs between ${limits.area.min} and ${limits.area.max}`,
		);
	}
	const longToShort = Math.max(width, height) / Math.min(width, height);
	if (longToShort > limits.maxRatio) {
		v.fail(
			`The aspect ratio ${width}:${height} is beyond ${limits.maxRatio}:1, which ${model.label} does not allow`,
		);
	}
	if (ratioRange && (width / height < ratioRange.min || width / height > ratioRange.max)) {
		v.fail(
			`The aspect ratio ${width}:${height} is outside Min/Max Aspect Ratio (${ratioRange.min.toFixed(4)} to ${ratioRange.max.toFixed(4)})`,
		);
	}
	return { width, height };
}

/** The images of the request: URLs, or one binary field read and checked. */
async function imagesOf(
	v: Validator,
	ctx: IExecuteFunctions,
	itemIndex: number,
	model: VisualEntry,
	operation: Operation,
): Promise<IDataObject> {
	const limit = { max: model.maxInputImages, binary: model.visual.binaryInput };
	if (limit.max === 0) return {};
	const label = model.label;
	let urls: string[] = [];
	let binary: string | undefined;
	// The editor's name of the field the images come from, for the count refusal.
	let field = 'Input Image Field';

	if (limit.binary && v.param<string>('inputImageSource', 'binary') === 'binary') {
		binary = await binaryImageOf(v, ctx, itemIndex, model);
	} else if (limit.binary || operation === 'edit') {
		urls = urlListOf(v, 'inputImageUrls', 'Input image URL');
		field = 'Input Image URLs';
	} else {
		urls = urlListOf(v, 'referenceImages', 'Reference image URL');
		field = 'Reference Images';
	}

	const count = urls.length + (binary ? 1 : 0);
	if (count > limit.max) {
		v.fail(
			`${field}: ${label} takes at most ${limit.max} image${limit.max === 1 ? '' : 's'}, not ${count}`,
		);
	}
	const needsInput = operation === 'edit' || !model.visual.operations.includes('generate');
	if (needsInput && count === 0) {
		v.fail(
			`${label} needs an input image`,
			limit.binary
				? 'Set the input image field or URL.'
				: `Add the image under Input Image URLs (${label} takes URLs only), or choose Jimeng 3.0 Image to Image to send binary data.`,
		);
	}
	if (binary) return { binary_data_base64: [binary] };
	return urls.length > 0 ? { image_urls: urls } : {};
}

async function binaryImageOf(
	v: Validator,
	ctx: IExecuteFunctions,
	itemIndex: number,
	model: VisualEntry,
): Promise<string> {
	const propertyName = String(v.param<string>('inputImages', 'data')).trim() || 'data';
	const image = await readInputImage(ctx, itemIndex, propertyName, {
		maxBytes: model.maxInputBytes,
	});
	const checked = checkEditImage(
		image.buffer,
		`The input image "${propertyName}"`,
		inputLimitsOf(model),
	);
	if ('problem' in checked)
		v.fail(checked.problem, 'Nothing was sent. Resize or convert it first.');
	// Raw base64: a "data:" prefix makes the API fail with 50207.
	return image.buffer.toString('base64');
}

/** `scale` is 0–1 (Jimeng 4.0, 3.0 i2i) or a whole number 1–100 (Seedream 4.6); both are sent as `scale`. */
function scaleRangeOf(model: VisualEntry): VisualBodyLimits['scale'] {
	if (model.features.includes('scaleInteger')) return { min: 1, max: 100, integer: true };
	if (model.features.includes('scale')) return { min: 0, max: 1, integer: false };
	return undefined;
}

/** What the model accepts, for the check of the body as sent. */
function bodyLimitsOf(model: VisualEntry): VisualBodyLimits {
	const size = visualSize(model);
	return {
		label: model.label,
		promptRequired: model.visual.promptRequired,
		maxPromptChars: model.maxPromptChars,
		maxInputImages: model.maxInputImages,
		minPixels: size?.area.min,
		maxPixels: size?.area.max,
		minSide: size?.side.min,
		maxSide: size?.side.max,
		maxAspect: size?.maxRatio,
		scale: scaleRangeOf(model),
	};
}

/** The model's own parameters, in the order of the official examples. */
function modelParametersOf(
	v: Validator,
	model: VisualEntry,
): {
	fields: IDataObject;
	ratioRange?: { min: number; max: number };
} {
	const fields: IDataObject = {};
	let ratioRange: { min: number; max: number } | undefined;
	if (model.features.includes('usePreLlm'))
		fields.use_pre_llm = Boolean(v.param<boolean>('usePreLlm', true));
	if (model.features.includes('seed')) {
		fields.seed = v.number('seed', 'Seed', {
			min: -1,
			max: Number.MAX_SAFE_INTEGER,
			integer: true,
		});
	}
	const scale = scaleRangeOf(model);
	if (scale) {
		const field = model.features.includes('scaleInteger') ? 'scaleInteger' : 'scale';
		fields.scale = v.number(field, 'Text Influence (Scale)', scale);
	}
	if (model.features.includes('forceSingle'))
		fields.force_single = Boolean(v.param<boolean>('forceSingle', true));
	if (model.features.includes('ratioRange')) {
		const min = v.number('minRatio', 'Min Aspect Ratio', RATIO_RANGE);
		const max = v.number('maxRatio', 'Max Aspect Ratio', RATIO_RANGE);
		if (min >= 16 || max >= 16) v.fail('Aspect ratios must be below 16');
		if (min > max) v.fail(`Min Aspect Ratio (${min}) is larger than Max Aspect Ratio (${max})`);
		fields.min_ratio = min;
		fields.max_ratio = max;
		ratioRange = { min, max };
	}
	return { fields, ratioRange };
}

/**
 * Reads and checks every parameter of the chosen model and builds the submit body.
 * Throws a NodeOperationError naming the item before anything is sent: a submit costs money.
 */
export async function buildSubmitRequest(
	ctx: IExecuteFunctions,
	itemIndex: number,
	operation: Operation,
): Promise<SubmitRequest> {
	const v: Validator = new Validator(ctx, itemIndex);
	const chosen = v.param<string>('model');
	let reqKey = chosen;
	let body: IDataObject;

	const model = visualModel(chosen);
	if (model) {
		const prompt = promptOf(v, model.visual.promptRequired, model.maxPromptChars);
		const { fields, ratioRange } = modelParametersOf(v, model);
		body = {
			req_key: model.id,
			prompt,
			...(await imagesOf(v, ctx, itemIndex, model, operation)),
			...fields,
			...sizeOf(v, model, ratioRange),
		};
	} else if (chosen === CUSTOM_MODEL) {
		reqKey = String(v.param<string>('customModel', '')).trim();
		if (reqKey === '') v.fail('Custom Model Key is empty', 'Enter the req_key of the model, e.g. jimeng_seedream46_cvtob. Nothing was sent.');
		const prompt = promptOf(v, false);
		body = { req_key: reqKey };
		if (prompt !== undefined) body.prompt = prompt;
		const urls = urlListOf(
			v,
			operation === 'edit' ? 'inputImageUrls' : 'referenceImages',
			operation === 'edit' ? 'Input image URL' : 'Reference image URL',
		);
		if (urls.length > 0) body.image_urls = urls;
	} else {
		v.fail(`Unknown model "${chosen}"`);
	}

	const extra = additionalFieldsOf(v);
	if ('req_key' in extra && extra.req_key !== reqKey) {
		v.fail('Additional Body Fields may not change req_key', 'Choose the model in the Model field.');
	}
	Object.assign(body, extra);
	// Additional Body Fields are merged last: what they set is checked as it will be sent.
	const issue = model && checkVisualBody(body, new Set(Object.keys(extra)), bodyLimitsOf(model));
	if (issue) v.fail(issue.message, issue.hint);
	if (operation === 'edit' && !body.image_urls && !body.binary_data_base64) {
		v.fail('Edit needs an input image', 'Add an input image, or use Generate for text to image.');
	}
	return { reqKey, body };
}
