/**
 * What each image model accepts, as data. Pure: no n8n imports. The editor's options, the defaults
 * sent with only a model and a prompt, and the checks before a paid call all read this table, for
 * both backends: the Volcengine visual API's req_keys are entries too (`visual` holds what only its
 * editor and body need).
 *
 * Adding a model is adding an entry (or a pattern to an entry): no code path changes.
 * Sources are named per entry (`sources`); see also README "Models". Prices are in lib/pricing.ts,
 * keyed by the same model ids (finer than these entries: a BytePlus id and a China Ark id of one
 * model have different prices), and read the image limits below for the budget's worst case.
 */

import { presetList, type VisualResolution } from './visualSizes';

/** Which features an option belongs to; the editor shows an option only where the model has it. */
export type Feature =
	| 'n'
	| 'group'
	| 'stream'
	| 'watermark'
	| 'seed'
	| 'gptImage'
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

// ---------------------------------------------------------------------------------------------
// Size presets

/** Ark Seedream 2K presets (shared by 4.0, 4.5, 5.0 Lite). */
const SEEDREAM_2K = [
	'2048x2048',
	'2304x1728',
	'1728x2304',
	'2848x1600',
	'1600x2848',
	'2496x1664',
	'1664x2496',
	'3136x1344',
];
const SEEDREAM_4K = [
	'4096x4096',
	'4704x3520',
	'3520x4704',
	'5504x3040',
	'3040x5504',
	'4992x3328',
	'3328x4992',
	'6240x2656',
];
const SEEDREAM_40_1K = ['1024x1024', '1152x864', '864x1152', '1280x720', '720x1280', '1512x648'];
const SEEDREAM_50_LITE_3K = [
	'3072x3072',
	'3456x2592',
	'2592x3456',
	'4096x2304',
	'2304x4096',
	'3744x2496',
	'2496x3744',
	'4704x2016',
];
const SEEDREAM_50_PRO = [
	'1024x1024',
	'1152x864',
	'864x1152',
	'1424x800',
	'800x1424',
	'1568x672',
	'2048x2048',
	'2368x1776',
	'1776x2368',
	'2816x1584',
	'1584x2816',
];

const MP = 1_000_000;

/**
 * What Ark's Seedream 4.0, 4.5 and 5.0 Lite share: up to 14 reference images, references + outputs
 * at most 15 a request (n and group images alike), 30 MB an image.
 */
const SEEDREAM_GROUP_LIMITS = {
	maxInputImages: 14,
	maxTotalImages: 15,
	maxN: 15,
	maxGroupImages: 15,
	maxInputBytes: 30 * 1024 * 1024,
} satisfies Partial<ModelEntry>;
const SEEDREAM_GROUP_FEATURES: Feature[] = ['n', 'group', 'stream', 'watermark', 'responseFormat'];
const ARK_SOURCES = [
	'Volcengine Ark image generation API (docs 82379/1541523, 6492/2172373)',
	'sawyer-shi/dify-plugins-seedream_aigc tools/_capabilities.py (per-model presets, references, stream, group)',
	'novita.ai Seedream 4.5 API (total pixels [3686400, 16777216], ratio [1/16, 16])',
];

/**
 * Size rules of a Volcengine visual model: the editor's resolutions, and as presets every size they
 * give (lib/visualSizes.ts), so the numbers stand in one table.
 */
function visualSizes(
	forms: SizeForm[],
	resolutions: VisualResolution[],
	bounds: Pick<SizeRules, 'minPixels' | 'maxPixels' | 'minSide' | 'maxSide' | 'maxAspect'>,
): SizeRules {
	return { forms, presets: presetList(resolutions), resolutions, ...bounds };
}

/** Jimeng 4.0: size is an area or width + height; the 1K presets also fit its bounds. */
const JIMENG_40_SIZES = visualSizes(['pixels', 'area'], ['1K', '2K', '4K'], {
	minPixels: 1024 * 1024,
	maxPixels: 4096 * 4096,
	minSide: 1,
	maxSide: 16384,
	maxAspect: 16,
});
/**
 * Jimeng 4.0's request limits, shared by Seedream 4.6 (public clients: "Jimeng 4.0's body").
 * Input images are URLs only: the byte, side and aspect limits are Volcengine's, stated in the
 * editor. Without force_single the output may be several images, up to 15 − inputs, each billed.
 */
