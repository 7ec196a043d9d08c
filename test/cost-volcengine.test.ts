/**
 * Cost and budget on the Volcengine visual API (billed per output image), through n8n's engine
 * against the signed fake visual API.
 */
import type { FakeUpstream } from './fake-upstream';
import { runVolc, startVolcFake, volcCredentials } from './volcengine-setup';

let fake: FakeUpstream;
beforeAll(async () => {
	fake = await startVolcFake();
});
afterAll(async () => await fake.close());
beforeEach(() => fake.reset());

const GENERATE = {
	operation: 'generate',
	model: 'jimeng_t2i_v40',
	prompt: '一只可爱的柯基犬在草地上玩耍',
	size: '2K',
	forceSingle: false,
	options: { maxPollInterval: 1 },
};

describe('visual API cost', () => {
	test('jimeng_t2i_v40 without Force Single: ¥0.22 × each image it returned', async () => {
		fake.configure({ volcengine: { imageCount: 3, inQueuePolls: 0, generatingPolls: 0 } });
		const result = await runVolc(fake, { ...GENERATE, forceSingle: false });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		for (const item of result.items) {
			expect(item.json.cost).toMatchObject({
				amount: 0.22,
				currency: 'CNY',
				basis: 'image',
				estimated: true,
				units: { images: 1 },
			});
			expect((item.json.cost as { priceSource: string }).priceSource).toMatch(/2026-03-31/);
		}
		expect(result.run?.data.resultData.metadata).toEqual({
			jimeng_images: '3',
			jimeng_cost_CNY: '0.66',
			jimeng_cost_estimated: 'true',
		});
	});

	test('Submit Task carries no cost; Wait for Result puts it on the images', async () => {
		fake.configure({ volcengine: { imageCount: 2, inQueuePolls: 0, generatingPolls: 0 } });
		const submitted = await runVolc(fake, {
			...GENERATE,
			operation: 'submitTask',
			forceSingle: false,
		});
		expect(submitted.items[0].json.cost).toBeUndefined();
		expect(submitted.run?.data.resultData.metadata).toBeUndefined();
		const result = await runVolc(
			fake,
			{ operation: 'waitForResult', options: { maxPollInterval: 1 } },
			{ input: [{ json: submitted.items[0].json }] },
		);
		expect(result.items.map((item) => (item.json.cost as { amount: number }).amount)).toEqual([
			0.22, 0.22,
		]);
	});

	test('the budget counts the documented maximum when Force Single is off (15 − inputs)', async () => {
		const result = await runVolc(fake, {
			...GENERATE,
			forceSingle: false,
			options: { maxPollInterval: 1, maxImagesPerRun: 10 },
		});
		expect(result.error?.description).toMatch(
			/up to 15 images .*more than Max Images per Run \(10\)/,
		);
		expect(fake.paidCalls()).toBe(0);
	});

	test('with Force Single one image per item fits; the credential price is used', async () => {
		fake.configure({ volcengine: { inQueuePolls: 0, generatingPolls: 0 } });
		const result = await runVolc(
			fake,
			{
				...GENERATE,
				forceSingle: true,
				options: { maxPollInterval: 1, maxCostPerRun: 0.5, maxCostCurrency: 'CNY' },
			},
			{
				input: [{ json: {} }, { json: {} }],
				credentials: volcCredentials(fake, {
					prices: '{"jimeng_t2i_v40": {"perImage": 0.25, "currency": "CNY"}}',
				}),
			},
		);
		expect(result.error).toBeUndefined();
		expect(fake.paidCalls()).toBe(2);
		expect(result.items.map((item) => item.json.cost)).toEqual([
			expect.objectContaining({ amount: 0.25, priceSource: 'credential' }),
			expect.objectContaining({ amount: 0.25, priceSource: 'credential' }),
		]);
	});
});
