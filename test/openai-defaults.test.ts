/**
 * Defaults that work: on each seed provider (strict fake dialects), Generate with only a credential,
 * Model and Prompt succeeds, and so does Edit with only Model, Prompt and an input image.
 * Run in n8n's engine against the fake upstream, which refuses what each provider refuses.
 */
import type { Dialect } from './fake-upstream';
import {
	expectImageItem,
	expectNoLeaks,
	lastJson,
	modelById,
	pngInput,
	runOpenAi,
	useFakeUpstream,
} from './openai-support';

const fixture = useFakeUpstream();

interface Case {
	seed: string;
	dialect: Exclude<Dialect, 'generic'>;
	model: string;
	/** What the provider receives with only Model + Prompt. */
	body: Record<string, unknown>;
	images: number;
	type: 'png' | 'jpeg';
	width: number;
	height: number;
}

const cases: Case[] = [
	{
		seed: '000 hingnet',
		dialect: 'hingnet',
		model: 'jimeng-4.0',
		body: { n: 1 },
		images: 4, // hingnet's jimeng series always answers 4 images
		type: 'png',
		width: 1024,
		height: 1024,
	},
	{
		seed: '001 deepwl',
		dialect: 'deepwl',
		model: 'jimeng-4.5',
		body: { n: 1 },
		images: 1,
		type: 'png',
		width: 1024,
		height: 1024,
	},
	{
		seed: 'jimeng-api',
		dialect: 'jimeng-api',
		model: 'jimeng-4.0',
		body: { n: 1 },
		images: 1,
		type: 'png',
		width: 1024,
		height: 1024,
	},
	{
		seed: '002 gpt-image-2',
		dialect: 'gpt',
		model: 'gpt-image-2',
		body: {},
		images: 1,
		type: 'png',
		width: 1024,
		height: 1024,
	},
	{
		seed: '004 Seedream relay',
		dialect: 'seedream',
		model: 'doubao-seedream-4-5-251128',
		body: {},
		images: 1,
		type: 'jpeg',
		width: 2048,
		height: 2048,
	},
	{
		seed: '004 Ark',
		dialect: 'ark',
		model: 'doubao-seedream-4-5-251128',
		body: {},
		images: 1,
		type: 'jpeg',
		width: 2048,
		height: 2048,
	},
	{
		seed: 'Ark 5.0 Lite',
		dialect: 'ark',
		model: 'doubao-seedream-5-0-260128',
		body: {},
		images: 1,
		type: 'jpeg',
		width: 2048,
		height: 2048,
	},
	{
		seed: 'Ark 5.0 Pro',
		dialect: 'ark',
		model: 'doubao-seedream-5-0-pro-260628',
		body: {},
		images: 1,
		type: 'jpeg',
		// BytePlus: 2K when no size is sent.
		width: 2048,
		height: 2048,
	},
	{
		seed: 'Ark 4.0',
		dialect: 'ark',
		model: 'doubao-seedream-4-0-250828',
		body: {},
		images: 1,
		type: 'jpeg',
		width: 2048,
		height: 2048,
	},
];

function urlFor(dialect: Case['dialect']) {
	const { fake } = fixture;
	return dialect === 'ark' ? fake.arkBaseUrl : fake.relayBaseUrl(dialect);
}

describe.each(cases)('seed $seed: only Model + Prompt', (c) => {
	test(`generate ${c.model}`, async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			url: urlFor(c.dialect),
			parameters: { operation: 'generate', model: modelById(c.model), prompt: '一只熊猫' },
		});
		expect(result.error).toBeUndefined();
		expect(lastJson(fake, 'generations')).toEqual({
			model: c.model,
			prompt: '一只熊猫',
			...c.body,
		});
		expect(fake.lastCall('generations')!.dialect).toBe(c.dialect);
		expect(fake.paidCalls()).toBe(1);
		expect(result.items).toHaveLength(c.images);
		expectImageItem(result.items[0], { type: c.type, width: c.width, height: c.height });
		expectNoLeaks(result);
	});

	test(`edit ${c.model} with one input image`, async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			url: urlFor(c.dialect),
			input: [pngInput({ data: { width: 640, height: 480 } })],
			parameters: { operation: 'edit', model: modelById(c.model), prompt: '换种风格' },
		});
		expect(result.error).toBeUndefined();
		expect(fake.paidCalls()).toBe(1);
		if (c.dialect === 'ark') {
			// Ark has no /images/edits: the JSON generations call with `image`.
			const body = lastJson(fake, 'generations');
			expect(body).toEqual({
				model: c.model,
				prompt: '换种风格',
				...c.body,
				image: [expect.stringMatching(/^data:image\/png;base64,/)],
			});
			expect(fake.lastCall('generations')!.inputImages).toEqual([
				expect.objectContaining({ type: 'png', width: 640, height: 480 }),
			]);
		} else {
			const call = fake.lastCall('edits')!;
			expect(call.path).toMatch(/\/v1\/images\/edits$/);
			const fields = Object.fromEntries(Object.entries(c.body).map(([k, v]) => [k, String(v)]));
			expect(call.multipart!.fields).toEqual({ model: c.model, prompt: '换种风格', ...fields });
			expect(call.multipart!.files.map((f) => f.field)).toEqual(['image']);
		}
		expect(result.items.length).toBeGreaterThanOrEqual(1);
		expectNoLeaks(result);
	});
});