const JIMENG_40_LIMITS = {
	maxTotalImages: 15,
	maxPromptChars: 800,
	maxInputBytes: 15 * 1024 * 1024,
	maxInputSide: 4096,
	maxInputAspect: 3,
} satisfies Partial<ModelEntry>;
/** Jimeng 3.x text to image (the 3.1 doc; 3.0 takes the same). */
const JIMENG_3X_SIZES = visualSizes(['pixels'], ['1K', '2K'], {
	minPixels: 512 * 512,
	maxPixels: 2048 * 2048,
	minSide: 512,
	maxSide: 3024,
	maxAspect: 3,
});

/** Options only GPT image models take. */
const GPT_FEATURES: Feature[] = [
	'n',
	'stream',
	'gptImage',
	'outputFormat',
	'responseFormat',
	'mask',
];

// ---------------------------------------------------------------------------------------------
// The table. Order matters only where patterns overlap: the first match wins.

export const MODELS: ModelEntry[] = [
	{
		id: 'jimeng',
		label: 'Jimeng (relay)',
		family: 'jimeng',
		backend: 'openai',
		match: /^jimeng-(\d+(\.\d+)?|agent)$/,
		listIds: ['jimeng-5.0', 'jimeng-4.6', 'jimeng-4.5', 'jimeng-4.0', 'jimeng-3.0', 'jimeng-agent'],
		sizes: {
			// hingnet accepts only its three sizes, deepwl `1024*1024` or ratio + resolution, jimeng-api
			// only ratio + resolution: sending no size works on all three, so that is the default.
			forms: ['pixels', 'starPixels', 'ratioFields'],
			presets: ['1024x1024', '1024x1792', '1792x1024'],
			resolutions: ['1k', '2k', '4k'],
			maxSide: 8192,
		},
		maxInputImages: 10,
		maxN: 8,
		features: ['n', 'mask', 'responseFormat', 'relayStyle'],
		editStyle: 'multipart',
		// deepwl marks n required; hingnet and jimeng-api accept it.
		defaults: { n: 1 },
		sources: [
			'seed 000 hingnet (sizes 1024x1024 / 1024x1792 / 1792x1024, n, multipart edits)',
			'seed 001 deepwl (n required, size 1024*1024, image + ratio + resolution)',
			'iptag/jimeng-api src/api/routes/images.ts (/generations rejects size, width, height; compositions ≤ 10 images)',
		],
	},
	{
		id: 'seedream-3.0-t2i',
		label: 'Seedream 3.0 (text to image)',
		family: 'seedream',
		backend: 'openai',
		match: /^(doubao-)?seedream-3-0-t2i/,
		listIds: ['doubao-seedream-3-0-t2i-250415'],
		sizes: {
			forms: ['pixels'],
			presets: [
				'1024x1024',
				'1152x864',
				'864x1152',
				'1280x720',
				'720x1280',
				'1248x832',
				'832x1248',
				'1512x648',
			],
			minPixels: 512 * 512,
			maxPixels: 2048 * 2048,
		},
		maxInputImages: 0,
		features: ['watermark', 'seed', 'responseFormat'],
		editStyle: 'none',
		defaults: {},
		sources: [
			'shared/reference/upstream-apis.md (Ark 3.0-t2i: WxH, total pixels [512², 2048²], presets, seed)',
		],
	},
	{
		id: 'seededit-3.0',
		label: 'SeedEdit 3.0',
		family: 'seededit',
		backend: 'openai',
		match: /^(doubao-)?seededit/,
		listIds: ['doubao-seededit-3-0-i2i-250628'],
		sizes: { forms: ['adaptive'], presets: ['adaptive'] },
		maxInputImages: 1,
		features: ['watermark', 'seed', 'responseFormat'],
		editStyle: 'generations',
		defaults: {},
		sources: ['Volcengine Ark image generation API (SeedEdit 3.0: one image, size adaptive, seed)'],
	},
	{
		id: 'seedream-4.0',
		label: 'Seedream 4.0',
		family: 'seedream',
		backend: 'openai',
		match: /^(doubao-)?seedream-4[-.]0/,
		listIds: ['doubao-seedream-4-0-250828'],
		sizes: {
			forms: ['pixels', 'resolution'],
			presets: [...SEEDREAM_2K, ...SEEDREAM_40_1K, ...SEEDREAM_4K],
			resolutions: ['1K', '2K', '4K'],
			minPixels: 1280 * 720,
			maxPixels: 4096 * 4096,
			maxAspect: 16,
		},
		...SEEDREAM_GROUP_LIMITS,
		features: [...SEEDREAM_GROUP_FEATURES],
		editStyle: 'multipart',
		defaults: {},
		sources: ARK_SOURCES,
	},
	{
		id: 'seedream-4.5',
		label: 'Seedream 4.5',
		family: 'seedream',
		backend: 'openai',
		match: /^(doubao-)?seedream-4[-.]5/,
		listIds: ['doubao-seedream-4-5-251128'],
		sizes: {
			forms: ['pixels', 'resolution'],
			presets: [...SEEDREAM_2K, ...SEEDREAM_4K],
			resolutions: ['2K', '4K'],
			minPixels: 2560 * 1440,
			maxPixels: 4096 * 4096,
			maxAspect: 16,
		},
		...SEEDREAM_GROUP_LIMITS,
		features: [...SEEDREAM_GROUP_FEATURES],
		editStyle: 'multipart',
		defaults: {},
		sources: [
			...ARK_SOURCES,
			'seed 004 (relay: generations with image[], n as group, multipart edits)',
		],
	},
	{
		id: 'seedream-5.0-lite',
		label: 'Seedream 5.0 Lite',
		family: 'seedream',
		backend: 'openai',
		match: /^(doubao-)?seedream-5[-.]0(-lite)?(-\d+)?$|^(doubao-)?seedream-5[-.]0-lite/,
		listIds: ['doubao-seedream-5-0-260128'],
		sizes: {
			forms: ['pixels', 'resolution'],
			presets: [...SEEDREAM_2K, ...SEEDREAM_50_LITE_3K, ...SEEDREAM_4K],
			resolutions: ['2K', '3K', '4K'],
			minPixels: 2560 * 1440,
			maxPixels: 4096 * 4096,
			maxAspect: 16,
		},
		...SEEDREAM_GROUP_LIMITS,
		features: [...SEEDREAM_GROUP_FEATURES, 'outputFormat'],
		outputFormats: ['jpeg', 'png'],
		editStyle: 'multipart',
		defaults: {},
		sources: [
			...ARK_SOURCES,
			'docs.apimart.ai Seedream 5.0 Lite (2K / 3K, output_format png|jpeg)',
		],
	},
	{
		id: 'seedream-5.0-pro',
		label: 'Seedream 5.0 Pro',
		family: 'seedream',
		backend: 'openai',
		match: /^(doubao-|dola-)?seedream-5[-.]0-pro/,
		listIds: ['doubao-seedream-5-0-pro-260628'],
		sizes: {
			forms: ['pixels'],
			presets: SEEDREAM_50_PRO,
			minPixels: 0.92 * MP,
			maxPixels: 4.62 * MP,
			maxAspect: 16,
		},
		maxInputImages: 10,
		maxInputBytes: 30 * 1024 * 1024,
		// No group images and no stream: Ark refuses those fields for 5.0 Pro.
		features: ['watermark', 'outputFormat', 'responseFormat'],
		outputFormats: ['jpeg', 'png'],
		editStyle: 'multipart',
		defaults: {},
		sources: [
			'sawyer-shi/dify-plugins-seedream_aigc tools/_capabilities.py (5.0 Pro: 10 references, no stream, no sequential, default 1024x1024)',
			'shared/reference/models-2026.md (0.92–4.62 MP)',
		],
	},
	{
		id: 'gpt-image-2',
		label: 'GPT Image 2',
		family: 'gptImage',
		backend: 'openai',
		match: /^(gpt-image-2|chatgpt-image)/,
		listIds: ['gpt-image-2'],
		sizes: {
			forms: ['pixels', 'auto'],
			presets: [
				'auto',
				'1024x1024',
				'1536x1024',
				'1024x1536',
				'2048x2048',
				'2560x1440',
				'3840x2160',
			],
			maxSide: 3840,
			maxPixels: 3840 * 2160,
			maxAspect: 3,
			multipleOf: 16,
		},
		maxInputImages: 16,
		maxN: 10,
		maxPromptChars: 32000,
		maxInputBytes: 50 * 1024 * 1024,
		features: [...GPT_FEATURES, 'inputFidelity'],
		outputFormats: ['png', 'jpeg', 'webp'],
		// gpt-image-2 refuses transparent backgrounds.
		backgrounds: ['auto', 'opaque'],
		qualities: ['auto', 'low', 'medium', 'high'],
		editStyle: 'multipart',
		defaults: {},
		sources: [
			'openai-node 6.49.0 resources/images.d.ts (sizes WxH ÷16, ratio 1:3–3:1, max 3840x2160; n 1–10; 16 edit images < 50 MB; no transparent background; input_fidelity; prompt ≤ 32000)',
			'seed 002 (relay: JSON edits with images[].image_url or multipart; response_format url)',
		],
	},
	{
		id: 'gpt-image-1',
		label: 'GPT Image 1 / 1.5 / mini',
		family: 'gptImage',
		backend: 'openai',
		match: /^gpt-image-1/,
		listIds: [],
		sizes: {
			forms: ['pixels', 'auto'],
			presets: ['auto', '1024x1024', '1536x1024', '1024x1536'],
			onlyPresets: true,
		},
		maxInputImages: 16,
		maxN: 10,
		maxPromptChars: 32000,
		maxInputBytes: 50 * 1024 * 1024,
		features: [...GPT_FEATURES, 'inputFidelity'],
		outputFormats: ['png', 'jpeg', 'webp'],
		backgrounds: ['auto', 'opaque', 'transparent'],
		qualities: ['auto', 'low', 'medium', 'high'],
		editStyle: 'multipart',
		defaults: {},
		sources: ['openai-node 6.49.0 resources/images.d.ts'],
	},
	{
		id: 'dall-e-3',
		label: 'DALL·E 3',
		family: 'dallE',
		backend: 'openai',
		match: /^dall-e-3/,
		sizes: {
			forms: ['pixels'],
			presets: ['1024x1024', '1792x1024', '1024x1792'],
			onlyPresets: true,
		},
		maxInputImages: 0,
		maxN: 1,
		maxPromptChars: 4000,
		features: ['n', 'responseFormat'],
		qualities: ['standard', 'hd'],
		editStyle: 'none',
		defaults: {},
		sources: ['openai-node 6.49.0 resources/images.d.ts (dall-e-3: n = 1, three sizes, no edits)'],
	},
	{
		id: 'dall-e-2',
		label: 'DALL·E 2',
		family: 'dallE',
		backend: 'openai',
		match: /^dall-e-2/,
		sizes: { forms: ['pixels'], presets: ['1024x1024', '512x512', '256x256'], onlyPresets: true },
		maxInputImages: 1,
		maxN: 10,
		maxPromptChars: 1000,
		maxInputBytes: 4 * 1024 * 1024,
		features: ['n', 'responseFormat', 'mask'],
		editStyle: 'multipart',
		defaults: {},
		sources: ['openai-node 6.49.0 resources/images.d.ts (dall-e-2: one square PNG < 4 MB, n 1–10)'],
	},

	// Volcengine visual API (req_key). The Volcengine backend builds its body itself; these entries
	// carry the limits and labels, and (`visual`) what its Generate / Edit / Submit Task editor lists.
	// The editor lists them in this order. New req_keys (inpaint, upscale, …) are new entries here.
	{
		id: 'jimeng_t2i_v40',
		label: 'Jimeng 4.0',
		family: 'visual',
		backend: 'volcengine',
		match: /^jimeng_t2i_v40$/,
		sizes: JIMENG_40_SIZES,
		maxInputImages: 10,
		...JIMENG_40_LIMITS,
		features: ['watermark', 'scale', 'forceSingle', 'ratioRange'],
		editStyle: 'none',
		// Every extra output image is billed: one image unless the user allows more.
		defaults: { force_single: true },
		visual: {
			description: 'jimeng_t2i_v40: text to image, editing and multi-image composition, up to 4K',
			operations: ['generate', 'edit'],
			promptRequired: true,
			binaryInput: false,
			defaultSide: 2048,
		},
		sources: [
			'seed 003 (jimeng_t2i_v40: size area, force_single)',
			'shared/reference/upstream-apis.md (doc mirror: area [1024², 4096²], image_urls 0–10 ≤ 15 MB, prompt ≤ 800, presets, outputs ≤ 15 − inputs)',
			'Volcengine visual docs 85621/1817045',
		],
	},
	// Issue 12: Seedream 4.6 and the editing models. What was verified where: README "Visual API
	// editing models"; anything left out there is not in these entries either.
	{
		// No official page; the contract public clients agree on (README "Visual API models"):
		// Jimeng 4.0's body with scale an integer 1–100, ≤ 14 reference images.
		id: 'jimeng_seedream46_cvtob',
		label: 'Seedream 4.6',
		family: 'visual',
		backend: 'volcengine',
		match: /^jimeng_seedream46_cvtob$/,
		// Jimeng 4.0's size fields and bounds.
		sizes: JIMENG_40_SIZES,
		maxInputImages: 14,
		// No source states how many images force_single: false may return; the budget's worst case
		// must not be low, so it keeps the Seedream family's documented inputs + outputs ≤ 15.
		...JIMENG_40_LIMITS,
		features: ['watermark', 'scaleInteger', 'forceSingle', 'ratioRange'],
		editStyle: 'none',
		defaults: { force_single: true },
		visual: {
			description:
				'jimeng_seedream46_cvtob: text to image, editing and composition of up to 14 images, up to 4K',
			operations: ['generate', 'edit'],
			promptRequired: true,
			binaryInput: false,
			defaultSide: 2048,
		},
		sources: [
			'public clients: scale integer 1–100 (default 50), ≤ 14 reference images, prompt ≤ 800, area 1024²–4096² (Go jimengapi model spec; TS/JS Jimeng clients; skill notes of the official page)',
		],
	},
	{
		id: 'jimeng_t2i_v31',
		label: 'Jimeng 3.1',
		family: 'visual',
		backend: 'volcengine',
		match: /^jimeng_t2i_v31$/,
		sizes: JIMENG_3X_SIZES,
		maxInputImages: 0,
		maxPromptChars: 800,
		features: ['seed', 'watermark', 'usePreLlm'],
		editStyle: 'none',
		defaults: {},
		visual: {
			description: 'jimeng_t2i_v31: text to image',
			operations: ['generate'],
			promptRequired: true,
			binaryInput: false,
			defaultSide: 1328,
		},
		sources: [
			'shared/reference/upstream-apis.md (jimeng_t2i_v31, from a public copy of the official doc: area [512², 2048²], aspect 1:3–3:1, 1K/2K presets, seed, use_pre_llm)',
		],
	},
	{
		id: 'jimeng_t2i_v30',
		label: 'Jimeng 3.0',
		family: 'visual',
		backend: 'volcengine',
		match: /^jimeng_t2i_v30$/,
		sizes: JIMENG_3X_SIZES,
		maxInputImages: 0,
		maxPromptChars: 800,
		features: ['seed', 'watermark', 'usePreLlm'],
		editStyle: 'none',
		defaults: {},
		visual: {
			description: 'jimeng_t2i_v30: text to image',
			operations: ['generate'],
			promptRequired: true,
			binaryInput: false,
			defaultSide: 1328,
		},
		sources: [
			'shared/reference/upstream-apis.md (jimeng_t2i_v30: same parameters as v31, from a public relay schema)',
		],
	},
	{
		id: 'jimeng_i2i_v30',
		label: 'Jimeng 3.0 Image to Image',
		family: 'visual',
		backend: 'volcengine',
		match: /^jimeng_i2i_v30$/,
		sizes: visualSizes(['pixels'], ['1K'], {
			minPixels: 512 * 512,
			maxPixels: 2016 * 2016,
			minSide: 512,
			maxSide: 2016,
			maxAspect: 3,
		}),
		maxInputImages: 1,
		maxPromptChars: 800,
		maxInputBytes: Math.floor(4.7 * 1024 * 1024),
		maxInputSide: 4096,
		maxInputAspect: 3,
		features: ['seed', 'watermark', 'scale'],
		editStyle: 'none',
		defaults: {},
		visual: {
			description: 'jimeng_i2i_v30: changes exactly one input image following the prompt',
			operations: ['edit'],
			promptRequired: true,
			binaryInput: true,
			defaultSide: 1328,
		},
		sources: [
			'shared/reference/upstream-apis.md (jimeng_i2i_v30, from a public copy of the official doc: one image ≤ 4.7 MB, long:short ≤ 3, width/height 512–2016)',
		],
	},
	{
		id: 'jimeng_image2image_dream_inpaint',
		label: 'Jimeng Inpainting',
		family: 'visual',
		backend: 'volcengine',
		match: /^jimeng_image2image_dream_inpaint$/,
		sizes: { forms: [], presets: [] },
		// The image and its mask.
		maxInputImages: 2,
		maxInputBytes: Math.floor(4.7 * 1024 * 1024),
		maxInputSide: 4096,
		features: ['seed'],
		editStyle: 'none',
		defaults: {},
		sources: [
			'Volcengine visual docs 85621/1976207 (two images: image then one-channel mask, 0 keep / 255 redraw; prompt required, "删除" removes; seed default 101; JPEG/PNG ≤ 4.7 MB, ≤ 4096×4096)',
		],
	},
	{
		id: 'jimeng_i2i_seed3_tilesr_cvtob',
		label: 'Jimeng Upscale',
		family: 'visual',
		backend: 'volcengine',
		match: /^jimeng_i2i_seed3_tilesr_cvtob$/,
		sizes: { forms: [], presets: [] },
		maxInputImages: 1,
		maxInputBytes: Math.floor(4.7 * 1024 * 1024),
		maxInputSide: 4096,
		maxInputAspect: 3,
		features: [],
		editStyle: 'none',
		defaults: { resolution: '4k' },
		sources: [
			'public clients: one image ≤ 4.7 MB, ≤ 4096×4096, aspect 1:3–3:1; resolution "4k" (default) or "8k"; scale integer 0–100 (default 50)',
		],
	},
	{
		id: 'jimeng_img2img_seed3_painting_edit',
		label: 'Jimeng Outpainting',
		family: 'visual',
		backend: 'volcengine',
		match: /^jimeng_img2img_seed3_painting_edit$/,
		sizes: { forms: [], presets: [] },
		// One image with top/bottom/left/right, or a canvas and its mask.
		maxInputImages: 2,
		features: ['seed'],
		editStyle: 'none',
		defaults: {},
		sources: [
			'public clients: one image + top/bottom/left/right shares of the side (0–1), or canvas + same-size mask; prompt and seed optional',
		],
	},
];

