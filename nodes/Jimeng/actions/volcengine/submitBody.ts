import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseAdditionalBodyFields } from '../../lib/bodyFields';
import { checkHttpUrl } from '../../lib/urls';
import { readInputImage } from '../../helpers/inputImages';
import { REQ_KEY } from './properties';

export const MAX_PROMPT_CHARS = 800;
export const MAX_V40_IMAGES = 10;
const V40_AREA = { min: 1024 * 1024, max: 4096 * 4096 };
const V40_RATIO = { min: 1 / 16, max: 16 };
const V3_SIDE = { min: 512, max: 2048 };
const V3_AREA_MAX = 2048 * 2048;
const I2I_SIDE = { min: 512, max: 2016 };
/** jimeng_i2i_v30 takes JPEG or PNG up to 4.7 MB (upstream-apis.md §A.5). */
export const I2I_MAX_BYTES = Math.floor(4.7 * 1024 * 1024);

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
		throw new NodeOperationError(this.ctx.getNode(), message, {
			itemIndex: this.itemIndex,
			description,
		});
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

function promptOf(v: Validator, required: boolean): string | undefined {
	const prompt = String(v.param<string>('prompt', '') ?? '');
	if (prompt.trim() === '') {
		if (required)
			v.fail('The prompt is empty', 'Describe the image you want, in Chinese or English.');
		return undefined;
	}
	const length = [...prompt].length;
	if (length > MAX_PROMPT_CHARS) {
		v.fail(
			`The prompt has ${length} characters; the limit is ${MAX_PROMPT_CHARS}`,
			'Shorten the prompt (Jimeng recommends fewer than 120 characters for the 3.x models).',
		);
	}
	return prompt;
}

function imageUrlsOf(v: Validator): string[] {
	const collection = v.param<{ image?: Array<{ url?: string }> }>('imageUrls', {}) ?? {};
	const entries = Array.isArray(collection.image) ? collection.image : [];
	const urls: string[] = [];
	entries.forEach((entry, i) => {
		const url = String(entry?.url ?? '').trim();
		if (url !== '') urls.push(v.httpUrl(url, `Reference image URL ${i + 1}`));
	});
	return urls;
}

function additionalFieldsOf(v: Validator): IDataObject {
	const options = v.param<IDataObject>('options', {}) ?? {};
	const parsed = parseAdditionalBodyFields(options.additionalBodyFields);
	if (!parsed.ok) v.fail(parsed.problem, parsed.hint);
	return parsed.fields as IDataObject;
}

function v40Body(v: Validator, operation: Operation, prompt: string | undefined): IDataObject {
	const urls = imageUrlsOf(v);
	if (urls.length > MAX_V40_IMAGES) {
		v.fail(`Jimeng 4.0 takes at most ${MAX_V40_IMAGES} reference images, not ${urls.length}`);
	}
	if (operation === 'edit' && urls.length === 0) {
		v.fail(
			'Edit with Jimeng 4.0 needs at least one reference image URL',
			'Add the image under Reference Image URLs (Jimeng 4.0 takes URLs only), or choose the model Jimeng 3.0 Image to Image to send binary data.',
		);
	}
	const scale = v.number('scale', 'Text Influence (Scale)', { min: 0, max: 1 });
	const forceSingle = Boolean(v.param<boolean>('forceSingle', false));
	const minRatio = v.number('minRatio', 'Min Aspect Ratio', V40_RATIO);
	const maxRatio = v.number('maxRatio', 'Max Aspect Ratio', V40_RATIO);
	if (minRatio >= 16 || maxRatio >= 16) v.fail('Aspect ratios must be below 16');
	if (minRatio > maxRatio)
		v.fail(`Min Aspect Ratio (${minRatio}) is larger than Max Aspect Ratio (${maxRatio})`);

	// Same field order as the official example (seed 003).
	const body: IDataObject = {
		req_key: REQ_KEY.v40,
		prompt,
		scale,
		force_single: forceSingle,
		min_ratio: minRatio,
		max_ratio: maxRatio,
	};
	if (urls.length > 0) body.image_urls = urls;

	const sizeMode = v.param<string>('sizeMode', 'area');
	if (sizeMode === 'widthHeight') {
		const width = v.number('v40Width', 'Width', {
			min: 1,
			max: 16384,
			integer: true,
		});
		const height = v.number('v40Height', 'Height', {
			min: 1,
			max: 16384,
			integer: true,
		});
		const area = width * height;
		if (area < V40_AREA.min || area > V40_AREA.max) {
			v.fail(
				`Width × height is ${area} pixels; Jimeng 4.0 needs between ${V40_AREA.min} (1024²) and ${V40_AREA.max} (4096²)`,
			);
		}
		const ratio = width / height;
		if (ratio < minRatio || ratio > maxRatio) {
			v.fail(
				`The aspect ratio ${width}:${height} is outside Min/Max Aspect Ratio (${minRatio.toFixed(4)} to ${maxRatio.toFixed(4)})`,
			);
		}
		body.width = width;
		body.height = height;
	} else {
		body.size = v.number('size', 'Area (Pixels)', {
			...V40_AREA,
			integer: true,
		});
	}
	return body;
}

