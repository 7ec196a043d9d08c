import {
	callCost,
	parsePriceOverrides,
	priceFor,
	splitCost,
	statedCost,
	worstCase,
} from '../nodes/Jimeng/money/pricing';
import { planOf } from '../nodes/Jimeng/money/runCost';
import { findModel } from '../nodes/Jimeng/models/models';

describe('priceFor', () => {
	test('the table: hingnet per call, gpt-image-2 tokens, visual per image, BytePlus Seedream', () => {
		expect(priceFor('jimeng-4.0')?.price).toMatchObject({
			perCall: 0.8,
			imagesPerCall: 4,
			currency: 'CNY',
		});
		expect(priceFor('gpt-image-2')?.price.perMillionTokens).toEqual({
			textInput: 5,
			cachedTextInput: 1.25,
			imageInput: 8,
			output: 30,
		});
		expect(priceFor('jimeng_t2i_v40')?.price).toMatchObject({ perImage: 0.22, currency: 'CNY' });
		expect(priceFor('seedream-4-5-251128')?.price).toMatchObject({
			perImage: 0.04,
			currency: 'USD',
		});
		expect(priceFor('jimeng_t2i_v40')?.priceSource).toMatch(/2026-03-31/);
	});

	test('an unknown model has no price: never a guess', () => {
		expect(priceFor('doubao-seedream-4-5-251128')).toBeUndefined();
		expect(priceFor('my-relay-model')).toBeUndefined();
	});

	test('the credential wins: exact id first, then a * pattern', () => {
		const { prices } = parsePriceOverrides(
			JSON.stringify({
				'jimeng-4.0': { perCall: 0.5, currency: 'CNY', imagesPerCall: 4 },
				'doubao-seedream-*': { perImage: 0.25, currency: 'cny' },
			}),
		);
		expect(priceFor('jimeng-4.0', prices)).toEqual({
			price: { perCall: 0.5, currency: 'CNY', imagesPerCall: 4, source: 'credential' },
			priceSource: 'credential',
		});
		expect(priceFor('doubao-seedream-4-5-251128', prices)?.price.perImage).toBe(0.25);
		expect(priceFor('jimeng_t2i_v40', prices)?.priceSource).not.toBe('credential');
	});
});

describe('parsePriceOverrides', () => {
	test.each([
		['{not json', /not valid JSON/],
		['[1]', /JSON object/],
		['{"m": 3}', /must be an object/],
		['{"m": {"perImage": 1}}', /currency/],
		['{"m": {"perImage": 1, "perCall": 2, "currency": "CNY"}}', /exactly one/],
		['{"m": {"perImage": -1, "currency": "CNY"}}', /perImage/],
		['{"m": {"perMillionTokens": {"output": 1}, "currency": "USD"}}', /perMillionTokens/],
		['{"m": {"perCall": 1, "imagesPerCall": 0, "currency": "USD"}}', /imagesPerCall/],
	])('%s is refused', (raw, problem) => {
		const parsed = parsePriceOverrides(raw);
		expect(parsed.prices).toBeUndefined();
		expect(parsed.problem).toMatch(problem);
	});

	test('empty means no overrides', () => {
		expect(parsePriceOverrides('')).toEqual({ prices: {} });
		expect(parsePriceOverrides(undefined)).toEqual({ prices: {} });
	});
});

describe('callCost', () => {
	test('hingnet: 0.8 CNY per call, spread over its 4 images to sum exactly', () => {
		const cost = callCost({ images: 4 }, priceFor('jimeng-4.0'));
		expect(cost).toMatchObject({ amount: 0.8, currency: 'CNY', basis: 'call', estimated: true });
		const shares = splitCost(cost, 4);
		expect(shares.map((share) => share.amount)).toEqual([0.2, 0.2, 0.2, 0.2]);
		const thirds = splitCost({ ...cost, amount: 1, units: { images: 3 } }, 3);
		expect(thirds.map((s) => s.amount)).toEqual([0.333333, 0.333333, 0.333334]);
		expect(thirds.reduce((sum, s) => sum + (s.amount ?? 0), 0)).toBeCloseTo(1, 9);
	});

	test('the items of one call sum to that call: amount, calls and tokens alike (images stay whole)', () => {
		const usage = { input_tokens: 1001, output_tokens: 8191, generated_images: 3 };
		const cost = callCost({ images: 3, usage }, priceFor('gpt-image-2'));
		const parts = splitCost(cost, 3);
		const sum = (pick: (c: (typeof parts)[number]) => number | undefined) =>
			parts.reduce((total, part) => total + (pick(part) ?? 0), 0);
		expect(sum((p) => p.units.calls)).toBeCloseTo(1, 9);
		expect(sum((p) => p.units.inputTokens)).toBeCloseTo(1001, 9);
		expect(sum((p) => p.units.outputTokens)).toBeCloseTo(8191, 9);
		expect(sum((p) => p.amount)).toBeCloseTo(cost.amount ?? NaN, 9);
		expect(parts.map((p) => p.units.images)).toEqual([1, 1, 1]);
		expect(parts.map((p) => p.units.calls)).toEqual([0.333333, 0.333333, 0.333334]);
		const pair = splitCost(callCost({ images: 2 }, priceFor('jimeng-4.0')), 2);
		expect(pair.map((p) => p.units)).toEqual([
			{ images: 1, calls: 0.5 },
			{ images: 1, calls: 0.5 },
		]);
	});

	test('gpt-image-2: tokens × seed 002 rates', () => {
		const usage = {
			input_tokens: 1050,
			input_tokens_details: { text_tokens: 50, image_tokens: 1000 },
			output_tokens: 4096,
		};
		const cost = callCost({ images: 1, usage }, priceFor('gpt-image-2'));
		// 50 × $5 + 1000 × $8 + 4096 × $30, per million
		expect(cost).toMatchObject({ amount: 0.13113, currency: 'USD', basis: 'tokens' });
		expect(cost.units).toEqual({ images: 1, calls: 1, inputTokens: 1050, outputTokens: 4096 });
	});

	test('Ark: generated_images × per image (not the data[] length)', () => {
		const cost = callCost(
			{ images: 3, usage: { generated_images: 2, output_tokens: 100 } },
			priceFor('seedream-4-0-250828'),
		);
		expect(cost).toMatchObject({ amount: 0.06, basis: 'image', units: { images: 2 } });
	});

	test('an upstream-stated cost wins and is not an estimate', () => {
		const cost = callCost({ images: 4, upstreamCost: { amount: 0.75 } }, priceFor('jimeng-4.0'));
		expect(cost).toMatchObject({
			amount: 0.75,
			currency: 'CNY',
			basis: 'upstream',
			estimated: false,
		});
	});

	test('no price: no amount, but the units', () => {
		const cost = callCost({ images: 2, usage: { output_tokens: 10, input_tokens: 1 } }, undefined);
		expect(cost.amount).toBeUndefined();
		expect(cost).toMatchObject({ basis: 'none', units: { images: 2, outputTokens: 10 } });
	});

	test('statedCost reads a relay figure in its usual places', () => {
		expect(statedCost({ cost: 0.5, currency: 'usd' })).toEqual({ amount: 0.5, currency: 'USD' });
		expect(statedCost({ cost: { amount: 1.2, currency: 'CNY' } })).toEqual({
			amount: 1.2,
			currency: 'CNY',
		});
		expect(statedCost({ usage: { cost: 0.1 } })).toEqual({ amount: 0.1 });
		expect(statedCost({ cost: 'free' })).toBeUndefined();
		expect(statedCost({ usage: { total_tokens: 3 } })).toBeUndefined();
	});
});

