/**
 * Bad input is refused before any paid call, naming the field and the item: limits per model from
 * the model table, numbers that are not numbers, and Additional Body Fields checked after merging.
 * Every case runs in n8n's engine against the strict fake and asserts that nothing was sent.
 */
import type { INodeParameters } from 'n8n-workflow';

import type { Base } from './openai-support';
import { lastJson, modelById, pngInput, runOpenAi, useFakeUpstream } from './openai-support';

const fixture = useFakeUpstream();

const rl = (value: string) => ({ __rl: true, mode: 'list', value });

interface Refusal {
	label: string;
	base?: Base | 'seedream' | 'gpt' | 'hingnet';
	parameters: INodeParameters;
	message: RegExp;
	input?: number;
}

const gen = (model: string, extra: INodeParameters = {}): INodeParameters => ({
	operation: 'generate',
	model: rl(model),
	prompt: 'a red apple',
	...extra,
});

/** By ID every option is offered, so the check is what stops one the model does not take. */
const byId = (model: string, extra: INodeParameters = {}): INodeParameters => ({
	...gen(model, extra),
	model: modelById(model),
});

const refs = (count: number) => ({
	images: Array.from({ length: count }, (_, i) => ({
		source: 'url',
		url: `https://example.com/${i}.png`,
	})),
});

