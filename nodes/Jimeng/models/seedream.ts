/** Ark Seedream / SeedEdit models (Volcengine Ark, BytePlus ModelArk, relays). Pure data, see models.ts. */

import { MP, type Feature, type ModelEntry } from './types';

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
];
