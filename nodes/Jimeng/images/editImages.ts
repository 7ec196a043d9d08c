/**
 * Checks of the input images of the visual API's editing models (inpaint, upscale, outpaint),
 * made on the bytes before anything is paid. Pure: no n8n imports.
 *
 * Sources: README "Visual API editing models" (official page 85621/1976207 for inpaint, public
 * clients for upscale and outpaint).
 */
import { jpegFrame, sniffImage } from './imageInfo';

/** How the pixels of a PNG or JPEG are stored; a mask must be `gray` (one channel). */
export type ColourModel = 'gray' | 'grayAlpha' | 'rgb' | 'rgba' | 'palette' | 'cmyk';

const PNG_COLOUR_TYPES: Record<number, ColourModel> = {
	0: 'gray',
	2: 'rgb',
	3: 'palette',
	4: 'grayAlpha',
	6: 'rgba',
};

/** Reads the colour model from a PNG's IHDR or a JPEG's frame header; undefined if unknown. */
export function colourModel(bytes: Uint8Array): ColourModel | undefined {
	const info = sniffImage(bytes);
	if (info?.mimeType === 'image/png') {
		return bytes.length > 25 ? PNG_COLOUR_TYPES[bytes[25]] : undefined;
	}
	const frame = jpegFrame(bytes);
	if (!frame) return undefined;
	return frame.components === 1 ? 'gray' : frame.components === 4 ? 'cmyk' : 'rgb';
}

/** What a visual model accepts as input image. */
export interface EditImageLimits {
	/** Model name used in messages. */
	label: string;
	maxBytes?: number;
	/** Longest side in pixels. */
	maxSide?: number;
	/** Longest side / shortest side. */
	maxAspect?: number;
}

/** A model table entry's input image limits (lib/models.ts), in the shape the checks read. */
export function inputLimitsOf(entry: {
	label: string;
	maxInputBytes?: number;
	maxInputSide?: number;
	maxInputAspect?: number;
}): EditImageLimits {
	return {
		label: entry.label,
		maxBytes: entry.maxInputBytes,
		maxSide: entry.maxInputSide,
		maxAspect: entry.maxInputAspect,
	};
}

/** The visual API's editing models take JPEG or PNG only. */
const FORMATS = ['image/jpeg', 'image/png'];

export interface CheckedImage {
	mimeType: string;
	width: number;
	height: number;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Checks one input image (`what` names it: "The image", "The mask"); returns a sentence saying
 * what is wrong, or the image's format and size.
 */
export function checkEditImage(
	bytes: Uint8Array,
	what: string,
	limits: EditImageLimits,
): { problem: string } | { image: CheckedImage } {
	const info = sniffImage(bytes);
	if (!info || !FORMATS.includes(info.mimeType)) {
		return {
			problem: `${what} is ${info ? info.mimeType : 'not an image'}; ${limits.label} takes JPEG or PNG`,
		};
	}
	if (!info.width || !info.height) {
		return { problem: `${what} has no readable width and height` };
	}
	if (limits.maxBytes !== undefined && bytes.length > limits.maxBytes) {
		return {
			problem: `${what} is ${mb(bytes.length)}; ${limits.label} takes at most ${mb(limits.maxBytes)}`,
		};
	}
	const size = `${info.width}×${info.height}`;
	const long = Math.max(info.width, info.height);
	const short = Math.min(info.width, info.height);
	if (limits.maxSide !== undefined && long > limits.maxSide) {
		return {
			problem: `${what} is ${size}; ${limits.label} takes at most ${limits.maxSide}×${limits.maxSide}`,
		};
	}
	if (limits.maxAspect !== undefined && long / short > limits.maxAspect) {
		return {
			problem: `${what} is ${size}; ${limits.label} takes aspect ratios from 1:${limits.maxAspect} to ${limits.maxAspect}:1`,
		};
	}
	return { image: { mimeType: info.mimeType, width: info.width, height: info.height } };
}

/**
 * A mask must be a one-channel grayscale image (0 = keep, 255 = redraw) of exactly the image's
 * size; returns what is wrong, or undefined.
 */
export function checkMask(
	image: CheckedImage,
	mask: CheckedImage,
	maskBytes: Uint8Array,
): string | undefined {
	if (mask.width !== image.width || mask.height !== image.height) {
		return `The mask is ${mask.width}×${mask.height} but the image is ${image.width}×${image.height}; they must be the same size`;
	}
	const model = colourModel(maskBytes);
	if (model !== 'gray') {
		return `The mask is ${model ?? 'of unknown colour type'}, not a one-channel grayscale image (black 0 = keep, white 255 = redraw)`;
	}
	return undefined;
}

/** Outpaint edges: how far to extend each side, as a share of that side (0–1). */
export interface Edges {
	top: number;
	bottom: number;
	left: number;
	right: number;
}

export function checkEdges(edges: Edges): string | undefined {
	for (const [side, value] of Object.entries(edges)) {
		if (!Number.isFinite(value) || value < 0 || value > 1) {
			return `Expand ${side} must be between 0 and 1 (a share of the image's side), not ${value}`;
		}
	}
	if (Object.values(edges).every((value) => value === 0)) {
		return 'Every Expand value is 0; set at least one side to extend';
	}
	return undefined;
}
