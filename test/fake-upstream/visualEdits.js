'use strict';
// The visual API's Seedream 4.6 and editing req_keys (issue 12): exactly the contract the README's
// "Visual API editing models" section lists as verified, and nothing it leaves out.
//   jimeng_image2image_dream_inpaint   official page 85621/1976207
//   jimeng_i2i_seed3_tilesr_cvtob      public clients (two or more agree)
//   jimeng_img2img_seed3_painting_edit public clients
//   jimeng_seedream46_cvtob            public clients

const { readImageSize, channelCount } = require('./images');

const INPAINT = 'jimeng_image2image_dream_inpaint';
const UPSCALE = 'jimeng_i2i_seed3_tilesr_cvtob';
const OUTPAINT = 'jimeng_img2img_seed3_painting_edit';
const SEEDREAM46 = 'jimeng_seedream46_cvtob';
const EDIT_REQ_KEYS = [INPAINT, UPSCALE, OUTPAINT, SEEDREAM46];

const MB_4_7 = Math.floor(4.7 * 1024 * 1024);
const EDGES = ['top', 'bottom', 'left', 'right'];

/** @typedef {{ code: number, message: string }} Refusal */
const invalid = (message) => ({ code: 50200, message: `Request Invalid Args: ${message}` });
const decodeError = (message) => ({ code: 50207, message: `Image Decode Error: ${message}` });
const sizeLimited = (message) => ({ code: 50205, message: `Image Size Limited: ${message}` });

const isInt = (v) => typeof v === 'number' && Number.isInteger(v);
const isNum = (v) => typeof v === 'number' && Number.isFinite(v);

/**
 * The request's images: base64 entries decoded, URLs of the fake's own /files/ resolved (as the real
 * service downloads them); other URLs are accepted unseen.
 * @returns {{ refusal: Refusal } | { images: Array<{ source: string, url?: string, bytes?: number, type?: string, width?: number, height?: number, channels?: number }> }}
 */