// ---------------------------------------------------------------------------------------------
// Providers: where the base URL decides

export interface Provider {
	id: string;
	/** Matched against the credential's base URL. */
	match: RegExp;
	/** No /images/edits: edits go to /images/generations with `image`. */
	noEditsEndpoint?: boolean;
	/** Models the host does not serve (entry keys). */
	unavailable?: string[];
}

export const PROVIDERS: Provider[] = [
	{
		id: 'ark-eu',
		match: /^https?:\/\/ark\.eu-west\.bytepluses\.com\//i,
		noEditsEndpoint: true,
		unavailable: ['seedream-4.0'],
	},
	{
		// Ark China (ark.cn-beijing.volces.com), BytePlus (ark.ap-southeast.bytepluses.com), and any
		// other host serving Ark's /api/v3 path.
		id: 'ark',
		match:
			/^https?:\/\/[^/]+\/api\/v3\/?$|^https?:\/\/ark\.[a-z0-9-]+\.(volces|bytepluses)\.com\//i,
		noEditsEndpoint: true,
	},
];

// ---------------------------------------------------------------------------------------------
// Look-ups

/** The entry for a model id, or undefined for ids the table does not know (By ID, ep-…). */
export function findModel(
	modelId: string,
	backend: 'openai' | 'volcengine' = 'openai',
): ModelEntry | undefined {
	const id = modelId.trim().toLowerCase();
	return MODELS.find((entry) => entry.backend === backend && entry.match.test(id));
}

