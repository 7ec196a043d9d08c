'use strict';
// OpenAI-compatible image routes (relays under /v1, Ark under /api/v3): generations (JSON, optional
// Ark SSE), edits (multipart or JSON), models.

const env = require('./envelopes');
const { readImageSize } = require('./images');
const { parseMultipart } = require('./multipart');
const dialects = require('./dialects');

/** 2k presets per ratio (Jimeng/Ark tables); 1k = half, 4k = double. */
const RATIO_2K = {
	'1:1': [2048, 2048],
	'4:3': [2304, 1728],
	'3:4': [1728, 2304],
	'16:9': [2560, 1440],
	'9:16': [1440, 2560],
	'3:2': [2496, 1664],
	'2:3': [1664, 2496],
	'21:9': [3024, 1296],
};

const DEFAULT_MODELS = [
	{ id: 'jimeng-4.5', owned_by: 'jimeng', supported_endpoint_types: ['image-generation'] },
	{ id: 'jimeng-4.0', owned_by: 'jimeng', supported_endpoint_types: ['image-generation'] },
	{ id: 'jimeng-3.0', owned_by: 'jimeng', supported_endpoint_types: ['image-generation'] },
	{ id: 'doubao-seedream-4-5-251128', owned_by: 'volcengine', supported_endpoint_types: ['image-generation'] },
	{ id: 'doubao-seedream-4-0-250828', owned_by: 'volcengine', supported_endpoint_types: ['image-generation'] },
	{ id: 'gpt-image-2', owned_by: 'openai', supported_endpoint_types: ['image-generation'] },
	{ id: 'gpt-4o-mini', owned_by: 'openai', supported_endpoint_types: ['openai'] },
	{ id: 'doubao-seed-1-6-250615', owned_by: 'volcengine', supported_endpoint_types: ['openai'] },
	{ id: 'text-embedding-3-small', owned_by: 'openai', supported_endpoint_types: ['embeddings'] },
];

const isSeedream4 = (model) => /^doubao-seedream-[45]/.test(model);
const isSeedream2026 = (model) => /seedream-5[-.]0-(pro|flash)|seedream-5[-.]5/.test(model);

/** Base image side for a layer decomposition: the size keyword, or (auto) the input's size kept in [1K, 2K]. */
function layerBaseSize(body, input) {
	const keyword = /^(1\.5|[12])K$/i.exec(String(body.size ?? 'auto'));
	const iw = input && input.width ? input.width : 1024;
	const ih = input && input.height ? input.height : 1024;
	const pixels = iw * ih;
	const target = keyword ? (1024 * Number(keyword[1])) ** 2 : Math.min(Math.max(pixels, 921600), 4624220);
	const scale = Math.sqrt(target / pixels);
	return { width: Math.max(16, Math.round(iw * scale)), height: Math.max(16, Math.round(ih * scale)) };
}

/**
 * A layer decomposition answer (Seedream 5.0 Pro tutorial, "About the returned response"): the base
 * image (z_index 0, the requested output_format) then `config.layerCount` layers (default 3), PNG,
 * each with z_index, bounding_box { absolute, normalized }, name and description.
 */
function layerPlan(body, config, inputs) {
	const rules = dialects.seedreamRules(String(body.model ?? ''));
	const max = rules && rules.layers ? rules.layers.max : 16;
	const layerCount = Math.min(config.layerCount ?? 3, max);
	const base = layerBaseSize(body, inputs[0]);
	const format = body.output_format === 'jpeg' ? 'jpeg' : 'png';
	const responseFormat = body.response_format === 'b64_json' ? 'b64_json' : 'url';
	const layers = [];
	for (let i = 1; i <= layerCount; i++) {
		const left = Math.round((base.width * (i - 1)) / (layerCount * 2));
		const top = Math.round((base.height * (i - 1)) / (layerCount * 2));
		const right = Math.min(base.width, left + Math.round(base.width / 2));
		const bottom = Math.min(base.height, top + Math.round(base.height / 2));
		const thousandths = (value, side) => Math.round((value * 1000) / side);
		layers.push({
			z_index: i,
			width: right - left,
			height: bottom - top,
			bounding_box: {
				absolute: [left, top, right, bottom],
				normalized: [thousandths(left, base.width), thousandths(top, base.height), thousandths(right, base.width), thousandths(bottom, base.height)],
			},
			name: `Layer ${i}`,
			description: `Element ${i} of the input image`,
		});
	}
	return { count: 1 + layers.length, format, responseFormat, width: base.width, height: base.height, layers };
}
const isGptImage = (model) => /^gpt-image/.test(model);

