import {
	MODELS,
	checkPixelSize,
	editStyleFor,
	findModel,
	findProvider,
	hasFeature,
	suggestedModelIds,
} from '../nodes/Jimeng/lib/models';

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

describe('providers: the base URL decides where Ark has no edits endpoint', () => {
	test.each([
		['https://ark.cn-beijing.volces.com/api/v3', 'ark'],
		['https://ark.ap-southeast.bytepluses.com/api/v3/', 'ark'],
		['https://ark.eu-west.bytepluses.com/api/v3', 'ark-eu'],
		['http://127.0.0.1:4000/api/v3', 'ark'],
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