/** A Volcengine visual model the Generate / Edit / Submit Task editor lists. */
export type VisualEntry = ModelEntry & { visual: VisualFacts };

const VISUAL_ENTRIES = (): VisualEntry[] =>
	MODELS.filter(
		(entry): entry is VisualEntry => entry.backend === 'volcengine' && entry.visual !== undefined,
	);

/** The model each operation starts with: Edit with one that takes binary input. */
export const DEFAULT_VISUAL_MODEL: Record<VisualOperation | 'submitTask', string> = {
	generate: 'jimeng_t2i_v40',
	edit: 'jimeng_i2i_v30',
	submitTask: 'jimeng_t2i_v40',
};

/** The "Custom" model of the Volcengine editor: any req_key, parameters through Additional Body Fields. */
export const CUSTOM_MODEL = 'custom';

/** The listed visual model with exactly this req_key (the Model field's value). */
export function visualModel(reqKey: string): VisualEntry | undefined {
	return VISUAL_ENTRIES().find((entry) => entry.id === reqKey);
}

/** The visual models an operation lists (Submit Task lists every one). */
export function modelsFor(operation: VisualOperation | 'submitTask'): VisualEntry[] {
	return operation === 'submitTask'
		? VISUAL_ENTRIES()
		: VISUAL_ENTRIES().filter((entry) => entry.visual.operations.includes(operation));
}

