/**
 * Volcengine visual API (req_key). The Volcengine backend builds its body itself; these entries
 * carry the limits and labels, and (`visual`) what its Generate / Edit / Submit Task editor lists.
 * The editor lists them in this order. New req_keys (inpaint, upscale, …) are new entries here.
 * Pure data, see models.ts.
 */

import { presetList, type VisualResolution } from './visualSizes';
import type { ModelEntry, SizeForm, SizeRules } from './types';

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

export const VISUAL_MODELS: ModelEntry[] = [
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
			'Volcengine visual API docs, volcengine.com/docs/85621 (jimeng_t2i_v40: size area, force_single)',
			'Volcengine visual API docs, volcengine.com/docs/85621 ( area [1024², 4096²], image_urls 0–10 ≤ 15 MB, prompt ≤ 800, presets, outputs ≤ 15 − inputs)',
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
			'Volcengine visual API docs, volcengine.com/docs/85621 (jimeng_t2i_v31, from a public copy of the official doc: area [512², 2048²], aspect 1:3–3:1, 1K/2K presets, seed, use_pre_llm)',
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
			'Volcengine visual API docs, volcengine.com/docs/85621 (jimeng_t2i_v30: same parameters as v31, from a public relay schema)',
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
			'Volcengine visual API docs, volcengine.com/docs/85621 (jimeng_i2i_v30, from a public copy of the official doc: one image ≤ 4.7 MB, long:short ≤ 3, width/height 512–2016)',
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