describe('the strict fake refuses what the providers refuse (so the tests above can fail)', () => {
	test.each([
		['hingnet', 'jimeng-4.0', { n: 1, size: '2K' }, /size must be one of/],
		['deepwl', 'jimeng-4.0', { size: '1024*1024' }, /n is required/],
		['jimeng-api', 'jimeng-4.0', { size: '1024x1024' }, /不支持的参数: size/],
		['gpt', 'gpt-image-2', { size: '2K' }, /Invalid value: '2K'/],
		['ark', 'doubao-seedream-4-5-251128', { size: '1K' }, /not supported/],
		['ark', 'doubao-seedream-4-5-251128', { size: '1024x1024' }, /pixels/],
		['ark', 'doubao-seedream-5-0-pro-260628', { stream: true }, /stream is not supported/],
	] as const)('%s %s %j', async (dialect, model, extra, message) => {
		const { fake } = fixture;
		const response = await fetch(`${urlFor(dialect)}/images/generations`, {
			method: 'POST',
			headers: {
				authorization: `Bearer ${fake.credentials.openai.apiKey || 'sk-openai-test-SECRET-0123456789abcdef'}`,
				'content-type': 'application/json',
			},
			body: JSON.stringify({ model, prompt: 'x', ...extra }),
		});
		expect(response.status).toBe(400);
		expect(JSON.stringify(await response.json())).toMatch(message);
	});
});

describe('a size picked from the dropdown is sent as the size', () => {
	test.each([
		['ark', 'doubao-seedream-4-5-251128', '2848x1600', 2848, 1600],
		['ark', 'doubao-seedream-4-0-250828', '1K', 1024, 1024],
		['hingnet', 'jimeng-4.0', '1792x1024', 1792, 1024],
		['gpt', 'gpt-image-2', '1536x1024', 1536, 1024],
	] as const)('%s %s %s', async (dialect, model, size, width, height) => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			url: urlFor(dialect),
			parameters: {
				operation: 'generate',
				model: { __rl: true, mode: 'list', value: model },
				prompt: 'p',
				size: size,
			},
		});
		expect(result.error).toBeUndefined();
		expect(lastJson(fake, 'generations').size).toBe(size);
		expect(result.items[0].json).toMatchObject({ width, height });
	});
});

describe('an unknown model id sends only what the user set', () => {
	test.each([
		['ark', 'ep-20250101-abcdef'],
		['seedream', 'my-own-image-model'],
	] as const)('%s %s: Model + Prompt only → {model, prompt}', async (dialect, model) => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			url: urlFor(dialect),
			parameters: { operation: 'generate', model: modelById(model), prompt: '一只熊猫' },
		});
		expect(result.error).toBeUndefined();
		expect(lastJson(fake, 'generations')).toEqual({ model, prompt: '一只熊猫' });
		expect(fake.paidCalls()).toBe(1);
	});

	test('what the user sets is sent as set, options of any family included', async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			url: urlFor('ark'),
			parameters: {
				operation: 'generate',
				model: modelById('ep-20250101-abcdef'),
				prompt: 'p',
				size: 'size',
				customSize: '1024x1024',
				options: { n: 2, quality: 'high', watermark: false },
			},
		});
		expect(result.error).toBeUndefined();
		expect(lastJson(fake, 'generations')).toEqual({
			model: 'ep-20250101-abcdef',
			prompt: 'p',
			size: '1024x1024',
			n: 2,
			quality: 'high',
			watermark: false,
		});
	});
});