/** The req_keys of the visual models for which `predicate` holds. */
export function modelsWith(predicate: (entry: VisualEntry) => boolean): string[] {
	return VISUAL_ENTRIES()
		.filter(predicate)
		.map((entry) => entry.id);
}

export interface VisualSize {
	resolutions: string[];
	/** Takes `size` (the area) instead of width and height: the model picks the ratio. */
	areaField: boolean;
	/** Allowed width × height. */
	area: { min: number; max: number };
	/** Allowed side length. */
	side: { min: number; max: number };
	/** Largest long side / short side. */
	maxRatio: number;
	/** Width and height the editor starts with when the size is Width and Height. */
	defaultSide: number;
}

/**
 * The size fields of a visual model, read from its `sizes`; undefined when it offers no
 * resolutions. The editor and the body need every bound, so a missing one is an error of the table.
 */
export function visualSize(entry: VisualEntry): VisualSize | undefined {
	const sizes = entry.sizes;
	if (!sizes.resolutions?.length) return undefined;
	const bound = (value: number | undefined, name: string): number => {
		if (value === undefined) throw new Error(`Model table: ${entry.id} has no sizes.${name}`);
		return value;
	};
	return {
		resolutions: sizes.resolutions,
		areaField: sizes.forms.includes('area'),
		area: { min: bound(sizes.minPixels, 'minPixels'), max: bound(sizes.maxPixels, 'maxPixels') },
		side: { min: bound(sizes.minSide, 'minSide'), max: bound(sizes.maxSide, 'maxSide') },
		maxRatio: bound(sizes.maxAspect, 'maxAspect'),
		defaultSide: entry.visual.defaultSide,
	};
}

