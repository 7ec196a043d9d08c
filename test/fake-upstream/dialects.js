'use strict';
// What each seed provider refuses, written from the seeds and the providers' docs (not from the
// node's model table, so a wrong table makes tests fail). The base URL's first path segment picks
// the dialect: /hingnet/v1, /deepwl/v1, /jimeng-api/v1, /gpt/v1 (seed 002), /seedream/v1 (seed 004),
// /api/v3 (Ark). Plain /v1 is a lenient OpenAI-style relay. gpt-image-2 rules apply everywhere
// (relays pass them on to OpenAI); Seedream size floors on Ark and seed 004's generations.

const DIALECTS = ['hingnet', 'deepwl', 'jimeng-api', 'gpt', 'seedream'];

/** @returns {'hingnet'|'deepwl'|'jimeng-api'|'gpt'|'seedream'|'ark'|'generic'} */
function dialectOf(path) {
	if (path.startsWith('/api/v3') || path.startsWith('/api/plan/v3')) return 'ark';
	const first = /^\/([^/]+)\/v1\//.exec(path);
	if (first && DIALECTS.includes(first[1])) return /** @type {any} */ (first[1]);
	return 'generic';
}

/** Seed 000: jimeng sizes on hingnet. */
const HINGNET_JIMENG_SIZES = ['1024x1024', '1024x1792', '1792x1024'];
/** Seed 001 / jimeng-api ratio + resolution values. */
const JIMENG_RATIOS = ['1:1', '4:3', '3:4', '16:9', '9:16', '3:2', '2:3', '21:9'];
const JIMENG_RESOLUTIONS = ['1k', '2k', '4k'];

/**
 * Ark Seedream rules per model (Ark image generation docs; dify-plugins-seedream_aigc
 * _capabilities.py): size keywords, pixel floor/ceiling, references, group and stream.
 */
const SEEDREAM = [
	{ match: /seedream-5[-.]0-pro/, keywords: [], min: 921600, max: 4620000, refs: 10, group: false, stream: false },
	{ match: /seedream-5[-.]0/, keywords: ['2K', '3K', '4K'], min: 3686400, max: 16777216, refs: 14, group: true, stream: true },
	{ match: /seedream-4[-.]5/, keywords: ['2K', '4K'], min: 3686400, max: 16777216, refs: 14, group: true, stream: true },
	{ match: /seedream-4[-.]0/, keywords: ['1K', '2K', '4K'], min: 921600, max: 16777216, refs: 14, group: true, stream: true },
];

function seedreamRules(model) {
	return SEEDREAM.find((rule) => rule.match.test(model));
}

const isJimeng = (model) => /^jimeng-/.test(model);
const isGptImage2 = (model) => /^gpt-image-2/.test(model);

/**
 * Checks a request body against the dialect and the model; returns { error, param } or undefined.
 * @param {'generations'|'edits'|'compositions'} route
 */
