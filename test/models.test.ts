import type { INodeParameters, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { description as volcEditDescription } from '../nodes/Jimeng/visual/actions/edit.operation';
import { description as volcGenerateDescription } from '../nodes/Jimeng/visual/actions/generate.operation';
import { description as volcSubmitDescription } from '../nodes/Jimeng/visual/actions/submitTask.operation';
import {
	CUSTOM_MODEL,
	DEFAULT_VISUAL_MODEL,
	type Feature,
	MODELS,
	checkPixelSize,
	editStyleFor,
	findModel,
	findProvider,
	hasFeature,
	layerImagesAtMost,
	modelsFor,
	suggestedModelIds,
	visualModel,
	visualSize,
} from '../nodes/Jimeng/models/models';
import { SIZE_PRESETS, presetSize } from '../nodes/Jimeng/models/visualSizes';

describe('capability table: which entry a model id gets', () => {
	test.each([
		['jimeng-4.0', 'jimeng'],
		['jimeng-5.0', 'jimeng'],
		['jimeng-4.6', 'jimeng'],
		['jimeng-agent', 'jimeng'],
		['doubao-seedream-4-0-250828', 'seedream-4.0'],
		['seedream-4-0-250828', 'seedream-4.0'],
		['doubao-seedream-4-5-251128', 'seedream-4.5'],
		['seedream-4-5-251128', 'seedream-4.5'],
		['doubao-seedream-4.5', 'seedream-4.5'],
		['doubao-seedream-5-0-260128', 'seedream-5.0-lite'],
		['doubao-seedream-5-0-lite-260128', 'seedream-5.0-lite'],
		['seedream-5-0-260128', 'seedream-5.0-lite'],
		['seedream-5.0-lite', 'seedream-5.0-lite'],
		['doubao-seedream-5-0-pro-260628', 'seedream-5.0-pro'],
		['seedream-5-0-pro-260628', 'seedream-5.0-pro'],
		['doubao-seedream-3-0-t2i-250415', 'seedream-3.0-t2i'],
		['doubao-seededit-3-0-i2i-250628', 'seededit-3.0'],
		['gpt-image-2', 'gpt-image-2'],
		['gpt-image-2-2026-04-21', 'gpt-image-2'],
		['GPT-IMAGE-2', 'gpt-image-2'],
		['gpt-image-1.5', 'gpt-image-1'],
		['dall-e-3', 'dall-e-3'],
		['dall-e-2', 'dall-e-2'],
	])('%s → %s', (id, key) => {
		expect(findModel(id)?.id).toBe(key);
	});

	test.each(['ep-20250101-abcdef', 'my-model', 'jimeng_t2i_v40', ''])(
		'unknown on the OpenAI backend: %p',
		(id) => {
			expect(findModel(id)).toBeUndefined();
		},
	);

	test('visual req_keys are entries of the Volcengine backend', () => {
		for (const key of ['jimeng_t2i_v40', 'jimeng_t2i_v31', 'jimeng_t2i_v30', 'jimeng_i2i_v30']) {
			expect(findModel(key, 'volcengine')?.id).toBe(key);
		}
		expect(findModel('jimeng_t2i_v40', 'volcengine')?.maxInputImages).toBe(10);
		expect(findModel('jimeng_t2i_v40', 'volcengine')?.maxPromptChars).toBe(800);
	});

	test("every entry is complete: keys unique, presets fit the entry's own bounds, sources named", () => {
		const keys = new Set<string>();
		for (const entry of MODELS) {
			expect(keys.has(entry.id)).toBe(false);
			keys.add(entry.id);
			expect(entry.sources.length).toBeGreaterThan(0);
			for (const preset of entry.sizes.presets) {
				const wh = /^(\d+)x(\d+)$/.exec(preset);
				if (!wh) continue;
				expect([preset, checkPixelSize(entry, Number(wh[1]), Number(wh[2]))]).toEqual([
					preset,
					undefined,
				]);
			}
			for (const id of entry.listIds ?? []) expect(findModel(id, entry.backend)?.id).toBe(entry.id);
		}
		expect(suggestedModelIds()).toEqual(
			expect.arrayContaining(['jimeng-5.0', 'doubao-seedream-5-0-pro-260628', 'gpt-image-2']),
		);
	});
});

describe('limits', () => {
	test('Seedream size floors per model (Ark)', () => {
		expect(checkPixelSize(findModel('doubao-seedream-4-0-250828'), 1280, 720)).toBeUndefined();
		expect(checkPixelSize(findModel('doubao-seedream-4-0-250828'), 1024, 768)).toMatch(
			/at least 0\.92 MP/,
		);
		expect(checkPixelSize(findModel('doubao-seedream-4-5-251128'), 2048, 1024)).toMatch(
			/at least 3\.69 MP/,
		);
		expect(checkPixelSize(findModel('doubao-seedream-4-5-251128'), 4096, 4097)).toMatch(/at most/);
		expect(checkPixelSize(findModel('doubao-seedream-5-0-pro-260628'), 2560, 1920)).toMatch(
			/at most 4\.62 MP/,
		);
		expect(checkPixelSize(findModel('doubao-seedream-4-5-251128'), 8000, 480)).toMatch(
			/at least|aspect/,
		);
	});

	test('gpt-image-2: multiples of 16, 1:3–3:1, at most 3840x2160', () => {
		const gpt = findModel('gpt-image-2');
		expect(checkPixelSize(gpt, 1536, 864)).toBeUndefined();
		expect(checkPixelSize(gpt, 1000, 1000)).toMatch(/multiples of 16/);
		expect(checkPixelSize(gpt, 3840, 1024)).toMatch(/aspect/);
		expect(checkPixelSize(gpt, 3840, 2176)).toMatch(/at most/);
	});

	test('fixed size lists', () => {
		expect(checkPixelSize(findModel('dall-e-3'), 1024, 1024)).toBeUndefined();
		expect(checkPixelSize(findModel('dall-e-3'), 1536, 1024)).toMatch(/only the sizes/);
		expect(checkPixelSize(undefined, 1, 1)).toBeUndefined();
	});

	test('features and defaults', () => {
		expect(findModel('jimeng-4.0')?.defaults).toEqual({ n: 1 });
		expect(hasFeature(findModel('gpt-image-2'), 'gptImage')).toBe(true);
		expect(hasFeature(findModel('doubao-seedream-4-5-251128'), 'gptImage')).toBe(false);
		expect(hasFeature(findModel('doubao-seedream-5-0-pro-260628'), 'group')).toBe(false);
		expect(hasFeature(findModel('doubao-seedream-5-0-pro-260628'), 'stream')).toBe(false);
		expect(hasFeature(undefined, 'gptImage')).toBe(true);
		expect(findModel('gpt-image-2')?.backgrounds).not.toContain('transparent');
	});
});

describe('the 2026 Seedream models', () => {
	test.each([
		['dola-seedream-5-0-pro-260628', 'seedream-5.0-pro'],
		['doubao-seedream-5-0-pro-260628', 'seedream-5.0-pro'],
		['seedream-5-0-pro-260628', 'seedream-5.0-pro'],
		['dola-seedream-5-0-flash-260915', 'seedream-5.0-flash'],
		['doubao-seedream-5-0-flash-260915', 'seedream-5.0-flash'],
		['dola-seedream-5-5-261028', 'seedream-5.5'],
		['seedream-5-5-261028', 'seedream-5.5'],
		['doubao-seedream-5-0-260128', 'seedream-5.0-lite'],
	])('%s is %s', (id, key) => {
		expect(findModel(id)?.id).toBe(key);
	});

	test('limits per model: references, layers, prompt modes, transparency', () => {
		const pro = findModel('dola-seedream-5-0-pro-260628')!;
		const flash = findModel('dola-seedream-5-0-flash-260915')!;
		const v55 = findModel('dola-seedream-5-5-261028')!;
		for (const entry of [pro, flash, v55]) {
			expect(entry.maxInputImages).toBe(10);
			expect(hasFeature(entry, 'group')).toBe(false);
			expect(entry.transparentFormats).toEqual(['png']);
		}
		expect(layerImagesAtMost(pro)).toBe(17);
		expect(layerImagesAtMost(v55)).toBe(100);
		expect(layerImagesAtMost(findModel('doubao-seedream-4-5-251128'))).toBeUndefined();
		expect(pro.promptModes).toEqual(['standard', 'fast']);
		expect(flash.promptModes).toEqual(['standard']);
		expect(hasFeature(v55, 'promptMode')).toBe(false);
		expect(v55.backgrounds).toEqual(['auto', 'transparent', 'opaque']);
		expect(pro.backgroundInputImages).toBe(1);
		expect(v55.backgroundInputImages).toBeUndefined();
	});

	test('the BytePlus ids come first in the suggestions', () => {
		const ids = suggestedModelIds();
		for (const id of [
			'dola-seedream-5-0-pro-260628',
			'dola-seedream-5-0-flash-260915',
			'dola-seedream-5-5-261028',
		]) {
			expect(ids).toContain(id);
		}
	});

	test('size bounds of 5.0 Pro / Flash: [921600, 4624220] pixels, ratio up to 16', () => {
		const flash = findModel('dola-seedream-5-0-flash-260915');
		expect(checkPixelSize(flash, 1280, 720)).toBeUndefined();
		expect(checkPixelSize(flash, 2150, 2150)).toBeUndefined();
		expect(checkPixelSize(flash, 1279, 720)).toMatch(/at least 0\.92 MP/);
		expect(checkPixelSize(flash, 2200, 2200)).toMatch(/at most 4\.62 MP/);
		for (const preset of flash!.sizes.presets) {
			const [w, h] = preset.split('x').map(Number);
			expect(checkPixelSize(flash, w, h)).toBeUndefined();
		}
	});
});

describe('providers: the base URL decides where Ark has no edits endpoint', () => {
	test.each([
		['https://ark.cn-beijing.volces.com/api/v3', 'ark'],
		['https://ark.ap-southeast.bytepluses.com/api/v3/', 'ark'],
		['https://ark.eu-west.bytepluses.com/api/v3', 'ark-eu'],
		['http://127.0.0.1:4000/api/v3', 'ark'],
		// Ark's Agent Plan: its own keys on /api/plan/v3, the same images API.
		['https://ark.cn-beijing.volces.com/api/plan/v3', 'ark'],
		['http://127.0.0.1:4000/api/plan/v3/', 'ark'],
		['http://127.0.0.1:4000/api/planx/v3', undefined],
		['https://models.hingnet.com.cn/v1', undefined],
		['https://zx1.deepwl.net/v1', undefined],
		['', undefined],
	])('%p → %p', (url, key) => {
		expect(findProvider(url)?.id).toBe(key);
	});

	test('edit style follows the model, and Ark overrides it', () => {
		const seedream = findModel('doubao-seedream-4-5-251128');
		expect(editStyleFor(seedream, 'https://ark.cn-beijing.volces.com/api/v3')).toBe('generations');
		expect(editStyleFor(seedream, 'https://relay.example.com/v1')).toBe('multipart');
		expect(editStyleFor(findModel('gpt-image-2'), 'https://api.openai.com/v1')).toBe('multipart');
		expect(editStyleFor(undefined, 'https://relay.example.com/v1')).toBe('multipart');
		expect(editStyleFor(findModel('dall-e-3'), 'https://api.openai.com/v1')).toBe('none');
	});
});

describe('Volcengine visual models: one table feeds the editor, the body and the checks', () => {
	const editors: Array<['generate' | 'edit' | 'submitTask', INodeProperties[]]> = [
		['generate', volcGenerateDescription],
		['edit', volcEditDescription],
		['submitTask', volcSubmitDescription],
	];
	/** The Volcengine model parameters, by the feature that shows them. */
	const PARAMETER_FIELDS: Feature[] = ['scale', 'scaleInteger', 'usePreLlm', 'forceSingle', 'seed'];

	const offered = (description: INodeProperties[]) =>
		(description.find((p) => p.name === 'model')?.options ?? []).map(
			(option) => (option as { value: string }).value,
		);
	const shown = (description: INodeProperties[], parameters: INodeParameters) =>
		description
			.filter((p) => NodeHelpers.displayParameter(parameters, p, null, null, parameters))
			.map((p) => p.name);

	test('every visual model that takes an input image states its byte, side and aspect limits', () => {
		const lacking = MODELS.filter(
			(entry) =>
				entry.backend === 'volcengine' &&
				entry.maxInputImages > 0 &&
				entry.id !== 'jimeng_img2img_seed3_painting_edit',
		)
			.filter((entry) => !entry.maxInputBytes || !entry.maxInputSide)
			.map((entry) => entry.id);
		// Outpainting's input limits are not documented anywhere (README "Visual API editing models").
		expect(lacking).toEqual([]);
		const withAspect = MODELS.filter((entry) => entry.maxInputAspect !== undefined).map(
			(e) => e.id,
		);
		expect(withAspect).toEqual([
			'jimeng_t2i_v40',
			'jimeng_seedream46_cvtob',
			'jimeng_i2i_v30',
			'jimeng_i2i_seed3_tilesr_cvtob',
		]);
	});

	test('the editor offers these req_keys, each one an entry of the Volcengine backend', () => {
		expect(editors.map(([operation, description]) => [operation, offered(description)])).toEqual([
			[
				'generate',
				[
					'jimeng_t2i_v40',
					'jimeng_seedream46_cvtob',
					'jimeng_t2i_v31',
					'jimeng_t2i_v30',
					CUSTOM_MODEL,
				],
			],
			['edit', ['jimeng_t2i_v40', 'jimeng_seedream46_cvtob', 'jimeng_i2i_v30', CUSTOM_MODEL]],
			[
				'submitTask',
				[
					'jimeng_t2i_v40',
					'jimeng_seedream46_cvtob',
					'jimeng_t2i_v31',
					'jimeng_t2i_v30',
					'jimeng_i2i_v30',
					CUSTOM_MODEL,
				],
			],
		]);
		for (const [operation, description] of editors) {
			const keys = offered(description).filter((key) => key !== CUSTOM_MODEL);
			expect(keys).toEqual(modelsFor(operation).map((entry) => entry.id));
			for (const key of keys) expect(findModel(key, 'volcengine')).toBe(visualModel(key));
			expect(keys).toContain(DEFAULT_VISUAL_MODEL[operation]);
		}
	});

	test.each(modelsFor('submitTask').map((entry) => [entry.id, entry] as const))(
		'%s has every fact its editor fields and body need',
		(_id, entry) => {
			expect(entry.visual.description).toMatch(new RegExp(`^${entry.id}: `));
			expect(entry.maxPromptChars).toBe(800);
			if (entry.visual.operations.includes('edit')) expect(entry.maxInputImages).toBeGreaterThan(0);
			if (entry.visual.binaryInput) expect(entry.maxInputBytes).toBeGreaterThan(0);

			const size = visualSize(entry)!;
			expect(size).toBeDefined();
			for (const resolution of size.resolutions) {
				expect(Object.keys(SIZE_PRESETS)).toContain(resolution);
				expect(presetSize(resolution, '1:1')).toBeDefined();
			}
			const side = size.defaultSide;
			expect(side).toBeGreaterThanOrEqual(size.side.min);
			expect(side).toBeLessThanOrEqual(size.side.max);
			expect(checkPixelSize(entry, side, side)).toBeUndefined();
			expect(size.area.min).toBeLessThan(size.area.max);
			expect(size.maxRatio).toBeGreaterThanOrEqual(1);

			// Every field the model's features ask for is shown for it, and no other.
			for (const [operation, description] of editors) {
				if (!modelsFor(operation).includes(entry)) continue;
				const parameters: INodeParameters = {
					operation,
					model: entry.id,
					size: 'custom',
				};
				const names = shown(description, parameters);
				for (const feature of PARAMETER_FIELDS) {
					expect([feature, names.includes(feature)]).toEqual([
						feature,
						entry.features.includes(feature),
					]);
				}
				const ratioRange = entry.features.includes('ratioRange');
				expect(names.includes('minRatio') && names.includes('maxRatio')).toBe(ratioRange);
				expect(names).toEqual(expect.arrayContaining(['prompt', 'size', 'width', 'height']));
				const width = description.find(
					(p) =>
						p.name === 'width' &&
						NodeHelpers.displayParameter(parameters, p, null, null, parameters),
				);
				expect(width?.default).toBe(side);
			}
		},
	);
});