export function findProvider(baseUrl: string | undefined): Provider | undefined {
	if (!baseUrl) return undefined;
	const url = baseUrl.trim();
	return PROVIDERS.find((provider) => provider.match.test(url.endsWith('/') ? url : `${url}/`));
}

export function hasFeature(entry: ModelEntry | undefined, feature: Feature): boolean {
	return entry === undefined || entry.features.includes(feature);
}

/** How an edit is sent for this model on this base URL; unknown models use multipart unless Ark. */
export function editStyleFor(
	entry: ModelEntry | undefined,
	baseUrl: string | undefined,
): EditStyle {
	const provider = findProvider(baseUrl);
	if (provider?.noEditsEndpoint) return 'generations';
	return entry?.editStyle ?? 'multipart';
}

/** Model ids every entry suggests, for the model list when the endpoint lists none. */
export function suggestedModelIds(): string[] {
	const ids = MODELS.flatMap((entry) => entry.listIds ?? []);
	// Newest Seedream first, then Jimeng relays, then the rest, as the editor's list shows them.
	const rank = (id: string) =>
		/seedream-5|seedream-4-5/.test(id) ? 0 : /^jimeng/.test(id) ? 1 : 2;
	return ids.sort((a, b) => rank(a) - rank(b));
}

/**
 * Checks a WxH size against the model's rules; returns a sentence saying what is wrong, or
 * undefined when it fits (or the model is unknown).
 */
