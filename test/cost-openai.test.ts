/**
 * Cost on every item, run totals in the execution's custom data, the credential's Prices and the
 * budget guard, through n8n's engine against the fake upstream over real HTTP.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { runJimeng, type RunResult } from './harness/runNode';
import { credentialFor, modelById, useFakeUpstream, type Base } from './openai-support';

const fixture = useFakeUpstream();

async function run(
	parameters: INodeParameters,
	options: { base?: Base; prices?: unknown; items?: number; continueOnFail?: boolean } = {},
): Promise<RunResult> {
	const credential: ICredentialDataDecryptedObject = credentialFor(fixture.fake, options.base);
	if (options.prices !== undefined) credential.prices = JSON.stringify(options.prices);
	return await runJimeng({
		parameters: { operation: 'generate', prompt: 'a cat', ...parameters },
		credentials: { jimengApi: credential },
		input: Array.from({ length: options.items ?? 1 }, (_, i) => ({ json: { i } })),
		continueOnFail: options.continueOnFail,
	});
}

const customData = (result: RunResult) => result.run?.data.resultData.metadata ?? {};
const costs = (result: RunResult) => result.items.map((item) => item.json.cost as IDataObject);
const sum = (values: Array<number | undefined>) =>
	Math.round(values.reduce<number>((total, v) => total + (v ?? 0), 0) * 1e6) / 1e6;

describe('cost on every item', () => {
	test('hingnet jimeng-4.0: 0.8 CNY per call spread over its 4 images; totals in custom data', async () => {
		fixture.fake.configure({ openai: { imageCount: 4 } });
		const result = await run(
			{ model: modelById('jimeng-4.0'), customSize: '1024x1024' },
			{ items: 2 },
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(8);
		for (const cost of costs(result)) {
			expect(cost).toMatchObject({
				amount: 0.2,
				currency: 'CNY',
				basis: 'call',
				estimated: true,
				units: { images: 1 },
			});
			expect(cost.priceSource).toMatch(/^hingnet Jimeng docs \(docs\.hingnet\.com\.cn/);
		}
		expect(sum(costs(result).map((c) => c.amount as number))).toBe(1.6);
		expect(customData(result)).toEqual({
			jimeng_images: '8',
			jimeng_cost_CNY: '1.6',
			jimeng_cost_estimated: 'true',
		});
	});

	test('gpt-image-2: the answer usage × seed 002 token rates', async () => {
		const result = await run({ model: modelById('gpt-image-2'), customSize: '1024x1024' });
		expect(result.error).toBeUndefined();
		const usage = result.items[0].json.usage as IDataObject;
		expect(usage.output_tokens).toBe(4096);
		// 50 text tokens × $5 + 4096 output tokens × $30, per million.
		expect(costs(result)[0]).toMatchObject({
			amount: 0.12313,
			currency: 'USD',
			basis: 'tokens',
			units: { images: 1, inputTokens: 50, outputTokens: 4096 },
		});
		expect(customData(result).jimeng_cost_USD).toBe('0.12313');
	});

	test('Ark Seedream: generated_images × the price the credential sets (the table has none)', async () => {
		fixture.fake.configure({ openai: { imageCount: 3, failIndexes: [1] } });
		const result = await run(
			{ model: modelById('doubao-seedream-4-0-250828'), customSize: '2048x2048', options: { n: 3 } },
			{ base: 'ark', prices: { 'doubao-seedream-4-0-*': { perImage: 0.2, currency: 'CNY' } } },
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		// Two images made and billed; the refused one is an error item.
		expect(sum(costs(result).map((c) => c.amount as number))).toBe(0.4);
		expect(costs(result)[0]).toMatchObject({ basis: 'image', priceSource: 'credential' });
		expect(customData(result)).toMatchObject({ jimeng_images: '2', jimeng_cost_CNY: '0.4' });
	});

	test('an unknown model: no amount, but the units', async () => {
		const result = await run(
			{ model: modelById('doubao-seedream-4-5-251128'), customSize: '2048x2048' },
			{ base: 'ark' },
		);
		expect(result.error).toBeUndefined();
		expect(costs(result)[0]).toEqual({
			basis: 'none',
			units: { images: 1, calls: 1, outputTokens: 16384 },
			estimated: true,
		});
		expect(customData(result)).toEqual({ jimeng_images: '1' });
	});

	test('a cost the upstream states wins over the table, and is not an estimate', async () => {
		fixture.fake.configure({
			openai: { imageCount: 4, extraFields: { cost: 0.6, currency: 'CNY' } },
		});
		const result = await run({ model: modelById('jimeng-4.0'), customSize: '1024x1024' });
		expect(costs(result).map((c) => c.amount)).toEqual([0.15, 0.15, 0.15, 0.15]);
		expect(costs(result)[0]).toMatchObject({
			basis: 'upstream',
			estimated: false,
			currency: 'CNY',
		});
		expect(result.items[0].json.upstreamCost).toBeUndefined();
		expect(customData(result)).toMatchObject({
			jimeng_cost_CNY: '0.6',
			jimeng_cost_estimated: 'false',
		});
	});

	test('the credential price wins over the table', async () => {
		fixture.fake.configure({ openai: { imageCount: 4 } });
		const result = await run(
			{ model: modelById('jimeng-4.0'), customSize: '1024x1024' },
			{ prices: { 'jimeng-4.0': { perCall: 0.4, imagesPerCall: 4, currency: 'CNY' } } },
		);
		expect(costs(result).map((c) => c.amount)).toEqual([0.1, 0.1, 0.1, 0.1]);
		expect(costs(result)[0].priceSource).toBe('credential');
	});

	test('images paid for but not downloaded: the error item carries the cost', async () => {
		fixture.fake.configure({ openai: { imageCount: 4 } });
		fixture.fake.fault('download', { kind: 'http', status: 404, body: 'gone' }, 4);
		const result = await run(
			{ model: modelById('jimeng-4.0'), customSize: '1024x1024' },
			{ continueOnFail: true },
		);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.urls).toHaveLength(4);
		expect(result.items[0].json.cost).toMatchObject({
			amount: 0.8,
			currency: 'CNY',
			units: { images: 4 },
		});
		expect(customData(result)).toMatchObject({ jimeng_images: '4', jimeng_cost_CNY: '0.8' });
	});

	test('invalid Prices in the credential: refused before any paid call', async () => {
		const result = await run(
			{ model: modelById('jimeng-4.0') },
			{ prices: { 'jimeng-4.0': { perCall: 1 } } },
		);
		expect(result.error?.message).toMatch(
			/Prices field is not valid: the price of "jimeng-4.0" needs "currency"/,
		);
		expect(fixture.fake.paidCalls()).toBe(0);
	});
});

describe('budget guard', () => {
	test('a worst case over Max Images per Run: zero paid calls, the numbers named', async () => {
		const result = await run(
			{ model: modelById('jimeng-4.0'), customSize: '1024x1024', options: { maxImagesPerRun: 10 } },
			{ items: 3 },
		);
		expect(result.error?.message).toBe('The run would pass its budget');
		expect(result.error?.description).toMatch(
			/up to 12 images \(3 item\(s\), up to 4 each\), more than Max Images per Run \(10\)/,
		);
		expect(fixture.fake.paidCalls()).toBe(0);
	});

	test('a worst case over Max Cost per Run: zero paid calls', async () => {
		const result = await run(
			{
				model: modelById('jimeng-4.0'),
				customSize: '1024x1024',
				options: { maxCostPerRun: 2, maxCostCurrency: 'CNY' },
			},
			{ items: 3 },
		);
		expect(result.error?.description).toMatch(
			/up to 2.4 CNY .*more than Max Cost per Run \(2 CNY\)/,
		);
		expect(fixture.fake.paidCalls()).toBe(0);
	});

	test('an unpriced model with Max Cost per Run: refused, since the cost cannot be bounded', async () => {
		const result = await run({
			model: modelById('some-relay-model'),
			options: { maxCostPerRun: 5, maxCostCurrency: 'USD' },
		});
		expect(result.error?.description).toMatch(/knows no price for the model "some-relay-model"/);
		expect(fixture.fake.paidCalls()).toBe(0);
	});

	test.each([
		[1, 1],
		// two calls start together (each fits the worst case); none after the first one settles
		[2, 2],
	])(
		'reached mid-batch (concurrency %d): no paid call after it, the made images out, the rest reported',
		async (concurrency, paid) => {
			// Worst case (low quality estimate $0.006 × 4) fits in $0.05; the real token cost ($0.123) does not.
			const result = await run(
				{
					model: modelById('gpt-image-2'),
					customSize: '1024x1024',
					options: { quality: 'low', concurrency, maxCostPerRun: 0.05, maxCostCurrency: 'USD' },
				},
				{ items: 4 },
			);
			expect(result.error).toBeUndefined();
			expect(fixture.fake.paidCalls()).toBe(paid);
			expect(result.items).toHaveLength(4);
			for (const item of result.items.slice(0, paid)) expect(item.binary?.data).toBeDefined();
			const spent = Math.round(paid * 0.12313 * 1e6) / 1e6;
			for (const item of result.items.slice(paid)) {
				expect(item.json).toMatchObject({ notStarted: true });
				// what was spent when the item's turn came (with 2 in flight, the other may still run)
				expect(item.json.error).toMatch(
					/^Not started: the budget of this run is reached \(spent [12] image\(s\), 0\.(12313|24626) USD; Max Images per Run –, Max Cost per Run 0\.05 USD\)\. Nothing was sent for this item\.$/,
				);
			}
			expect(result.items.map((item) => item.pairedItem)).toEqual(
				[0, 1, 2, 3].map((item) => ({ item })),
			);
			expect(customData(result)).toMatchObject({
				jimeng_images: String(paid),
				jimeng_cost_USD: String(spent),
				jimeng_not_started: String(4 - paid),
			});
			const stopped = [1, 2, 3].slice(paid - 1).join(', ');
			expect(result.logs.join('\n')).toContain(
				`budget stopped ${4 - paid} item(s) before their paid call: ${stopped}`,
			);
		},
	);

	test('within budget: every call runs', async () => {
		fixture.fake.configure({ openai: { imageCount: 4 } });
		const result = await run(
			{
				model: modelById('jimeng-4.0'),
				customSize: '1024x1024',
				options: { maxImagesPerRun: 8, maxCostPerRun: 1.6, maxCostCurrency: 'CNY' },
			},
			{ items: 2 },
		);
		expect(result.error).toBeUndefined();
		expect(fixture.fake.paidCalls()).toBe(2);
		expect(result.items).toHaveLength(8);
	});
});
