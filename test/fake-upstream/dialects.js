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
 * Ark Seedream rules per model, written from the providers' pages (not from the node's table):
 * size keywords, pixel floor/ceiling, references, group and stream; and for the 2026 models
 * (BytePlus ModelArk "Seedream 5.0 pro tutorial", 2582774; Seedream 5.5 as two relays document it)
 * output formats, background values, prompt modes and layer decomposition.
 * `backgroundFromOneImage`: `background` (any value) only with exactly one input image with alpha.
 */
const PRO_FLASH = {
	keywords: ['1K', '1.5K', '2K'],
	min: 921600,
	max: 4624220,
	refs: 10,
	group: false,
	stream: false,
	outputFormats: ['png', 'jpeg'],
	backgrounds: ['transparent', 'opaque'],
	backgroundFromOneImage: true,
	layers: { max: 16, sizes: ['1K', '1.5K', '2K', 'auto'], inputTypes: ['png', 'jpeg'], minInputPixels: 512 * 512 },
};
const SEEDREAM = [
	{ match: /seedream-5[-.]0-pro/, ...PRO_FLASH, promptModes: ['standard', 'fast'] },
	{ match: /seedream-5[-.]0-flash/, ...PRO_FLASH, promptModes: ['standard'] },
	{
		match: /seedream-5[-.]5/,
		keywords: ['1K', '1.5K', '2K'],
		min: 0,
		max: 4624220,
		refs: 10,
		group: false,
		stream: undefined,
		outputFormats: ['png', 'jpeg'],
		backgrounds: ['auto', 'transparent', 'opaque'],
		backgroundFromOneImage: false,
		layers: { max: 99 },
	},
	{ match: /seedream-5[-.]0/, keywords: ['2K', '3K', '4K'], min: 3686400, max: 16777216, refs: 14, group: true, stream: true, promptModes: ['standard'] },
	{ match: /seedream-4[-.]5/, keywords: ['2K', '4K'], min: 3686400, max: 16777216, refs: 14, group: true, stream: true, promptModes: ['standard'] },
	{ match: /seedream-4[-.]0/, keywords: ['1K', '2K', '4K'], min: 921600, max: 16777216, refs: 14, group: true, stream: true, promptModes: ['standard', 'fast'] },
];

function seedreamRules(model) {
	return SEEDREAM.find((rule) => rule.match.test(model));
}

/** Whether the body asks for layer decomposition. */
const asksForLayers = (body) => body.layer_decomposition === true || body.layer_decomposition === 'true';

/**
 * The 2026 output rules (background, prompt mode, layers) of a Seedream request on Ark.
 * @param {Array<{type?: string, width?: number, height?: number}>} inputs
 */
function checkSeedreamOutput(rules, model, body, inputs) {
	const mode = body.optimize_prompt_options && body.optimize_prompt_options.mode;
	if (body.optimize_prompt_options !== undefined && !rules.promptModes) return { error: `optimize_prompt_options is not supported by ${model}`, param: 'optimize_prompt_options' };
	if (mode !== undefined && !rules.promptModes.includes(String(mode))) return { error: `optimize_prompt_options.mode '${mode}' is not supported by ${model}`, param: 'optimize_prompt_options.mode' };
	if (body.output_format !== undefined && rules.outputFormats && !rules.outputFormats.includes(String(body.output_format))) {
		return { error: `output_format '${body.output_format}' is not supported by ${model}`, param: 'output_format' };
	}
	if (body.background !== undefined && !rules.backgrounds) return { error: `background is not supported by ${model}`, param: 'background' };
	if (body.background !== undefined && !rules.backgrounds.includes(String(body.background))) return { error: `background '${body.background}' is not supported by ${model}`, param: 'background' };
	if (body.layer_decomposition !== undefined && !rules.layers) return { error: `layer_decomposition is not supported by ${model}`, param: 'layer_decomposition' };
	if (asksForLayers(body)) {
		if (inputs.length !== 1) return { error: `layer_decomposition takes exactly one image, not ${inputs.length}`, param: 'image' };
		if (body.background !== undefined) return { error: 'background is not supported in layer decomposition mode', param: 'background' };
		const layers = rules.layers;
		if (layers.sizes && body.size !== undefined && !layers.sizes.map((x) => x.toLowerCase()).includes(String(body.size).toLowerCase())) {
			return { error: `size '${body.size}' is not supported in layer decomposition mode; use ${layers.sizes.join(', ')}`, param: 'size' };
		}
		const input = inputs[0];
		if (layers.inputTypes && input.type && !layers.inputTypes.includes(input.type)) return { error: `layer decomposition takes png or jpeg, not ${input.type}`, param: 'image' };
		if (layers.minInputPixels && input.width && input.height && input.width * input.height < layers.minInputPixels) {
			return { error: `the image has ${input.width * input.height} pixels; layer decomposition needs at least ${layers.minInputPixels}`, param: 'image' };
		}
		return undefined;
	}
	if (body.background === 'transparent' && body.output_format === 'jpeg') return { error: 'output_format jpeg does not support a transparent background', param: 'output_format' };
	if (body.background !== undefined && rules.backgroundFromOneImage) {
		if (inputs.length !== 1) return { error: `background needs exactly one input image, not ${inputs.length}`, param: 'image' };
		if (inputs[0].type === 'jpeg') return { error: 'the input image has no alpha channel (jpeg)', param: 'image' };
	}
	return undefined;
}

const isJimeng = (model) => /^jimeng-/.test(model);
const isGptImage2 = (model) => /^gpt-image-2/.test(model);

/**
 * Checks a request body against the dialect and the model; returns { error, param } or undefined.
 * @param {'generations'|'edits'|'compositions'} route
 */
function check(dialect, route, body, inputCount, inputs = []) {
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
		const output = checkSeedreamOutput(rules, model, body, inputs.length === inputCount ? inputs : Array.from({ length: inputCount }, () => ({})));
		if (output) return output;
		if (size !== undefined && !asksForLayers(body)) {
			const keyword = /^(1\.5|[1-4])K$/i.exec(size);
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
		if (rules.stream === false && body.stream !== undefined) return { error: `stream is not supported by ${model}`, param: 'stream' };
		const max = body.sequential_image_generation_options && body.sequential_image_generation_options.max_images;
		if (max !== undefined && inputCount + Number(max) > 15) return { error: 'reference images + max_images must not exceed 15', param: 'sequential_image_generation_options.max_images' };
	}
	return undefined;
}

/** hingnet's jimeng series always generates 4 images per call (seed 000); its edits follow n. */
function fixedImageCount(dialect, model, route) {
	return dialect === 'hingnet' && route === 'generations' && isJimeng(model) ? 4 : undefined;
}

module.exports = { dialectOf, check, fixedImageCount, seedreamRules, asksForLayers, DIALECTS };
