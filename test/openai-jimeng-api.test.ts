/**
 * jimeng-api relays (iptag/jimeng-api): /images/generations refuses size and drops `image`;
 * /images/compositions takes repeated `images` files or JSON images: [url | {url}]. With Relay API
 * Style = jimeng-api the node sends references and edits there, and refuses a size before paying.
 */
import type { INodeParameters } from 'n8n-workflow';

import { lastJson, pngInput, runOpenAi, useFakeUpstream } from './openai-support';

const fixture = useFakeUpstream();
const rl = (value: string) => ({ __rl: true, mode: 'list', value });
const jimengApi = { relayStyle: 'jimengApi' };

function run(parameters: INodeParameters, input?: Parameters<typeof runOpenAi>[0]['input']) {
	const { fake } = fixture;
	return runOpenAi({ fake, url: fake.relayBaseUrl('jimeng-api'), parameters, input });
}

const generate = (extra: INodeParameters = {}): INodeParameters => ({
	operation: 'generate',
	model: rl('jimeng-4.5'),
	prompt: '一只熊猫',
	options: jimengApi,
	...extra,
});

describe('jimeng-api relay style', () => {
	test('text to image: /images/generations without a size', async () => {
		const result = await run(generate());
		expect(result.error).toBeUndefined();
		expect(lastJson(fixture.fake, 'generations')).toEqual({
			model: 'jimeng-4.5',
			prompt: '一只熊猫',
			n: 1,
		});
	});

	test('aspect ratio + resolution are sent as ratio and resolution fields', async () => {
		const result = await run(
			generate({ size: 'ratio', aspectRatio: '16:9', resolution: '2k' }),
		);
		expect(result.error).toBeUndefined();
		expect(lastJson(fixture.fake, 'generations')).toMatchObject({
			ratio: '16:9',
			resolution: '2k',
		});
		expect(result.items[0].json).toMatchObject({ width: 2560, height: 1440 });
	});

	test('a size is refused before any call (jimeng-api would refuse it)', async () => {
		const result = await run(generate({ size: '1024x1024' }));
		expect(result.error?.message).toMatch(/jimeng-api relays do not take "size"/);
		expect(fixture.fake.paidCalls()).toBe(0);
	});

	test('reference URLs go to /images/compositions as JSON images, not to /generations (which drops them)', async () => {
		const result = await run(
			generate({
				referenceImages: {
					images: [
						{ source: 'url', url: 'https://example.com/a.png' },
						{ source: 'url', url: 'https://example.com/b.png' },
					],
				},
			}),
		);
		expect(result.error).toBeUndefined();
		const { fake } = fixture;
		expect(fake.count('generations')).toBe(0);
		const call = fake.lastCall('edits')!;
		expect(call.path).toBe('/jimeng-api/v1/images/compositions');
		expect(call.json).toEqual({
			model: 'jimeng-4.5',
			prompt: '一只熊猫',
			n: 1,
			images: ['https://example.com/a.png', 'https://example.com/b.png'],
		});
		expect(call.inputImages).toHaveLength(2);
	});

	test('binary references go as repeated "images" files', async () => {
		const result = await run(
			generate({
				referenceImages: {
					images: [
						{ source: 'binary', binaryPropertyName: 'a' },
						{ source: 'binary', binaryPropertyName: 'b' },
					],
				},
			}),
			[pngInput({ a: { width: 64, height: 48 }, b: { width: 32, height: 32 } })],
		);
		expect(result.error).toBeUndefined();
		const call = fixture.fake.lastCall('edits')!;
		expect(call.path).toBe('/jimeng-api/v1/images/compositions');
		expect(call.multipart!.files.map((f) => [f.field, f.filename])).toEqual([
			['images', 'a.png'],
			['images', 'b.png'],
		]);
		expect(call.multipart!.fields).toEqual({ model: 'jimeng-4.5', prompt: '一只熊猫', n: '1' });
	});

	test('files and URLs together are refused (compositions reads one or the other)', async () => {
		const result = await run(
			generate({
				referenceImages: {
					images: [
						{ source: 'binary', binaryPropertyName: 'a' },
						{ source: 'url', url: 'https://example.com/b.png' },
					],
				},
			}),
			[pngInput({ a: { width: 64, height: 48 } })],
		);
		expect(result.error?.message).toMatch(/either uploaded files or image URLs/);
		expect(fixture.fake.paidCalls()).toBe(0);
	});

	test('edit: By Model and Endpoint sends the compositions request', async () => {
		const result = await run(
			{ operation: 'edit', model: rl('jimeng-4.0'), prompt: '添加科幻元素', options: jimengApi },
			[pngInput({ data: { width: 64, height: 64 } })],
		);
		expect(result.error).toBeUndefined();
		const call = fixture.fake.lastCall('edits')!;
		expect(call.path).toBe('/jimeng-api/v1/images/compositions');
		expect(call.multipart!.files.map((f) => f.field)).toEqual(['images']);
	});

	test('without the style, references on jimeng-api are dropped by the relay (why the option exists)', async () => {
		const result = await run(
			generate({
				options: {},
				referenceImages: { images: [{ source: 'url', url: 'https://example.com/a.png' }] },
			}),
		);
		expect(result.error).toBeUndefined();
		expect(fixture.fake.lastCall('generations')!.ignoredImage).toBe(true);
	});
});
