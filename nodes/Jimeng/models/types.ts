/**
 * The types of the model table (models.ts) and the constants its families share. Pure.
 */

/** Which features an option belongs to; the editor shows an option only where the model has it. */
export type Feature =
	| 'n'
	| 'group'
	| 'stream'
	| 'watermark'
	| 'seed'
	| 'gptImage'
	/** `background`: transparent / opaque (/ auto) output (gpt-image, Seedream 5.0 Pro / Flash, 5.5). */
	| 'background'
	/** `optimize_prompt_options.mode`: how the model rewrites the prompt (values in `promptModes`). */
	| 'promptMode'
	/** `layer_decomposition`: one input image split into a base image and layers (rules in `layers`). */
	| 'layers'
	| 'inputFidelity'
	| 'outputFormat'
	| 'responseFormat'
	| 'mask'
	/** The relay may be a jimeng-api one (ratio + resolution only, /images/compositions). */
	| 'relayStyle'
	// The Volcengine visual API's own parameters (the Volcengine editor's fields):
	/** `scale` 0–1 (Jimeng 4.0, 3.0 i2i). */
	| 'scale'
	/** `scale` a whole number 1–100 (Seedream 4.6). */
	| 'scaleInteger'
	/** `use_pre_llm`: the model may rewrite short prompts. */
	| 'usePreLlm'
	/** `force_single`: exactly one output image. */
	| 'forceSingle'
	/** `min_ratio` / `max_ratio`: the ratios the model may choose. */
	| 'ratioRange';

/** The size forms an endpoint accepts. */
export type SizeForm =
	/** `2048x2048` */
	| 'pixels'
	/** `1024*1024` (deepwl) */
	| 'starPixels'
	/** `1K` / `2K` / `4K` as size */
	| 'resolution'
	/** `ratio` + `resolution` fields (Jimeng web relays) */
	| 'ratioFields'
	| 'auto'
	| 'adaptive'
	/** `size` as one number, width × height (Volcengine visual API): the model picks the ratio */
	| 'area';

/** How an edit (image in, image out) is sent. */
export type EditStyle =
	/** multipart/form-data to /images/edits: `image` (or `image[]`) files + fields */
	| 'multipart'
	/** JSON to /images/edits with images: [{ image_url }] */
	| 'jsonImageUrl'
	/** JSON to /images/generations with `image` (Ark: there is no edits endpoint) */
	| 'generations'
	/** multipart with repeated `images` files, or JSON images: [url], to /images/compositions */
	| 'compositions'
	/** the model takes no input image */
	| 'none';

export interface SizeRules {
	forms: SizeForm[];
	/** Offered in the editor's dropdown, first = suggested; `Custom` is always offered as well. */
	presets: string[];
	/** Resolution keywords accepted as size (`2K`). */
	resolutions?: string[];
	/** Only these exact values are accepted (hingnet's jimeng sizes). */
	onlyPresets?: boolean;
	minPixels?: number;
	maxPixels?: number;
	minSide?: number;
	maxSide?: number;
	/** Longest side / shortest side. */
	maxAspect?: number;
	/** Both sides must be a multiple of this. */
	multipleOf?: number;
}

export interface ModelEntry {
	/** Stable key of the entry. */
	id: string;
	label: string;
	family: 'jimeng' | 'seedream' | 'seededit' | 'gptImage' | 'dallE' | 'visual';
	backend: 'openai' | 'volcengine';
	/** Model ids this entry covers (lower-case, matched against the whole id). */
	match: RegExp;
	/** Ids offered in the model list when the endpoint does not list its models. */
	listIds?: string[];
	sizes: SizeRules;
	/** Reference / input images one request takes. */
	maxInputImages: number;
	/** Input images + output images per request (Seedream group images). */
	maxTotalImages?: number;
	/** Largest value of `n`; undefined = `n` is not a field of this model. */
	maxN?: number;
	/** Largest `max_images` of group output. */
	maxGroupImages?: number;
	maxPromptChars?: number;
	/** Largest input image in bytes. */
	maxInputBytes?: number;
	/** Longest side of an input image in pixels, checked when the node reads the image's bytes. */
	maxInputSide?: number;
	/** Input image's long side / short side. */
	maxInputAspect?: number;
	features: Feature[];
	/** `output_format` values. */
	outputFormats?: string[];
	/** `background` values the model accepts. */
	backgrounds?: string[];
	/** The `output_format` values a transparent background may be sent with (the others are refused). */
	transparentFormats?: string[];
	/**
	 * `background` (any value) needs exactly this many input images, none of them a JPEG (Seedream 5.0
	 * Pro / Flash: 1, an image with an alpha channel).
	 */
	backgroundInputImages?: number;
	/** `optimize_prompt_options.mode` values the model accepts. */
	promptModes?: string[];
	/** Layer decomposition, for models with the `layers` feature. */
	layers?: LayerRules;
	/** `quality` values the model accepts. */
	qualities?: string[];
	/** How an edit is sent on a relay; `noEditsEndpoint` providers override it. */
	editStyle: EditStyle;
	/** Body fields sent when the user sets nothing, so a Model + Prompt request works. */
	defaults: Record<string, unknown>;
	/** Volcengine visual models offered in the Generate / Edit / Submit Task model lists. */
	visual?: VisualFacts;
	sources: string[];
}

/**
 * What `layer_decomposition: true` asks of a request. Every model documents exactly one input image
 * and no `background` in this mode, so those two are rules of the mode, not of the entry.
 */
export interface LayerRules {
	/** Most layers one answer holds besides the base image (also the budget's worst case). */
	maxLayers: number;
	/** The only `size` values the mode takes; undefined = the model's own size rules. */
	sizes?: string[];
	/** Input image formats the mode takes (checked for data URIs and binary inputs). */
	inputFormats?: string[];
}

export type VisualOperation = 'generate' | 'edit';

/**
 * What the Volcengine editor and request body need beyond the limits of the entry: the prompt
 * limit is `maxPromptChars`, images `maxInputImages` / `maxInputBytes`, the size bounds and
 * resolutions `sizes`, the model's own parameters `features`.
 */
export interface VisualFacts {
	/** Shown under the model in the Model dropdown. */
	description: string;
	/** Operations the model is listed under (Submit Task lists every visual model). */
	operations: VisualOperation[];
	promptRequired: boolean;
	/** Whether binary data (binary_data_base64) is accepted, not only URLs. */
	binaryInput: boolean;
	/** Width and height the editor starts with when the size is Width and Height. */
	defaultSide: number;
}

/** One megapixel, for the size bounds. */
export const MP = 1_000_000;
