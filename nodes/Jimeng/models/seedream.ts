/** Ark Seedream / SeedEdit models (Volcengine Ark, BytePlus ModelArk, relays). Pure data, see models.ts. */

import type { Feature, ModelEntry } from './types';

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
/**
 * Seedream 5.0 Pro / Flash: the width × height the model maps each resolution tier to (BytePlus
 * ModelArk, Seedream 5.0 pro tutorial, "Image output size"), 2K (the default) first.
 */
const SEEDREAM_50_PRO_2K = [
	'2048x2048',
	'2368x1776',
	'1776x2368',
	'2816x1584',
	'1584x2816',
	'2496x1664',
	'1664x2496',
	'3136x1344',
];
const SEEDREAM_50_PRO_15K = [
	'1536x1536',
	'1792x1344',
	'1344x1792',
	'2048x1152',
	'1152x2048',
	'1872x1248',
	'1248x1872',
	'2352x1008',
];
const SEEDREAM_50_PRO_1K = [
	'1024x1024',
	'1152x864',
	'864x1152',
	'1424x800',
	'800x1424',
	'1248x832',
	'832x1248',
	'1568x672',
];

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
/** The public page the 5.0 Pro / Flash facts were read from (read 2026-12-07). */
const BYTEPLUS_PRO_TUTORIAL =
	'BytePlus ModelArk "Seedream 5.0 pro tutorial", docs.byteplus.com/en/docs/ModelArk/2582774, read 2026-12-07 (ids, 1K / 1.5K / 2K, [921600, 4624220] px, ratio 1/16–16, png / jpeg, 10 references up to 30 MB, no group or stream, optimize_prompt_options.mode, background transparent / opaque with its rules, layer_decomposition: one png / jpeg image, 1K / 1.5K / 2K / auto, base + up to 16 layers with z_index and bounding_box)';
/** Seedream 5.5 has no official page the node could read: these public pages agree on each fact used. */
const SEEDREAM_55_SOURCES = [
	'docs.laozhang.ai "Seedream 5.5" (ids seedream-5-5-261028 / dola-seedream-5-5-261028, 1K / 1.5K / 2K default 2K, no 3K / 4K, png by default, background auto / transparent / opaque, transparent + jpeg and background + layers refused, 10 references, up to 99 layers), read 2026-12-07',
	'docs.comfy.org Comfy Router byteplus/seedream-5-5-261028 schema (background auto / transparent / opaque, jpeg + transparent refused, no background with layer_decomposition, 10 references, up to 99 layers), read 2026-12-07',
	'dev.to HopBase "Seedream 5.5 API Pricing" (10 references, png / jpeg, up to 4,624,220 pixels), read 2026-12-07',
];
/** Prompt optimisation modes per model: BytePlus ModelArk Seedream 5.0 pro tutorial's model table. */
const PROMPT_MODE_SOURCE =
	'BytePlus ModelArk Seedream 5.0 pro tutorial, model table (prompt optimization: 5.0 Pro standard / fast, 5.0 Lite and 4.5 standard, 4.0 standard / fast), read 2026-12-07';
const ARK_SOURCES = [
	'Volcengine Ark image generation API (docs 82379/1541523, 6492/2172373)',
	'sawyer-shi/dify-plugins-seedream_aigc tools/_capabilities.py (per-model presets, references, stream, group)',
	'novita.ai Seedream 4.5 API (total pixels [3686400, 16777216], ratio [1/16, 16])',
];

/**
 * What Seedream 5.0 Pro and 5.0 Flash share (one page documents both): 1K–2K, 10 references, no
 * group images and no stream (one image, or one set of layers), a background only from one input
 * image with an alpha channel, layer decomposition.
 */