const refusals: Refusal[] = [
	{
		label: 'Seed "abc"',
		base: 'ark',
		parameters: { ...gen('x'), model: modelById('ep-20250101-abc'), options: { seed: 'abc' } },
		message: /Seed must be a whole number from -1 to 2147483647, not "abc"/,
	},
	{
		label: 'Max Images "abc"',
		base: 'ark',
		parameters: gen('doubao-seedream-4-5-251128', { options: { maxImages: 'abc' } }),
		message: /Max Images \(Group\) must be a whole number from 1 to 15, not "abc"/,
	},
	{
		label: 'Max Images 0',
		base: 'ark',
		parameters: gen('doubao-seedream-4-5-251128', { options: { maxImages: 0 } }),
		message: /Max Images \(Group\) must be a whole number from 1 to 15, not "0"/,
	},
	{
		label: 'n = 100 for jimeng',
		base: 'hingnet',
		parameters: gen('jimeng-4.0', { options: { n: 100 } }),
		message: /Number of Images must be a whole number from 1 to 8/,
	},
	{
		label: 'n = 100 for an unknown model',
		parameters: { ...gen('x'), model: modelById('my-relay-model'), options: { n: 100 } },
		message: /Number of Images must be a whole number from 1 to 16/,
	},
	{
		label: 'n = 100 through Additional Body Fields',
		base: 'gpt',
		parameters: gen('gpt-image-2', { options: { additionalBodyFields: '{"n": 100}' } }),
		message: /Number of Images \(from Additional Body Fields\) must be a whole number from 1 to 10/,
	},
	{
		label: 'Output Compression "abc"',
		base: 'gpt',
		parameters: gen('gpt-image-2', { options: { outputCompression: 'abc' } }),
		message: /Output Compression must be a whole number from 0 to 100/,
	},
	{
		label: 'prompt emptied through Additional Body Fields',
		base: 'ark',
		parameters: gen('doubao-seedream-4-5-251128', {
			options: { additionalBodyFields: '{"prompt": "  "}' },
		}),
		message: /Prompt \(from Additional Body Fields\) is empty/,
	},
	{
		label: 'prompt made too long through Additional Body Fields',
		base: 'gpt',
		parameters: gen('gpt-image-2', {
			options: { additionalBodyFields: JSON.stringify({ prompt: 'x'.repeat(32001) }) },
		}),
		message:
			/Prompt \(from Additional Body Fields\) has 32001 characters; GPT Image 2 takes at most 32000/,
	},
	{
		label: 'gpt-image-2 with size 2K',
		base: 'gpt',
		parameters: gen('gpt-image-2', { size: 'size', customSize: '2K' }),
		message: /Size "2K" is not accepted by GPT Image 2/,
	},
	{
		label: 'gpt-image-2 with 1000x1000',
		base: 'gpt',
		parameters: gen('gpt-image-2', { size: 'size', customSize: '1000x1000' }),
		message: /multiples of 16/,
	},
	{
		label: 'gpt-image-2 transparent background',
		base: 'gpt',
		parameters: gen('gpt-image-2', { options: { background: 'transparent' } }),
		message: /Background "transparent" is not accepted by GPT Image 2/,
	},
	{
		label: 'jimeng with 2K',
		base: 'hingnet',
		parameters: gen('jimeng-4.0', { size: 'size', customSize: '2K' }),
		message: /Size "2K" is not accepted by Jimeng/,
	},
	{
		label: 'Seedream 4.5 below its pixel floor on Ark',
		base: 'ark',
		parameters: gen('doubao-seedream-4-5-251128', { size: 'size', customSize: '1024x1024' }),
		message: /at least 3\.69 MP/,
	},
	{
		label: 'Seedream 4.5 with 1K on Ark',
		base: 'ark',
		parameters: gen('doubao-seedream-4-5-251128', { size: 'size', customSize: '1K' }),
		message: /takes 2K, 4K/,
	},
	{
		label: 'Seedream 5.0 Pro with stream',
		base: 'ark',
		parameters: byId('doubao-seedream-5-0-pro-260628', { options: { stream: true } }),
		message: /Stream is not an option of Seedream 5\.0 Pro/,
	},
	{
		label: 'Seedream 5.0 Pro with group images',
		base: 'ark',
		parameters: byId('doubao-seedream-5-0-pro-260628', { options: { maxImages: 3 } }),
		message: /not an option of Seedream 5\.0 Pro/,
	},
	{
		label: 'Seedream 4.5 with a GPT option',
		base: 'ark',
		parameters: byId('doubao-seedream-4-5-251128', { options: { quality: 'high' } }),
		message: /Quality is not an option of Seedream 4\.5/,
	},
	{
		label: 'Seedream 4.5 with 15 references',
		base: 'ark',
		parameters: gen('doubao-seedream-4-5-251128', { referenceImages: refs(15) }),
		message: /Reference Images: Seedream 4\.5 takes at most 14 input images, but 15/,
	},
	{
		label: 'Seedream 5.0 Pro with 11 references',
		base: 'ark',
		parameters: gen('doubao-seedream-5-0-pro-260628', { referenceImages: refs(11) }),
		message: /Reference Images: Seedream 5\.0 Pro takes at most 10 input images, but 11/,
	},
	{
		label: 'references + Max Images over 15',
		base: 'ark',
		parameters: gen('doubao-seedream-4-5-251128', {
			referenceImages: refs(10),
			options: { maxImages: 6 },
		}),
		message: /10 input images \+ Max Images 6 is more than the 15/,
	},
	{
		label: 'a watermark for a Jimeng relay model',
		base: 'hingnet',
		parameters: byId('jimeng-4.0', { options: { watermark: true } }),
		message: /Watermark is not an option of Jimeng/,
	},
];

function baseUrl(base: Refusal['base']) {
	const { fake } = fixture;
	if (base === 'ark') return fake.arkBaseUrl;
	if (base === 'seedream' || base === 'gpt' || base === 'hingnet') return fake.relayBaseUrl(base);
	return fake.openaiBaseUrl;
}