function sidesOf(
	v: Validator,
	side: { min: number; max: number },
	maxArea: number | undefined,
	model: string,
): { width: number; height: number } {
	const width = v.number('width', 'Width', { ...side, integer: true });
	const height = v.number('height', 'Height', { ...side, integer: true });
	if (maxArea !== undefined && width * height > maxArea) {
		v.fail(
			`Width × height is ${width * height} pixels; ${model} allows at most ${maxArea} (2048²)`,
		);
	}
	const ratio = Math.max(width, height) / Math.min(width, height);
	if (ratio > 3)
		v.fail(`The aspect ratio ${width}:${height} is beyond 3:1, which ${model} does not allow`);
	return { width, height };
}

function seedOf(v: Validator): number {
	return v.number('seed', 'Seed', {
		min: -1,
		max: Number.MAX_SAFE_INTEGER,
		integer: true,
	});
}

async function i2iBody(
	v: Validator,
	ctx: IExecuteFunctions,
	itemIndex: number,
	prompt: string | undefined,
): Promise<IDataObject> {
	const scale = v.number('scale', 'Text Influence (Scale)', { min: 0, max: 1 });
	const seed = seedOf(v);
	const { width, height } = sidesOf(v, I2I_SIDE, undefined, 'Jimeng 3.0 Image to Image');
	const body: IDataObject = {
		req_key: REQ_KEY.i2i,
		prompt,
		seed,
		scale,
		width,
		height,
	};

	if (v.param<string>('imageSource', 'binary') === 'url') {
		body.image_urls = [v.httpUrl(String(v.param<string>('imageUrl', '')), 'Image URL')];
		return body;
	}
	const propertyName = String(v.param<string>('imageBinaryPropertyName', 'data'));
	const image = await readInputImage(ctx, itemIndex, propertyName, {
		maxBytes: I2I_MAX_BYTES,
	});
	if (image.mimeType !== 'image/jpeg' && image.mimeType !== 'image/png') {
		v.fail(
			`Jimeng 3.0 Image to Image takes JPEG or PNG, but "${propertyName}" is ${image.mimeType}`,
			'Convert the image first (for example with the Edit Image node).',
		);
	}
	if (image.width && image.height) {
		if (image.width > 4096 || image.height > 4096) {
			v.fail(`The input image is ${image.width}×${image.height}; the limit is 4096×4096`);
		}
		const ratio = Math.max(image.width, image.height) / Math.min(image.width, image.height);
		if (ratio > 3) {
			v.fail(
				`The input image is ${image.width}×${image.height}; its long side may be at most 3 × the short side`,
			);
		}
	}
	// Raw base64: a "data:" prefix makes the API fail with 50207.
	body.binary_data_base64 = [image.buffer.toString('base64')];
	return body;
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
	const model = v.param<string>('reqKey');
	let reqKey = model;
	let body: IDataObject;

	if (model === REQ_KEY.v40) {
		body = v40Body(v, operation, promptOf(v, true));
	} else if (model === REQ_KEY.v31 || model === REQ_KEY.v30) {
		const prompt = promptOf(v, true);
		const usePreLlm = Boolean(v.param<boolean>('usePreLlm', true));
		const seed = seedOf(v);
		const { width, height } = sidesOf(
			v,
			V3_SIDE,
			V3_AREA_MAX,
			`Jimeng ${model === REQ_KEY.v31 ? '3.1' : '3.0'}`,
		);
		body = {
			req_key: model,
			prompt,
			use_pre_llm: usePreLlm,
			seed,
			width,
			height,
		};
	} else if (model === REQ_KEY.i2i) {
		body = await i2iBody(v, ctx, itemIndex, promptOf(v, true));
	} else if (model === REQ_KEY.custom) {
		reqKey = String(v.param<string>('customReqKey', '')).trim();
		if (reqKey === '') v.fail('The custom model key is empty', 'Enter the req_key of the model.');
		const prompt = promptOf(v, false);
		body = { req_key: reqKey };
		if (prompt !== undefined) body.prompt = prompt;
		const urls = imageUrlsOf(v);
		if (urls.length > 0) body.image_urls = urls;
	} else {
		v.fail(`Unknown model "${model}"`);
	}

	const extra = additionalFieldsOf(v);
	if ('req_key' in extra && extra.req_key !== reqKey) {
		v.fail('Additional Body Fields may not change req_key', 'Choose the model in the Model field.');
	}
	Object.assign(body, extra);
	if (operation === 'edit' && !body.image_urls && !body.binary_data_base64) {
		v.fail(
			'Edit needs an input image',
			'Add a reference image, or use Generate for text to image.',
		);
	}
	return { reqKey, body };
}
