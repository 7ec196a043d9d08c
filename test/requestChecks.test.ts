import { findModel, findProvider } from '../nodes/Jimeng/models/models';
import type { RequestContext } from '../nodes/Jimeng/openai/requestChecks';
import { checkRequestBody } from '../nodes/Jimeng/openai/requestChecks';

const ARK = 'https://ark.cn-beijing.volces.com/api/v3';
const RELAY = 'https://relay.example.com/v1';

function context(model: string, url = RELAY, extra: Partial<RequestContext> = {}): RequestContext {
	return {
		entry: findModel(model),
		provider: findProvider(url),
		inputImages: 0,
		fromAdditional: new Set(),
		...extra,
	};
}

const check = (body: Record<string, unknown>, ctx: RequestContext) =>
	checkRequestBody({ prompt: 'p', ...body }, ctx);

describe('background, prompt mode and layers (the 2026 rules)', () => {
	test('gpt-image-1: transparent needs png or webp, as openai-node documents', () => {
		const ctx = context('gpt-image-1.5');
		expect(check({ background: 'transparent', output_format: 'jpeg' }, ctx)).toMatchObject({
			field: 'background',
			message: expect.stringMatching(/needs Output Format png or webp/),
		});
		expect(check({ background: 'transparent', output_format: 'webp' }, ctx)).toBeUndefined();
		expect(check({ background: 'transparent' }, ctx)).toBeUndefined();
	});

	test('gpt-image-2 still refuses transparent (not in its list)', () => {
		expect(check({ background: 'transparent' }, context('gpt-image-2'))?.field).toBe('background');
	});

	test('a field from Additional Body Fields is named so', () => {
		const ctx = context('dola-seedream-5-0-flash-260915', ARK, {
			fromAdditional: new Set(['optimize_prompt_options']),
		});
		expect(check({ optimize_prompt_options: { mode: 'fast' } }, ctx)?.message).toBe(
			'Prompt Optimization (from Additional Body Fields) "fast" is not accepted by Seedream 5.0 Flash; it takes standard',
		);
	});

	test('layer_decomposition "true" as text counts as on', () => {
		const ctx = context('dola-seedream-5-0-pro-260628', ARK, { inputImages: 2 });
		expect(check({ layer_decomposition: 'true' }, ctx)?.field).toBe('layer_decomposition');
	});

	test('layer mode takes auto and the tiers, not pixels; a non-png/jpeg data URI is refused', () => {
		const ctx = context('dola-seedream-5-0-pro-260628', ARK, { inputImages: 1 });
		const image = ['https://example.com/a.png'];
		expect(check({ layer_decomposition: true, size: 'auto', image }, ctx)).toBeUndefined();
		expect(check({ layer_decomposition: true, size: '1.5K', image }, ctx)).toBeUndefined();
		expect(check({ layer_decomposition: true, size: '1024x1024', image }, ctx)?.field).toBe('size');
		const webp = ['data:image/webp;base64,AAAA'];
		expect(check({ layer_decomposition: true, image: webp }, ctx)?.message).toMatch(
			/takes a png or jpeg image, not webp/,
		);
	});

	test('Seedream 5.5 has tiers but no presets: the hint names the tiers', () => {
		expect(check({ size: '3K' }, context('dola-seedream-5-5-261028', ARK))?.hint).toBe(
			'Pick a size from the list (e.g. 2K, 1.5K, 1K) or Model Default.',
		);
	});

	test('unknown models get none of these rules', () => {
		expect(
			check(
				{ background: 'transparent', output_format: 'jpeg', layer_decomposition: true },
				context('ep-2025'),
			),
		).toBeUndefined();
	});
});

describe('checkRequestBody', () => {
	test('a plain body for each known model passes', () => {
		for (const model of [
			'jimeng-4.0',
			'doubao-seedream-4-5-251128',
			'gpt-image-2',
			'doubao-seedream-5-0-pro-260628',
		]) {
			expect(check({ model }, context(model, ARK))).toBeUndefined();
		}
	});

	test('names the field, and says when it came from Additional Body Fields', () => {
		const ctx = context('gpt-image-2', RELAY, { fromAdditional: new Set(['n']) });
		expect(check({ n: 11 }, ctx)).toEqual({
			field: 'n',
			message:
				'Number of Images (from Additional Body Fields) must be a whole number from 1 to 10, not "11"',
		});
	});

	test.each([
		[{ prompt: '' }, 'prompt'],
		[{ n: 'abc' }, 'n'],
		[{ n: 1.5 }, 'n'],
		[{ seed: 'abc' }, 'seed'],
		[{ seed: -2 }, 'seed'],
		[{ output_compression: 101 }, 'output_compression'],
		[
			{ sequential_image_generation_options: { max_images: 0 } },
			'sequential_image_generation_options',
		],
	])('unknown model still gets the shared checks: %j', (body, field) => {
		expect(check(body, context('ep-2025'))?.field).toBe(field);
	});

	test('unknown models: any size form and any field the user set', () => {
		expect(
			check(
				{ size: '2K', quality: 'high', stream: true, watermark: true },
				context('ep-2025', ARK),
			),
		).toBeUndefined();
	});

	test('Seedream size floors apply on Ark hosts only', () => {
		expect(
			check({ size: '1024x1024' }, context('doubao-seedream-4-5-251128', ARK))?.message,
		).toMatch(/at least/);
		expect(
			check({ size: '1024x1024' }, context('doubao-seedream-4-5-251128', RELAY)),
		).toBeUndefined();
		expect(check({ size: '1K' }, context('doubao-seedream-4-0-250828', ARK))).toBeUndefined();
		expect(check({ size: '3K' }, context('doubao-seedream-5-0-260128', ARK))).toBeUndefined();
		expect(check({ size: '3K' }, context('doubao-seedream-4-5-251128', ARK))?.field).toBe('size');
	});

	test('size forms per model everywhere', () => {
		expect(check({ size: '1024*1024' }, context('jimeng-4.0'))).toBeUndefined();
		expect(check({ size: '1024*1024' }, context('gpt-image-2'))?.message).toMatch(/WIDTHxHEIGHT/);
		expect(check({ size: 'auto' }, context('gpt-image-2'))).toBeUndefined();
		expect(check({ size: 'auto' }, context('jimeng-4.0'))?.field).toBe('size');
		expect(
			check({ size: 'adaptive' }, context('doubao-seededit-3-0-i2i-250628', ARK)),
		).toBeUndefined();
		expect(check({ size: '1536x1024' }, context('dall-e-3'))?.message).toMatch(/only the sizes/);
	});

	test('inputs per model and inputs + outputs', () => {
		expect(
			check({}, context('doubao-seedream-3-0-t2i-250415', ARK, { inputImages: 1 }))?.message,
		).toMatch(/takes no input images/);
		expect(check({}, context('dall-e-2', RELAY, { inputImages: 2 }))?.message).toMatch(
			/at most 1 input image,/,
		);
		expect(
			check(
				{
					sequential_image_generation: 'auto',
					sequential_image_generation_options: { max_images: 5 },
				},
				context('doubao-seedream-4-5-251128', ARK, { inputImages: 11 }),
			)?.message,
		).toMatch(/11 input images \+ Max Images 5/);
	});
});