export function checkPixelSize(
	entry: ModelEntry | undefined,
	width: number,
	height: number,
): string | undefined {
	if (!entry) return undefined;
	const rules = entry.sizes;
	const text = `${width}x${height}`;
	if (rules.onlyPresets) {
		return rules.presets.includes(text)
			? undefined
			: `${entry.label} takes only the sizes ${rules.presets.join(', ')}`;
	}
	const pixels = width * height;
	const mp = (value: number) => `${(value / MP).toFixed(2)} MP`;
	if (rules.minPixels !== undefined && pixels < rules.minPixels) {
		return `${entry.label} needs at least ${mp(rules.minPixels)} (e.g. ${rules.presets[0]}); ${text} is ${mp(pixels)}`;
	}
	if (rules.maxPixels !== undefined && pixels > rules.maxPixels) {
		return `${entry.label} allows at most ${mp(rules.maxPixels)}; ${text} is ${mp(pixels)}`;
	}
	const low = Math.min(width, height);
	const high = Math.max(width, height);
	if (rules.minSide !== undefined && low < rules.minSide) {
		return `${entry.label} needs sides of at least ${rules.minSide} pixels`;
	}
	if (rules.maxSide !== undefined && high > rules.maxSide) {
		return `${entry.label} allows sides of at most ${rules.maxSide} pixels`;
	}
	if (rules.maxAspect !== undefined && high / low > rules.maxAspect) {
		return `${entry.label} allows aspect ratios up to 1:${rules.maxAspect}`;
	}
	if (
		rules.multipleOf !== undefined &&
		(width % rules.multipleOf !== 0 || height % rules.multipleOf !== 0)
	) {
		return `${entry.label} needs both sides to be multiples of ${rules.multipleOf}`;
	}
	return undefined;
}