/**
 * Output size of a request, as the fake decides it (documented in index.js).
 * @returns {{ width: number, height: number } | { error: string }}
 */
function resolveSize(body, config) {
	if (config.width && config.height) return { width: config.width, height: config.height };
	const model = String(body.model ?? '');
	const size = body.size === undefined || body.size === null ? undefined : String(body.size).trim();
	if (size !== undefined && size !== '' && size !== 'auto' && size !== 'adaptive') {
		const wh = /^(\d+)\s*[x*X×]\s*(\d+)$/.exec(size);
		if (wh) {
			const width = Number(wh[1]);
			const height = Number(wh[2]);
			if (width < 1 || height < 1 || width > 8192 || height > 8192) return { error: `size ${size} is out of range` };
			return { width, height };
		}
		const k = /^(1\.5|[1-4])[kK]$/.exec(size);
		if (k) return { width: 1024 * Number(k[1]), height: 1024 * Number(k[1]) };
		return { error: `invalid size '${size}'` };
	}
	if (body.ratio !== undefined || body.resolution !== undefined) {
		const ratio = String(body.ratio ?? '1:1');
		const resolution = String(body.resolution ?? '2k').toLowerCase();
		const base = RATIO_2K[/** @type {keyof typeof RATIO_2K} */ (ratio)];
		const factor = { '1k': 0.5, '2k': 1, '4k': 2 }[resolution];
		if (!base) return { error: `ratio '${ratio}' is not supported` };
		if (factor === undefined) return { error: `resolution '${resolution}' is not supported` };
		return { width: Math.round(base[0] * factor), height: Math.round(base[1] * factor) };
	}
	if (/seedream-5[-.]0-(pro|flash)|seedream-5[-.]5/.test(model)) return { width: 2048, height: 2048 };
	if (isSeedream4(model)) return { width: 2048, height: 2048 };
	return { width: 1024, height: 1024 };
}

