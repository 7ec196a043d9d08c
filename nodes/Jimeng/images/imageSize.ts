/**
 * Reads the image size forms the relays and Ark accept. Pure: no n8n imports.
 *
 * - pixels: `1024x1024`, `1024X1024`, `1024×1024`, `1024*1024` (the `*` form is kept, some relays need it)
 * - resolution keywords: `1K`, `1.5K` (Seedream 5.0 Pro / Flash, 5.5), `2K`, `3K` (Seedream 5.0 Lite), `4K`
 *   (Ark lets the model pick the ratio)
 * - `auto` (OpenAI gpt-image) and `adaptive` (Ark SeedEdit)
 * - a bare ratio `16:9` (accepted by several relays as size)
 * and the `ratio` + `resolution` pair of the Jimeng web relays (`16:9` + `2k`).
 */
export type ParsedSize =
	| { kind: 'pixels'; width: number; height: number; value: string }
	| { kind: 'resolution'; resolution: Resolution; value: string }
	| { kind: 'auto'; value: 'auto' }
	| { kind: 'adaptive'; value: 'adaptive' }
	| { kind: 'ratio'; ratio: Ratio; value: string };

export type Resolution = '1K' | '1.5K' | '2K' | '3K' | '4K';

export interface Ratio {
	width: number;
	height: number;
}

/** Largest side we let through; Ark's biggest sizes are 6198 wide, gpt-image-2 3840. */
export const MAX_SIDE = 16384;

const PIXELS = /^(\d{1,5})\s*([xX×*])\s*(\d{1,5})$/;
const RESOLUTION = /^(1\.5|[1-4])\s*k$/i;
const RATIO = /^(\d{1,3})\s*:\s*(\d{1,3})$/;

/** Returns the size in the form to send, or undefined when the text is not a size we know. */
export function parseSize(input: string): ParsedSize | undefined {
	const text = input.trim();
	if (text === '') return undefined;
	const lower = text.toLowerCase();
	if (lower === 'auto') return { kind: 'auto', value: 'auto' };
	if (lower === 'adaptive') return { kind: 'adaptive', value: 'adaptive' };

	const pixels = PIXELS.exec(text);
	if (pixels) {
		const width = Number(pixels[1]);
		const height = Number(pixels[3]);
		if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) return undefined;
		const separator = pixels[2] === '*' ? '*' : 'x';
		return {
			kind: 'pixels',
			width,
			height,
			value: `${width}${separator}${height}`,
		};
	}

	const resolution = parseResolution(text);
	if (resolution) return { kind: 'resolution', resolution, value: resolution };

	const ratio = parseRatio(text);
	if (ratio) return { kind: 'ratio', ratio, value: `${ratio.width}:${ratio.height}` };

	return undefined;
}

/** `1k`, `1.5k`, `2K`, ` 4 k ` → `1K` | `1.5K` | `2K` | `3K` | `4K`. */
export function parseResolution(input: string): Resolution | undefined {
	const match = RESOLUTION.exec(input.trim());
	return match ? (`${match[1]}K` as Resolution) : undefined;
}

/** `16:9` → { width: 16, height: 9 }; zero parts and ratios beyond 1:16 are rejected. */
export function parseRatio(input: string): Ratio | undefined {
	const match = RATIO.exec(input.trim());
	if (!match) return undefined;
	const width = Number(match[1]);
	const height = Number(match[2]);
	if (width < 1 || height < 1) return undefined;
	if (width / height > 16 || height / width > 16) return undefined;
	return { width, height };
}

/**
 * The 2K presets Ark and Jimeng 4.x recommend; 1K is half of each side and 4K double, which gives
 * the Seedream 3.0 1K presets and the Jimeng relays' 4K table (5120x2880 for 16:9).
 */
const PRESETS_2K: Record<string, [number, number]> = {
	'1:1': [2048, 2048],
	'4:3': [2304, 1728],
	'3:4': [1728, 2304],
	'16:9': [2560, 1440],
	'9:16': [1440, 2560],
	'3:2': [2496, 1664],
	'2:3': [1664, 2496],
	'21:9': [3024, 1296],
	'9:21': [1296, 3024],
};

const RESOLUTION_SCALE: Record<Resolution, number> = {
	'1K': 0.5,
	'1.5K': 0.75,
	'2K': 1,
	'3K': 1.5,
	'4K': 2,
};

/** Pixel size for a ratio at a resolution, for endpoints that only take `WxH`. */
export function ratioResolutionToPixels(
	ratio: Ratio,
	resolution: Resolution,
): { width: number; height: number } {
	const scale = RESOLUTION_SCALE[resolution];
	const preset = PRESETS_2K[`${ratio.width}:${ratio.height}`];
	if (preset) return { width: preset[0] * scale, height: preset[1] * scale };
	// Any other ratio: same area as the square preset, sides rounded to multiples of 16.
	const side = 2048 * scale;
	const root = Math.sqrt(ratio.width / ratio.height);
	const round16 = (value: number) => Math.max(16, Math.round(value / 16) * 16);
	return { width: round16(side * root), height: round16(side / root) };
}

/** One-line description of the accepted forms, for error messages. */
export const SIZE_FORMS_HINT =
	'Use WIDTHxHEIGHT (e.g. 1024x1024, 1024*1024), 1K / 1.5K / 2K / 3K / 4K, auto, adaptive, or a ratio such as 16:9.';