// ---------------------------------------------------------------------------------------------
// Editor helpers (still pure data out)

const OPENAI_ENTRIES = () => MODELS.filter((entry) => entry.backend === 'openai');

/**
 * A regular expression (as text, for n8n's `_cnd.regex` display condition) matching the model ids
 * that have `feature`, and every id the table does not know (those get every option).
 */
export function featurePattern(feature: Feature): string {
	const all = OPENAI_ENTRIES().map((entry) => `(?:${entry.match.source})`);
	const having = OPENAI_ENTRIES()
		.filter((entry) => entry.features.includes(feature))
		.map((entry) => `(?:${entry.match.source})`);
	const unknown = `^(?!${all.join('|')})`;
	return having.length > 0 ? `${having.join('|')}|${unknown}` : unknown;
}

export interface SizeChoice {
	name: string;
	value: string;
	description?: string;
}

function ratioOf(width: number, height: number): string {
	const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
	const divisor = gcd(width, height);
	const w = width / divisor;
	const h = height / divisor;
	// Presets are rounded to multiples of 16: show the nearest common ratio.
	const common = ['1:1', '4:3', '3:4', '16:9', '9:16', '3:2', '2:3', '21:9', '9:21', '7:4', '4:7'];
	const nearest = common
		.map((text) => {
			const [a, b] = text.split(':').map(Number);
			return { text, error: Math.abs(a / b - width / height) };
		})
		.sort((x, y) => x.error - y.error)[0];
	return nearest.error < 0.04 ? nearest.text : `${w}:${h}`;
}

/** The size dropdown for a model: Model Default, its presets, ratio + resolution, Custom. */
export function sizeChoices(entry: ModelEntry | undefined): SizeChoice[] {
	const choices: SizeChoice[] = [
		{
			name: 'Model Default',
			value: 'default',
			description: 'Send what works for the model on every provider (usually no size)',
		},
	];
	for (const preset of entry?.sizes.presets ?? []) {
		const wh = /^(\d+)x(\d+)$/.exec(preset);
		choices.push({
			name: wh ? `${preset} (${ratioOf(Number(wh[1]), Number(wh[2]))})` : preset,
			value: preset,
		});
	}
	for (const resolution of entry?.sizes.forms.includes('resolution')
		? (entry.sizes.resolutions ?? [])
		: []) {
		choices.push({
			name: `${resolution} (the model picks the ratio)`,
			value: resolution,
		});
	}
	if (!entry || entry.sizes.forms.includes('ratioFields') || entry.sizes.forms.includes('pixels')) {
		choices.push({
			name: 'Aspect Ratio + Resolution',
			value: 'ratio',
			description: 'Pick a ratio (16:9) and a resolution (2K)',
		});
	}
	choices.push({
		name: 'Custom…',
		value: 'size',
		description: 'Type the size: 2048x2048, 1024*1024, 2K, auto …',
	});
	return choices;
}
