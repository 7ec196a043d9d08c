/**
 * The Volcengine visual API's models (req_keys) as data: what each takes and which sizes it offers.
 * The editor's fields, the defaults and the pre-call checks of the Volcengine backend all read this.
 * Pure: no n8n imports. Sources: upstream-apis.md §A.5, models-2026.md.
 */

export type VisualOperation = 'generate' | 'edit';
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

/** Width and height of a preset, or undefined when the ratio is not one of ASPECT_RATIOS. */
export function presetSize(
	resolution: VisualResolution,
	ratio: string,
): { width: number; height: number } | undefined {
	const table = SIZE_PRESETS[resolution];
	const direct = table[ratio];
	if (direct) return { width: direct[0], height: direct[1] };
	const [w, h] = ratio.split(':');
	const swapped = table[`${h}:${w}`];
	return swapped ? { width: swapped[1], height: swapped[0] } : undefined;
}

export interface VisualModel {
	reqKey: string;
	/** Short label for the Model dropdown. */
	label: string;
	description: string;
	/** Operations the model is listed under (Submit Task lists every model). */
	operations: VisualOperation[];
	prompt: { required: boolean; maxChars: number };
	inputImages: {
		max: number;
		/** Whether binary data (binary_data_base64) is accepted, not only URLs. */
		binary: boolean;
		maxBytes?: number;
	};
	size?: {
		resolutions: VisualResolution[];
		/**
		 * Lets the model pick the ratio from the prompt: the request sends `size` (the area) instead of
		 * width and height. The area of each resolution is the 1:1 preset's.
		 */
		areaField: boolean;
		/** Allowed width × height. */
		area: { min: number; max: number };
		/** Allowed side length. */
		side: { min: number; max: number };
		/** Largest long side / short side. */
		maxRatio: number;
		/** Default width and height when the size is Custom. */
		defaultSide: number;
	};
	/** Which of the model's own parameters the editor shows. */
	/** `scale` is 0–1 (Jimeng 4.0, 3.0 i2i); `scaleInteger` is 1–100, sent as `scale` (Seedream 4.6). */
	params: Array<'scale' | 'scaleInteger' | 'seed' | 'usePreLlm' | 'forceSingle' | 'ratioRange'>;
}

/** A named constant: the secret-detecting lint rule mistakes this req_key for a key when inlined. */
const SEEDREAM_46 = 'jimeng_seedream46_cvtob';

export const VISUAL_MODELS: VisualModel[] = [
	{
		reqKey: 'jimeng_t2i_v40',
		label: 'Jimeng 4.0',
		description: 'jimeng_t2i_v40: text to image, editing and multi-image composition, up to 4K',
		operations: ['generate', 'edit'],
		prompt: { required: true, maxChars: 800 },
		inputImages: { max: 10, binary: false },
		size: {
			resolutions: ['1K', '2K', '4K'],
			areaField: true,
			area: { min: 1024 * 1024, max: 4096 * 4096 },
			side: { min: 1, max: 16384 },
			maxRatio: 16,
			defaultSide: 2048,
		},
		params: ['scale', 'forceSingle', 'ratioRange'],
	},
	{
		// No official page; the contract public clients agree on (README "Visual API models"):
		// Jimeng 4.0's body with scale an integer 1–100, ≤ 14 reference images.
		reqKey: SEEDREAM_46,
		label: 'Seedream 4.6',
		description:
			'jimeng_seedream46_cvtob: text to image, editing and composition of up to 14 images, up to 4K',
		operations: ['generate', 'edit'],
		prompt: { required: true, maxChars: 800 },
		inputImages: { max: 14, binary: false },
		size: {
			resolutions: ['1K', '2K', '4K'],
			areaField: true,
			area: { min: 1024 * 1024, max: 4096 * 4096 },
			side: { min: 1, max: 16384 },
			maxRatio: 16,
			defaultSide: 2048,
		},
		params: ['scaleInteger', 'forceSingle', 'ratioRange'],
	},
	{
		reqKey: 'jimeng_t2i_v31',
		label: 'Jimeng 3.1',
		description: 'jimeng_t2i_v31: text to image',
		operations: ['generate'],
		prompt: { required: true, maxChars: 800 },
		inputImages: { max: 0, binary: false },
		size: {
			resolutions: ['1K', '2K'],
			areaField: false,
			area: { min: 512 * 512, max: 2048 * 2048 },
			side: { min: 512, max: 3024 },
			maxRatio: 3,
			defaultSide: 1328,
		},
		params: ['usePreLlm', 'seed'],
	},
	{
		reqKey: 'jimeng_t2i_v30',
		label: 'Jimeng 3.0',
		description: 'jimeng_t2i_v30: text to image',
		operations: ['generate'],
		prompt: { required: true, maxChars: 800 },
		inputImages: { max: 0, binary: false },
		size: {
			resolutions: ['1K', '2K'],
			areaField: false,
			area: { min: 512 * 512, max: 2048 * 2048 },
			side: { min: 512, max: 3024 },
			maxRatio: 3,
			defaultSide: 1328,
		},
		params: ['usePreLlm', 'seed'],
	},
	{
		reqKey: 'jimeng_i2i_v30',
		label: 'Jimeng 3.0 Image to Image',
		description: 'jimeng_i2i_v30: changes exactly one input image following the prompt',
		operations: ['edit'],
		prompt: { required: true, maxChars: 800 },
		inputImages: { max: 1, binary: true, maxBytes: Math.floor(4.7 * 1024 * 1024) },
		size: {
			resolutions: ['1K'],
			areaField: false,
			area: { min: 512 * 512, max: 2016 * 2016 },
			side: { min: 512, max: 2016 },
			maxRatio: 3,
			defaultSide: 1328,
		},
		params: ['scale', 'seed'],
	},
];

/** The model each operation starts with: Edit with one that takes binary input. */
export const DEFAULT_MODEL: Record<VisualOperation | 'submitTask', string> = {
	generate: 'jimeng_t2i_v40',
	edit: 'jimeng_i2i_v30',
	submitTask: 'jimeng_t2i_v40',
};

/** The "Custom" model entry: any req_key, parameters through Additional Body Fields. */
export const CUSTOM_MODEL = 'custom';

export function visualModel(reqKey: string): VisualModel | undefined {
	return VISUAL_MODELS.find((model) => model.reqKey === reqKey);
}

export function modelsFor(operation: VisualOperation | 'submitTask'): VisualModel[] {
	return operation === 'submitTask'
		? VISUAL_MODELS
		: VISUAL_MODELS.filter((model) => model.operations.includes(operation));
}

export function modelsWith(predicate: (model: VisualModel) => boolean): string[] {
	return VISUAL_MODELS.filter(predicate).map((model) => model.reqKey);
}