describe('worstCase', () => {
	test('per call counts its fixed images; per image multiplies the most images', () => {
		expect(worstCase({ model: 'jimeng-4.0', maxImages: 1 }, priceFor('jimeng-4.0'))).toEqual({
			images: 4,
			amount: 0.8,
			currency: 'CNY',
		});
		expect(
			worstCase({ model: 'jimeng_t2i_v40', maxImages: 15 }, priceFor('jimeng_t2i_v40')),
		).toEqual({
			images: 15,
			amount: 3.3,
			currency: 'CNY',
		});
	});

	test('tokens: the per-image estimate by quality, scaled up for larger sizes', () => {
		const price = priceFor('gpt-image-2');
		expect(worstCase({ model: 'gpt-image-2', maxImages: 2, quality: 'low' }, price).amount).toBe(
			0.012,
		);
		expect(worstCase({ model: 'gpt-image-2', maxImages: 1 }, price).amount).toBe(0.211);
		expect(
			worstCase({ model: 'gpt-image-2', maxImages: 1, quality: 'high', pixels: 3072 * 2048 }, price)
				.amount,
		).toBe(0.844);
	});

	test('no price: images only', () => {
		expect(worstCase({ model: 'x', maxImages: 3 }, undefined)).toEqual({ images: 3 });
	});
});

describe('one table of truth with the capability table', () => {
	test.each([
		['jimeng-4.0', 'openai'],
		['gpt-image-2', 'openai'],
		['seedream-4-0-250828', 'openai'],
		['seedream-4-5-251128', 'openai'],
		['seedream-5-0-260128', 'openai'],
		['jimeng_t2i_v40', 'volcengine'],
	] as const)('the priced id %s is a model of lib/models.ts', (id, backend) => {
		expect(priceFor(id)).toBeDefined();
		expect(findModel(id, backend)).toBeDefined();
	});
});

describe('planOf: the most images a prepared request can return', () => {
	test('visual API: force_single → 1; otherwise 15 − inputs; unknown req_key counts as several', () => {
		const visual = (body: object, reqKey = 'jimeng_t2i_v40') => planOf({ reqKey, body })?.maxImages;
		expect(visual({ force_single: true })).toBe(1);
		expect(visual({ image_urls: ['a', 'b'] })).toBe(13);
		expect(visual({}, 'jimeng_some_new_model')).toBe(15);
		expect(visual({}, 'jimeng_t2i_v30')).toBe(1);
		// Seedream 4.6's count is undocumented: the worst case must not be low.
		expect(visual({ image_urls: ['a'] }, 'jimeng_seedream46_cvtob')).toBe(14);
		expect(visual({ force_single: true }, 'jimeng_seedream46_cvtob')).toBe(1);
		expect(planOf({ taskId: '1', reqKey: 'jimeng_t2i_v40' })).toBeUndefined();
	});

	test('OpenAI-compatible: n, group max_images or 15 − inputs, size and quality', () => {
		expect(
			planOf({ body: { model: 'gpt-image-2', n: 3, size: '1536x1024', quality: 'high' } }),
		).toEqual({
			model: 'gpt-image-2',
			maxImages: 3,
			quality: 'high',
			pixels: 1536 * 1024,
		});
		const group = { model: 'doubao-seedream-4-5-251128', sequential_image_generation: 'auto' };
		expect(planOf({ body: { ...group, image: ['x', 'y', 'z'] } })?.maxImages).toBe(12);
		expect(
			planOf({ body: { ...group, sequential_image_generation_options: { max_images: 2 } } })
				?.maxImages,
		).toBe(2);
		const form = new FormData();
		form.append('model', 'jimeng-4.0');
		form.append('n', '2');
		expect(planOf({ body: form })?.maxImages).toBe(2);
	});
});