/** Decode and describe one reference image (URL or data URI). */
function describeImageRef(value) {
	if (typeof value !== 'string') return { error: 'image entries must be strings (URL or data URI)' };
	if (/^https?:\/\//.test(value)) return { source: 'url', url: value };
	const m = /^data:(image\/[a-z0-9.+-]+);base64,([A-Za-z0-9+/=\s]+)$/.exec(value);
	if (!m) return { error: 'image must be an http(s) URL or a data:image/<format>;base64 URI' };
	const bytes = Buffer.from(m[2], 'base64');
	const info = readImageSize(bytes);
	if (!info) return { error: 'image data URI does not decode to a PNG/JPEG/WebP/GIF image' };
	return { source: 'data', mimeType: m[1], bytes: bytes.length, type: info.type, width: info.width, height: info.height };
}

function asCount(value, fallback) {
	if (value === undefined || value === null || value === '') return fallback;
	const n = Number(value);
	return Number.isInteger(n) && n > 0 ? n : NaN;
}

/**
 * Build the image list for a generation/edit.
 * @returns {{ count: number, format: 'png'|'jpeg', responseFormat: string, width: number, height: number } | { error: string, param: string }}
 */
function plan(body, flavour, config, dialect = 'generic', route = 'generations', inputs = []) {
	const model = String(body.model ?? '');
	const layers = dialects.asksForLayers(body) ? layerPlan(body, config, inputs) : undefined;
	if (layers) return layers;
	const size = resolveSize(body, config);
	if ('error' in size) return { error: size.error, param: 'size' };
	let count = config.imageCount ?? dialects.fixedImageCount(dialect, model, route);
	if (count === undefined) {
		const seq = body.sequential_image_generation === 'auto';
		const max = body.sequential_image_generation_options && body.sequential_image_generation_options.max_images;
		count = seq && max !== undefined ? asCount(max, 1) : asCount(body.n, 1);
	}
	if (!Number.isInteger(count) || count < 1 || count > 15) return { error: `n must be an integer between 1 and 15`, param: 'n' };
	const outputFormat = body.output_format === undefined ? undefined : String(body.output_format);
	if (outputFormat !== undefined && !['png', 'jpeg', 'jpg', 'webp'].includes(outputFormat)) {
		return { error: `output_format '${outputFormat}' is not supported`, param: 'output_format' };
	}
	// Seedream 5.5 answers PNG unless told jpeg (docs.laozhang.ai); the older Seedreams JPEG.
	const pngByDefault = /seedream-5[-.]5/.test(model);
	const format =
		config.format ?? (outputFormat === 'jpeg' || outputFormat === 'jpg' ? 'jpeg' : outputFormat === 'png' ? 'png' : !pngByDefault && (flavour === 'ark' || isSeedream4(model)) ? 'jpeg' : 'png');
	const rf = body.response_format === undefined || body.response_format === null ? undefined : String(body.response_format);
	if (rf !== undefined && rf !== 'url' && rf !== 'b64_json') return { error: `response_format '${rf}' is not supported`, param: 'response_format' };
	const responseFormat = rf ?? config.defaultResponseFormat ?? (isGptImage(model) ? 'b64_json' : 'url');
	return { count, format, responseFormat, width: size.width, height: size.height };
}

function usageFor(flavour, model, images, p) {
	const tokens = Math.round((images * p.width * p.height) / 256);
	if (flavour === 'ark') {
		return { generated_images: images, output_tokens: tokens, total_tokens: tokens };
	}
	if (isSeedream4(model)) {
		return {
			prompt_tokens: 0,
			completion_tokens: 0,
			total_tokens: tokens,
			prompt_tokens_details: { cached_tokens_details: {} },
			completion_tokens_details: {},
			output_tokens: tokens,
		};
	}
	if (isGptImage(model)) {
		return { input_tokens: 50, input_tokens_details: { image_tokens: 0, text_tokens: 50 }, output_tokens: tokens, total_tokens: tokens + 50 };
	}
	return undefined;
}

/** One `data[]` entry per image. */
function buildEntries(ctx, call, body, flavour, p, config) {
	const model = String(body.model ?? '');
	if (p.layers) return layerEntries(ctx, call, p, config);
	const failIndexes = config.failIndexes ?? [];
	const entries = [];
	for (let i = 0; i < p.count; i++) {
		if (failIndexes.includes(i)) {
			entries.push({ error: { code: 'OutputImageSensitiveContentDetected', message: 'The generated image may contain sensitive information.' } });
			continue;
		}
		const name = `${call.route === 'edits' ? 'edit' : 'gen'}-${call.seq}-${i}-${p.width}x${p.height}.${p.format === 'jpeg' ? 'jpeg' : 'png'}`;
		ctx.labelImage(name, body.prompt);
		/** @type {Record<string, unknown>} */
		const entry =
			p.responseFormat === 'b64_json' ? { b64_json: ctx.imageFor(name).toString('base64') } : { url: ctx.fileUrl(name) };
		if (config.revisedPrompt) entry.revised_prompt = typeof config.revisedPrompt === 'string' ? config.revisedPrompt : `${String(body.prompt ?? '')} (revised)`;
		if (flavour === 'ark' || isSeedream4(model)) entry.size = `${p.width}x${p.height}`;
		if (isSeedream2026(model)) entry.output_format = p.format;
		if (isSeedream2026(model) && body.background !== undefined) entry.background = body.background;
		entries.push(entry);
	}
	return entries;
}

/** The base image, then the layers; `config.shuffleLayers` answers them out of order. */
function layerEntries(ctx, call, p, config) {
	const image = (kind, i, width, height, format) => {
		const name = `${kind}-${call.seq}-${i}-${width}x${height}.${format}`;
		ctx.labelImage(name, `${kind === 'base' ? '' : `layer ${i}: `}${String(call.json?.prompt ?? '')}`);
		return p.responseFormat === 'b64_json' ? { b64_json: ctx.imageFor(name).toString('base64') } : { url: ctx.fileUrl(name) };
	};
	const entries = [{ ...image('base', 0, p.width, p.height, p.format), size: `${p.width}x${p.height}`, output_format: p.format, z_index: 0 }];
	for (const layer of p.layers) {
		entries.push({
			...image('layer', layer.z_index, layer.width, layer.height, 'png'),
			size: `${layer.width}x${layer.height}`,
			output_format: 'png',
			z_index: layer.z_index,
			bounding_box: layer.bounding_box,
			name: layer.name,
			description: layer.description,
		});
	}
	return config.shuffleLayers ? [...entries.slice(1).reverse(), entries[0]] : entries;
}

function responseBody(call, body, flavour, p, entries, config) {
	const model = String(body.model ?? '');
	const created = Math.floor(Date.now() / 1000);
	const good = entries.filter((e) => !('error' in e)).length;
	/** @type {Record<string, unknown>} */
	const out = flavour === 'ark' ? { model, created, data: entries } : { created, data: entries };
	const usage = config.usage === undefined ? usageFor(flavour, model, good, p) : config.usage;
	if (usage !== undefined && usage !== null) out.usage = usage;
	if (config.extraFields) Object.assign(out, config.extraFields);
	if (isGptImage(model)) {
		out.background = body.background ?? 'opaque';
		out.output_format = p.format;
		out.quality = body.quality ?? 'auto';
		out.size = `${p.width}x${p.height}`;
	}
	return out;
}

function badRequest(flavour, message, param) {
	if (flavour === 'ark') return env.arkError(400, param === 'image' ? 'InvalidParameter' : 'InvalidParameter', `The parameter \`${param}\` specified in the request is not valid: ${message}.`, param);
	return env.openaiError(400, message, 'invalid_request_error', 'invalid_value', param);
}

/**
 * Ark SSE stream (B.4): one frame per image, then completed, then [DONE].
 * @returns {import('./envelopes').Reply & { stream: (res: import('node:http').ServerResponse, sleep: (ms: number) => Promise<boolean>) => Promise<void> }}
 */
function sseReply(body, flavour, p, entries, usage, config) {
	const model = String(body.model ?? '');
	return {
		status: 200,
		headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' },
		stream: async (res, sleep) => {
			const frame = (event, data) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
			for (let i = 0; i < entries.length; i++) {
				if (config.streamDelayMs && !(await sleep(config.streamDelayMs))) return;
				if (config.streamFatalAfter !== undefined && i === config.streamFatalAfter) {
					frame('error', { error: { code: 'InternalServiceError', message: 'The service encountered an unexpected internal error.' } });
					res.end();
					return;
				}
				const created = Math.floor(Date.now() / 1000);
				const e = entries[i];
				if ('error' in e) {
					frame('image_generation.partial_failed', { type: 'image_generation.partial_failed', model, created, image_index: i, error: e.error });
				} else {
					frame('image_generation.partial_succeeded', { type: 'image_generation.partial_succeeded', model, created, image_index: i, ...e });
				}
			}
			frame('image_generation.completed', {
				type: 'image_generation.completed',
				model,
				created: Math.floor(Date.now() / 1000),
				usage: usage ?? { generated_images: entries.filter((e) => !('error' in e)).length, output_tokens: 0, total_tokens: 0 },
			});
			res.write('data: [DONE]\n\n');
			res.end();
		},
	};
}

/** POST .../images/generations */
function generations(ctx, call) {
	const flavour = call.flavour;
	const config = ctx.config.openai;
	const body = call.json;
	if (!body || typeof body !== 'object' || Array.isArray(body)) return badRequest(flavour, 'request body must be a JSON object', 'body');
	if (!body.model) return flavour === 'ark' ? env.arkError(400, 'MissingParameter', 'The request failed because it is missing one or multiple required parameters: model.', 'model') : env.openaiError(400, 'model is required', 'invalid_request_error', 'missing_required_parameter', 'model');
	if (typeof body.prompt !== 'string' || body.prompt.trim() === '') return flavour === 'ark' ? env.arkError(400, 'MissingParameter', 'The request failed because it is missing one or multiple required parameters: prompt.', 'prompt') : env.openaiError(400, 'prompt is required', 'invalid_request_error', 'missing_required_parameter', 'prompt');
	const dialect = dialects.dialectOf(call.path);
	call.dialect = dialect;
	// jimeng-api's /generations ignores `image`: the references are dropped and plain text-to-image is billed.
	if (body.image !== undefined && dialect === 'jimeng-api') call.ignoredImage = true;
	else if (body.image !== undefined) {
		const refs = Array.isArray(body.image) ? body.image : [body.image];
		if (refs.length > 14) return badRequest(flavour, 'at most 14 reference images are supported', 'image');
		call.inputImages = [];
		for (const ref of refs) {
			const d = describeImageRef(ref);
			if ('error' in d) return badRequest(flavour, d.error, 'image');
			call.inputImages.push(d);
		}
	}
	const refused = dialects.check(dialect, 'generations', body, call.inputImages ? call.inputImages.length : 0, call.inputImages ?? []);
	if (refused) return badRequest(flavour, refused.error, refused.param);
	const p = plan(body, flavour, config, dialect, 'generations', call.inputImages ?? []);
	if ('error' in p) return badRequest(flavour, p.error, p.param);
	const entries = buildEntries(ctx, call, body, flavour, p, config);
	const out = responseBody(call, body, flavour, p, entries, config);
	if (body.stream === true || body.stream === 'true') {
		const usage = flavour === 'ark' || isSeedream4(String(body.model)) ? usageFor('ark', String(body.model), entries.filter((e) => !('error' in e)).length, p) : out.usage;
		return sseReply(body, flavour, p, entries, usage, config);
	}
	return env.json(200, out);
}

const isImageFileField = (name) => name === 'image' || name === 'image[]' || /^image\[\d+\]$/.test(name);

/** POST .../images/edits (multipart or JSON) */
async function edits(ctx, call) {
	const flavour = call.flavour;
	if (flavour === 'ark') return env.arkError(404, 'InvalidEndpointOrModel.NotFound', 'The requested endpoint does not exist.', '');
	const config = ctx.config.openai;
	const contentType = String(call.headers['content-type'] ?? '');
	const dialect = dialects.dialectOf(call.path);
	call.dialect = dialect;
	const compositions = /\/images\/compositions\/?$/.test(call.path);
	// jimeng-api: compositions takes repeated `images` files; its /edits also reads `images`.
	const isFileField =
		dialect === 'jimeng-api' && compositions
			? (name) => name === 'images'
			: dialect === 'jimeng-api'
				? (name) => isImageFileField(name) || name === 'images' || name === 'images[]'
				: isImageFileField;
	/** @type {Record<string, unknown>} */
	let body;
	/** @type {Array<Record<string, unknown>>} */
	const inputImages = [];
	if (contentType.startsWith('multipart/form-data')) {
		let mp;
		try {
			mp = await parseMultipart(call.headers, call.rawBody);
		} catch (error) {
			return env.openaiError(400, `could not parse multipart body: ${String(error && error.message)}`, 'invalid_request_error', null, null);
		}
		call.multipart = mp;
		body = {};
		for (const [k, v] of Object.entries(mp.fields)) if (!isFileField(k) && k !== 'mask') body[k] = v;
		if (dialect === 'jimeng-api' && compositions && mp.files.some((x) => x.field !== 'images')) {
			return env.openaiError(400, "在form-data中缺少 'images' 字段", 'invalid_request_error', null, 'images');
		}
		for (const f of mp.files.filter((x) => isFileField(x.field))) {
			const info = readImageSize(f.data);
			if (!info) return env.openaiError(400, `Invalid image file '${f.filename}': not a PNG/JPEG/WebP image`, 'invalid_request_error', 'invalid_image', f.field);
			inputImages.push({ source: 'file', field: f.field, filename: f.filename, mimeType: f.mimeType, bytes: f.size, type: info.type, width: info.width, height: info.height });
		}
		for (const { name, value } of mp.fieldList.filter((x) => isFileField(x.name))) {
			const d = describeImageRef(value);
			if ('error' in d) return env.openaiError(400, d.error, 'invalid_request_error', 'invalid_image', name);
			inputImages.push({ field: name, ...d });
		}
		const masks = mp.files.filter((x) => x.field === 'mask');
		if (masks.length > 1) return env.openaiError(400, 'only one mask is allowed', 'invalid_request_error', null, 'mask');
		if (masks.length === 1) {
			const info = readImageSize(masks[0].data);
			if (!info || info.type !== 'png') return env.openaiError(400, 'mask must be a PNG image', 'invalid_request_error', 'invalid_image', 'mask');
			call.mask = { filename: masks[0].filename, mimeType: masks[0].mimeType, bytes: masks[0].size, width: info.width, height: info.height };
		}
	} else {
		const parsed = call.json;
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return env.openaiError(400, 'request body must be JSON or multipart/form-data', 'invalid_request_error', null, null);
		body = /** @type {Record<string, unknown>} */ (parsed);
		const list = Array.isArray(body.images) ? body.images : [];
		for (const item of list) {
			if (dialect === 'jimeng-api' && compositions) {
				// images: [url | {url}]
				const d = describeImageRef(typeof item === 'string' ? item : item && /** @type {any} */ (item).url);
				if ('error' in d) return env.openaiError(400, `images: ${d.error}`, 'invalid_request_error', 'invalid_image', 'images');
				inputImages.push(d);
				continue;
			}
			const url = item && typeof item === 'object' ? /** @type {any} */ (item).image_url : undefined;
			const d = describeImageRef(typeof url === 'object' && url ? url.url : url);
			if ('error' in d) return env.openaiError(400, `images[].image_url: ${d.error}`, 'invalid_request_error', 'invalid_image', 'images');
			inputImages.push(d);
		}
		if (body.image !== undefined) {
			for (const ref of Array.isArray(body.image) ? body.image : [body.image]) {
				const d = describeImageRef(ref);
				if ('error' in d) return env.openaiError(400, d.error, 'invalid_request_error', 'invalid_image', 'image');
				inputImages.push(d);
			}
		}
	}
	call.inputImages = inputImages;
	if (inputImages.length === 0) return env.openaiError(400, 'image is required', 'invalid_request_error', 'missing_required_parameter', 'image');
	if (inputImages.length > 16) return env.openaiError(400, 'at most 16 images are supported', 'invalid_request_error', null, 'image');
	if (call.mask === undefined && body.mask !== undefined && typeof body.mask !== 'object') {
		return env.openaiError(400, 'mask must be a file', 'invalid_request_error', null, 'mask');
	}
	const refused = dialects.check(dialect, compositions ? 'compositions' : 'edits', body, inputImages.length, inputImages);
	if (refused) return badRequest(flavour, refused.error, refused.param);
	const p = plan(body, flavour, config, dialect, 'edits', inputImages);
	if ('error' in p) return badRequest(flavour, p.error, p.param);
	const entries = buildEntries(ctx, call, body, flavour, p, config);
	return env.json(200, responseBody(call, body, flavour, p, entries, config));
}

/** GET .../models */
function models(ctx) {
	const list = ctx.config.openai.models ?? DEFAULT_MODELS;
	return env.json(200, {
		object: 'list',
		data: list.map((m) => ({ object: 'model', created: 1735689600, owned_by: 'fake', ...m })),
	});
}

module.exports = { generations, edits, models, resolveSize, DEFAULT_MODELS, RATIO_2K };
