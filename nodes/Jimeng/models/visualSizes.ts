/**
 * The output sizes of Jimeng's models on the Volcengine visual API, as one preset table: the model
 * table's preset lists (lib/models.ts), the editor's Size / Aspect Ratio fields and the request
 * body all read it. Pure: no n8n imports. Source: the Volcengine visual API docs.
 */

export type VisualResolution = '1K' | '2K' | '4K';

/** Width and height of each preset, landscape; portrait ratios swap them. */
type PresetTable = Record<string, [number, number]>;

/**
 * Jimeng's documented presets: 1K from the 3.1 doc (1328² family), 2K shared by 3.1 and 4.0,
 * 4K from the 4.0 doc. Every 1K preset is above 4.0's minimum area of 1024².
 */
export const SIZE_PRESETS: Record<VisualResolution, PresetTable> = {
	'1K': {
		'1:1': [1328, 1328],
		'4:3': [1472, 1104],
		'3:2': [1584, 1056],
		'16:9': [1664, 936],
		'21:9': [2016, 864],
	},
	'2K': {
		'1:1': [2048, 2048],
		'4:3': [2304, 1728],
		'3:2': [2496, 1664],
		'16:9': [2560, 1440],
		'21:9': [3024, 1296],
	},
	'4K': {
		'1:1': [4096, 4096],
		'4:3': [4694, 3520],
		'3:2': [4992, 3328],
		'16:9': [5404, 3040],
		'21:9': [6198, 2656],
	},
};

/** The ratios offered in the editor, landscape and portrait. */
export const ASPECT_RATIOS = ['1:1', '4:3', '3:4', '3:2', '2:3', '16:9', '9:16', '21:9'] as const;

/** Width and height of a preset, or undefined for a resolution or ratio the table does not have. */
export function presetSize(
	resolution: string,
	ratio: string,
): { width: number; height: number } | undefined {
	const table: PresetTable | undefined = SIZE_PRESETS[resolution as VisualResolution];
	if (!table) return undefined;
	const direct = table[ratio];
	if (direct) return { width: direct[0], height: direct[1] };
	const [w, h] = ratio.split(':');
	const swapped = table[`${h}:${w}`];
	return swapped ? { width: swapped[1], height: swapped[0] } : undefined;
}

/** Every `WxH` the editor can send for these resolutions: each of ASPECT_RATIOS at each. */
export function presetList(resolutions: readonly VisualResolution[]): string[] {
	return resolutions.flatMap((resolution) =>
		ASPECT_RATIOS.map((ratio) => {
			const { width, height } = presetSize(resolution, ratio)!;
			return `${width}x${height}`;
		}),
	);
}