function inputImages(ctx, body) {
	const hasUrls = body.image_urls !== undefined;
	const hasBase64 = body.binary_data_base64 !== undefined;
	if (hasUrls && hasBase64) return { refusal: invalid('give either image_urls or binary_data_base64, not both') };
	if (!hasUrls && !hasBase64) return { refusal: { code: 50201, message: 'Request Missing Args: binary_data_base64 or image_urls' } };
	const list = hasUrls ? body.image_urls : body.binary_data_base64;
	if (!Array.isArray(list) || list.some((entry) => typeof entry !== 'string')) {
		return { refusal: invalid(`${hasUrls ? 'image_urls' : 'binary_data_base64'} must be an array of strings`) };
	}
	const images = [];
	for (const entry of list) {
		if (hasBase64) {
			if (!/^[A-Za-z0-9+/]+=*$/.test(entry)) return { refusal: decodeError('binary_data_base64 must be plain base64 (no data: prefix)') };
			const bytes = Buffer.from(entry, 'base64');
			const info = readImageSize(bytes);
			if (!info || (info.type !== 'png' && info.type !== 'jpeg')) return { refusal: decodeError('only JPEG and PNG are supported') };
			images.push({ source: 'base64', bytes: bytes.length, type: info.type, width: info.width, height: info.height, channels: channelCount(bytes) });
			continue;
		}
		if (!/^https?:\/\//.test(entry)) return { refusal: invalid('image_urls must be http(s) URLs') };
		const own = ownFile(ctx, entry);
		images.push(own ? { source: 'url', url: entry, ...own } : { source: 'url', url: entry });
	}
	return { images };
}

/** A URL the fake itself serves (GET /files/<name>): its bytes' format, size and channels. */
function ownFile(ctx, url) {
	let parsed;
	try {
		parsed = new URL(url);
	} catch {
		return undefined;
	}
	if (!parsed.pathname.startsWith('/files/') || !ctx.fileUrl('x').startsWith(parsed.origin)) return undefined;
	let bytes;
	try {
		bytes = ctx.imageFor(decodeURIComponent(parsed.pathname.slice('/files/'.length)));
	} catch {
		return undefined;
	}
	const info = readImageSize(bytes);
	return info && { bytes: bytes.length, type: info.type, width: info.width, height: info.height, channels: channelCount(bytes) };
}

/** JPEG/PNG, ≤ 4.7 MB, ≤ 4096×4096 (and an aspect limit) for what the fake can see. */
function checkLimits(image, maxAspect) {
	if (image.bytes === undefined) return undefined;
	if (image.bytes > MB_4_7) return sizeLimited('image file larger than 4.7 MB');
	if (image.width > 4096 || image.height > 4096) return sizeLimited('image resolution larger than 4096x4096');
	if (maxAspect !== undefined) {
		const ratio = Math.max(image.width, image.height) / Math.min(image.width, image.height);
		if (ratio > maxAspect) return invalid(`image aspect ratio must be within 1:${maxAspect} and ${maxAspect}:1`);
	}
	return undefined;
}

/** The second image is a one-channel grayscale mask of the first one's size. */
function checkMask(image, mask) {
	if (image.width === undefined || mask.width === undefined) return undefined;
	if (mask.width !== image.width || mask.height !== image.height) {
		return invalid(`mask size ${mask.width}x${mask.height} differs from image size ${image.width}x${image.height}`);
	}
	if (mask.channels !== 1) return invalid('mask must be a single-channel grayscale image');
	return undefined;
}

function checkSeed(body) {
	if (body.seed !== undefined && !(isInt(body.seed) && body.seed >= -1)) return invalid('seed must be an integer, -1 for random');
	return undefined;
}

function checkOptionalPrompt(body) {
	if (body.prompt !== undefined && typeof body.prompt !== 'string') return invalid('prompt must be a string');
	return undefined;
}

function inpaint(ctx, body) {
	if (typeof body.prompt !== 'string' || body.prompt.trim() === '') return { refusal: { code: 50201, message: 'Request Missing Args: prompt' } };
	const problem = checkOptionalPrompt(body) ?? checkSeed(body);
	if (problem) return { refusal: problem };
	const read = inputImages(ctx, body);
	if ('refusal' in read) return read;
	if (read.images.length !== 2) return { refusal: invalid('exactly 2 images are required: the image, then its mask') };
	const [image, mask] = read.images;
	const refusal = checkLimits(image) ?? checkLimits(mask) ?? checkMask(image, mask);
	if (refusal) return { refusal };
	return { images: read.images, output: { width: image.width ?? 1024, height: image.height ?? 1024, format: 'jpeg' } };
}

function upscale(ctx, body) {
	if (body.resolution !== undefined && body.resolution !== '4k' && body.resolution !== '8k') return { refusal: invalid('resolution must be "4k" or "8k"') };
	if (body.scale !== undefined && !(isInt(body.scale) && body.scale >= 0 && body.scale <= 100)) return { refusal: invalid('scale must be an integer in [0, 100]') };
	const problem = checkOptionalPrompt(body);
	if (problem) return { refusal: problem };
	const read = inputImages(ctx, body);
	if ('refusal' in read) return read;
	if (read.images.length !== 1) return { refusal: invalid('exactly 1 image is required') };
	const [image] = read.images;
	const refusal = checkLimits(image, 3);
	if (refusal) return { refusal };
	// The long side becomes 4096 (4k) or 8192 (8k); the aspect ratio is kept.
	const long = body.resolution === '8k' ? 8192 : 4096;
	const width = image.width ?? 1024;
	const height = image.height ?? 1024;
	const factor = long / Math.max(width, height);
	return { images: read.images, output: { width: Math.round(width * factor), height: Math.round(height * factor), format: 'png' } };
}

function outpaint(ctx, body) {
	const problem = checkOptionalPrompt(body) ?? checkSeed(body);
	if (problem) return { refusal: problem };
	const read = inputImages(ctx, body);
	if ('refusal' in read) return read;
	const edges = EDGES.filter((edge) => body[edge] !== undefined);
	if (read.images.length === 2) {
		if (edges.length > 0) return { refusal: invalid('top/bottom/left/right are for one image; a canvas and its mask take none') };
		const [canvas, mask] = read.images;
		const refusal = checkMask(canvas, mask);
		if (refusal) return { refusal };
		return { images: read.images, output: { width: canvas.width ?? 1024, height: canvas.height ?? 1024, format: 'png' } };
	}
	if (read.images.length !== 1) return { refusal: invalid('give 1 image (with top/bottom/left/right) or 2 (canvas and mask)') };
	for (const edge of edges) {
		if (!isNum(body[edge]) || body[edge] < 0 || body[edge] > 1) return { refusal: invalid(`${edge} must be a number in [0, 1]`) };
	}
	const [image] = read.images;
	const width = image.width ?? 1024;
	const height = image.height ?? 1024;
	const share = (edge) => (isNum(body[edge]) ? body[edge] : 0);
	return {
		images: read.images,
		output: {
			width: Math.round(width * (1 + share('left') + share('right'))),
			height: Math.round(height * (1 + share('top') + share('bottom'))),
			format: 'png',
		},
	};
}

function seedream46(ctx, body) {
	if (typeof body.prompt !== 'string' || body.prompt.trim() === '') return { refusal: { code: 50201, message: 'Request Missing Args: prompt' } };
	if ([...body.prompt].length > 800) return { refusal: invalid('prompt must be at most 800 characters') };
	if (body.scale !== undefined && !(isInt(body.scale) && body.scale >= 1 && body.scale <= 100)) {
		return { refusal: invalid('scale must be an integer in [1, 100]') };
	}
	if (body.force_single !== undefined && typeof body.force_single !== 'boolean') return { refusal: invalid('force_single must be a boolean') };
	for (const name of ['min_ratio', 'max_ratio']) {
		if (body[name] !== undefined && !(isNum(body[name]) && body[name] >= 1 / 16 && body[name] < 16)) return { refusal: invalid(`${name} must be in [1/16, 16)`) };
	}
	if (body.size !== undefined && !(isInt(body.size) && body.size >= 1024 * 1024 && body.size <= 4096 * 4096)) {
		return { refusal: invalid('size must be an area in [1048576, 16777216]') };
	}
	if (body.width !== undefined || body.height !== undefined) {
		if (!isInt(body.width) || !isInt(body.height)) return { refusal: invalid('width and height must be given together as integers') };
		const area = body.width * body.height;
		if (area < 1024 * 1024 || area > 4096 * 4096) return { refusal: invalid('width*height must be in [1048576, 16777216]') };
	}
	let images = [];
	if (body.image_urls !== undefined) {
		const read = inputImages(ctx, { image_urls: body.image_urls });
		if ('refusal' in read) return read;
		if (read.images.length > 14) return { refusal: invalid('image_urls accepts at most 14 images') };
		images = read.images;
	}
	const side = isInt(body.width) ? undefined : Math.round(Math.sqrt(isInt(body.size) ? body.size : 2048 * 2048));
	return { images, output: { width: body.width ?? side, height: body.height ?? side, format: 'jpeg' } };
}

const VALIDATORS = { [INPAINT]: inpaint, [UPSCALE]: upscale, [OUTPAINT]: outpaint, [SEEDREAM46]: seedream46 };

/**
 * Checks a submit body of one of these req_keys.
 * @returns {{ refusal: Refusal } | { images: any[], output: { width: number, height: number, format: 'png'|'jpeg' } }}
 */
function validateEditSubmit(ctx, body) {
	return VALIDATORS[body.req_key](ctx, body);
}

module.exports = { EDIT_REQ_KEYS, validateEditSubmit };