describe('refused before any paid call, naming the field and the item', () => {
	test.each(refusals)('$label', async ({ base, parameters, message }) => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			url: baseUrl(base),
			parameters,
			input: [{ json: {} }, { json: {} }],
		});
		expect(result.error?.message).toMatch(message);
		expect(result.error?.itemIndex).toBe(0);
		expect(fake.paidCalls()).toBe(0);
	});

	test('the item is named: only the third item is bad', async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			url: fake.relayBaseUrl('hingnet'),
			parameters: gen('jimeng-4.0', { options: { n: '={{ $json.n }}' } }),
			input: [{ json: { n: 1 } }, { json: { n: 2 } }, { json: { n: 'abc' } }],
		});
		expect(result.error?.message).toMatch(
			/Number of Images must be a whole number from 1 to 8, not "abc"/,
		);
		expect(result.error?.itemIndex).toBe(2);
		expect(fake.paidCalls()).toBe(0);
	});

	test('the checks read the credential once per run, not per item (a database query each in n8n)', async () => {
		const { fake } = fixture;
		const items = 30;
		const result = await runOpenAi({
			fake,
			url: fake.arkBaseUrl,
			parameters: gen('doubao-seedream-4-5-251128', { prompt: '={{ $json.prompt }}' }),
			input: Array.from({ length: items }, (_, i) => ({ json: { prompt: i === items - 1 ? '' : `apple ${i}` } })),
		});
		expect(result.error?.message).toMatch(/The prompt is empty/);
		expect(result.error?.itemIndex).toBe(items - 1);
		expect(fake.paidCalls()).toBe(0);
		// The run's price list, the credential check and the Base URL the checks need: not one per item.
		expect(result.credentialReads.length).toBeLessThanOrEqual(3);
	});

	test('edit: too many input images names the fields they came from', async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			url: fake.relayBaseUrl('seedream'),
			input: [pngInput({ a: { width: 64, height: 64 }, b: { width: 64, height: 64 } })],
			parameters: {
				operation: 'edit',
				model: rl('doubao-seededit-3-0-i2i-250628'),
				prompt: 'p',
				inputImages: 'a, b',
			},
		});
		expect(result.error?.message).toMatch(
			/^Input Image Fields: SeedEdit 3\.0 takes at most 1 input image, but 2 were given/,
		);
		expect(fake.paidCalls()).toBe(0);
	});

	test('edit: input limits per model and Additional Body Fields checked after merging', async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			url: fake.relayBaseUrl('gpt'),
			input: [pngInput({ data: { width: 64, height: 64 } })],
			parameters: {
				operation: 'edit',
				model: rl('gpt-image-2'),
				prompt: 'p',
				options: { additionalBodyFields: '{"moderation": "low"}' },
			},
		});
		// moderation is a GPT option, but the fake (like OpenAI) refuses it on edits: here the node
		// lets it through only because Additional Body Fields are sent as they are.
		expect(result.error?.message).toMatch(/moderation/);
		expect(fake.paidCalls()).toBe(1);
	});
});

describe('what is fixed rather than refused', () => {
	test('picked from the list, an option the model does not take is hidden, and n8n does not read it', async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			url: fake.arkBaseUrl,
			parameters: gen('doubao-seedream-5-0-pro-260628', {
				options: { stream: true, quality: 'high' },
			}),
		});
		expect(result.error).toBeUndefined();
		expect(lastJson(fake, 'generations')).toEqual({
			model: 'doubao-seedream-5-0-pro-260628',
			prompt: 'a red apple',
		});
	});

	test('Max Images without Group Images turns group images on (Ark ignores max_images otherwise)', async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			url: fake.arkBaseUrl,
			parameters: gen('doubao-seedream-4-5-251128', { options: { maxImages: 3 } }),
		});
		expect(result.error).toBeUndefined();
		expect(lastJson(fake, 'generations')).toMatchObject({
			sequential_image_generation: 'auto',
			sequential_image_generation_options: { max_images: 3 },
		});
		expect(result.items).toHaveLength(3);
	});

	test('Seedream 4.5 at 1024x1024 on a relay that resizes (seed 004 edits) is not refused', async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			url: fake.relayBaseUrl('seedream'),
			input: [pngInput({ data: { width: 64, height: 64 } })],
			parameters: {
				operation: 'edit',
				model: rl('doubao-seedream-4-5-251128'),
				prompt: 'p',
				size: '1024x1024',
			},
		});
		expect(result.error).toBeUndefined();
		expect(fake.paidCalls()).toBe(1);
	});
});