const SEEDREAM_50_PRO_FLASH = {
	family: 'seedream',
	backend: 'openai',
	sizes: {
		forms: ['pixels', 'resolution'],
		presets: [...SEEDREAM_50_PRO_2K, ...SEEDREAM_50_PRO_15K, ...SEEDREAM_50_PRO_1K],
		resolutions: ['2K', '1.5K', '1K'],
		minPixels: 921600,
		maxPixels: 4624220,
		maxAspect: 16,
	},
	maxInputImages: 10,
	maxInputBytes: 30 * 1024 * 1024,
	features: ['watermark', 'outputFormat', 'responseFormat', 'background', 'promptMode', 'layers'],
	outputFormats: ['png', 'jpeg'],
	backgrounds: ['transparent', 'opaque'],
	transparentFormats: ['png'],
	backgroundInputImages: 1,
	layers: { maxLayers: 16, sizes: ['1K', '1.5K', '2K', 'auto'], inputFormats: ['png', 'jpeg'] },
	editStyle: 'multipart',
	defaults: {},
	sources: [BYTEPLUS_PRO_TUTORIAL],
} satisfies Partial<ModelEntry>;

/** In the order of the table: the first match wins. */
export const SEEDREAM_MODELS: ModelEntry[] = [
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
			'Volcengine Ark image generation API docs (3.0-t2i: WxH, total pixels [512², 2048²], presets, seed)',
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
		features: [...SEEDREAM_GROUP_FEATURES, 'promptMode'],
		promptModes: ['standard', 'fast'],
		editStyle: 'multipart',
		defaults: {},
		sources: [...ARK_SOURCES, PROMPT_MODE_SOURCE],
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
		features: [...SEEDREAM_GROUP_FEATURES, 'promptMode'],
		promptModes: ['standard'],
		editStyle: 'multipart',
		defaults: {},
		sources: [
			...ARK_SOURCES,
			PROMPT_MODE_SOURCE,
			'Ark Seedream 4.x API docs and a Seedream relay (relay: generations with image[], n as group, multipart edits)',
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
		features: [...SEEDREAM_GROUP_FEATURES, 'outputFormat', 'promptMode'],
		outputFormats: ['jpeg', 'png'],
		promptModes: ['standard'],
		editStyle: 'multipart',
		defaults: {},
		sources: [
			...ARK_SOURCES,
			PROMPT_MODE_SOURCE,
			'docs.apimart.ai Seedream 5.0 Lite (2K / 3K, output_format png|jpeg)',
		],
	},
	{
		id: 'seedream-5.0-pro',
		label: 'Seedream 5.0 Pro',
		match: /^(doubao-|dola-)?seedream-5[-.]0-pro/,
		// The BytePlus id (the page), then the Volcengine Ark China id public clients call.
		listIds: ['dola-seedream-5-0-pro-260628', 'doubao-seedream-5-0-pro-260628'],
		...SEEDREAM_50_PRO_FLASH,
		promptModes: ['standard', 'fast'],
	},
	{
		id: 'seedream-5.0-flash',
		label: 'Seedream 5.0 Flash',
		match: /^(doubao-|dola-)?seedream-5[-.]0-flash/,
		listIds: ['dola-seedream-5-0-flash-260915', 'doubao-seedream-5-0-flash-260915'],
		...SEEDREAM_50_PRO_FLASH,
		promptModes: ['standard'],
	},
	{
		id: 'seedream-5.5',
		label: 'Seedream 5.5',
		family: 'seedream',
		backend: 'openai',
		match: /^(doubao-|dola-)?seedream-5[-.]5/,
		listIds: ['dola-seedream-5-5-261028'],
		// Only the resolution tiers and the pixel ceiling are stated twice; no floor, no ratio bound.
		sizes: {
			forms: ['pixels', 'resolution'],
			presets: [],
			resolutions: ['2K', '1.5K', '1K'],
			maxPixels: 4624220,
		},
		maxInputImages: 10,
		// Neither group images nor a stream are documented for 5.5.
		features: ['watermark', 'outputFormat', 'responseFormat', 'background', 'layers'],
		outputFormats: ['png', 'jpeg'],
		backgrounds: ['auto', 'transparent', 'opaque'],
		transparentFormats: ['png'],
		layers: { maxLayers: 99 },
		editStyle: 'multipart',
		defaults: {},
		sources: SEEDREAM_55_SOURCES,
	},
];