function check(dialect, route, body, inputCount) {
	const model = String(body.model ?? '');
	const has = (key) => body[key] !== undefined && body[key] !== null && body[key] !== '';
	const size = has('size') ? String(body.size) : undefined;

	// Relay dialects
	if (dialect === 'hingnet' && isJimeng(model)) {
		if (size !== undefined && !HINGNET_JIMENG_SIZES.includes(size)) {
			return { error: `size must be one of ${HINGNET_JIMENG_SIZES.join(', ')}`, param: 'size' };
		}
	}
	if (dialect === 'deepwl' && route === 'generations') {
		if (!has('n')) return { error: 'n is required', param: 'n' };
		if (!Number.isInteger(Number(body.n)) || Number(body.n) < 1) return { error: 'n must be a positive integer', param: 'n' };
		if (has('ratio') && !JIMENG_RATIOS.includes(String(body.ratio))) return { error: `ratio '${body.ratio}' is not supported`, param: 'ratio' };
		if (has('resolution') && !JIMENG_RESOLUTIONS.includes(String(body.resolution))) return { error: `resolution '${body.resolution}' is not supported`, param: 'resolution' };
		if (body.image !== undefined && !Array.isArray(body.image)) return { error: 'image must be an array of URLs', param: 'image' };
	}
	if (dialect === 'jimeng-api' && (route === 'generations' || route === 'compositions')) {
		const found = ['size', 'width', 'height'].filter((key) => body[key] !== undefined);
		if (found.length > 0) return { error: `不支持的参数: ${found.join(', ')}。请使用 ratio 和 resolution 参数控制图像尺寸。`, param: found[0] };
		if (has('ratio') && !JIMENG_RATIOS.includes(String(body.ratio))) return { error: `ratio '${body.ratio}' is not supported`, param: 'ratio' };
		if (has('resolution') && !JIMENG_RESOLUTIONS.includes(String(body.resolution))) return { error: `resolution '${body.resolution}' is not supported`, param: 'resolution' };
	}
	if (dialect === 'jimeng-api' && route === 'compositions' && (inputCount < 1 || inputCount > 10)) {
		return { error: '至少需要提供1张输入图片，最多支持10张输入图片', param: 'images' };
	}

	// gpt-image-2 (openai-node resources/images.d.ts; seed 002)
	if (isGptImage2(model)) {
		if (size !== undefined && size !== 'auto') {
			const wh = /^(\d+)x(\d+)$/.exec(size);
			if (!wh) return { error: `Invalid value: '${size}'. Supported values are: '1024x1024', '1024x1536', '1536x1024', 'auto' or WIDTHxHEIGHT`, param: 'size' };
			const w = Number(wh[1]);
			const h = Number(wh[2]);
			if (w % 16 || h % 16 || Math.max(w, h) / Math.min(w, h) > 3 || Math.max(w, h) > 3840 || w * h > 3840 * 2160) {
				return { error: `Invalid size '${size}': sides must be multiples of 16, ratio within 1:3–3:1, at most 3840x2160`, param: 'size' };
			}
		}
		if (body.background === 'transparent') return { error: 'Transparent background is not supported for this model.', param: 'background' };
		if (has('n') && !(Number(body.n) >= 1 && Number(body.n) <= 10)) return { error: 'n must be between 1 and 10', param: 'n' };
		if (route === 'edits' && body.moderation !== undefined) return { error: "Unknown parameter: 'moderation'.", param: 'moderation' };
		if (route === 'generations' && body.input_fidelity !== undefined) return { error: "Unknown parameter: 'input_fidelity'.", param: 'input_fidelity' };
	}

	// Seedream on Ark, and seed 004's generations (its edits example sends 1024x1024 for 4.5, so
	// that relay resizes edits itself).
	const rules = dialect === 'ark' || (dialect === 'seedream' && route === 'generations') ? seedreamRules(model) : undefined;
	if (rules) {
		if (size !== undefined) {
			const keyword = /^([1-4])K$/i.exec(size);
			if (keyword) {
				if (!rules.keywords.includes(size.toUpperCase())) return { error: `size ${size} is not supported by ${model}`, param: 'size' };
			} else {
				const wh = /^(\d+)[x*](\d+)$/.exec(size);
				if (!wh) return { error: `size '${size}' is not valid`, param: 'size' };
				const pixels = Number(wh[1]) * Number(wh[2]);
				if (pixels < rules.min || pixels > rules.max) return { error: `size ${size} has ${pixels} pixels; ${model} takes [${rules.min}, ${rules.max}]`, param: 'size' };
			}
		}
		if (inputCount > rules.refs) return { error: `${model} takes at most ${rules.refs} reference images`, param: 'image' };
		if (!rules.group && body.sequential_image_generation !== undefined) return { error: `sequential_image_generation is not supported by ${model}`, param: 'sequential_image_generation' };
		if (!rules.stream && body.stream !== undefined) return { error: `stream is not supported by ${model}`, param: 'stream' };
		const max = body.sequential_image_generation_options && body.sequential_image_generation_options.max_images;
		if (max !== undefined && inputCount + Number(max) > 15) return { error: 'reference images + max_images must not exceed 15', param: 'sequential_image_generation_options.max_images' };
	}
	return undefined;
}

/** hingnet's jimeng series always generates 4 images per call (seed 000); its edits follow n. */
function fixedImageCount(dialect, model, route) {
	return dialect === 'hingnet' && route === 'generations' && isJimeng(model) ? 4 : undefined;
}

module.exports = { dialectOf, check, fixedImageCount, DIALECTS };
