/**
 * Edit request styles (multipart with several images and a mask, JSON image_url with binaries,
 * a custom edit path) and generate's reference-image and output options.
 */
import {
	expectImageItem,
	expectNoLeaks,
	lastJson,
	makeImage,
	modelById,
	pngInput,
	readImageSize,
	runOpenAi,
	useFakeUpstream,
} from './openai-support';

const fixture = useFakeUpstream();

describe('edit', () => {
	test('multipart: several images go as repeated image[] parts, in order, plus the mask', async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			input: [
				pngInput({
					first: { width: 64, height: 48 },
					second: { width: 32, height: 32, format: 'jpeg' },
					third: { width: 16, height: 24 },
					mask: { width: 64, height: 48 },
				}),
			],
			parameters: {
				operation: 'edit',
				model: modelById('gpt-image-2'),
				requestStyle: 'multipart',
				prompt: 'Put all three objects in one gift basket',
				inputImages: 'first, second,third',
				size: 'size',
				customSize: '1536x1024',
				options: { maskBinaryProperty: 'mask', n: 2, quality: 'high', outputFormat: 'png' },
			},
		});
		expect(result.error).toBeUndefined();
		const call = fake.lastCall('edits')!;
		expect(call.path).toBe('/v1/images/edits');
		expect(call.multipart!.files.map((f) => [f.field, f.filename, f.mimeType])).toEqual([
			['image[]', 'first.png', 'image/png'],
			['image[]', 'second.jpg', 'image/jpeg'],
			['image[]', 'third.png', 'image/png'],
			['mask', 'mask.png', 'image/png'],
		]);
		expect(call.inputImages!.map((image) => [image.type, image.width, image.height])).toEqual([
			['png', 64, 48],
			['jpeg', 32, 32],
			['png', 16, 24],
		]);
		expect(call.mask).toMatchObject({ width: 64, height: 48 });
		expect(call.multipart!.fields).toEqual({
			model: 'gpt-image-2',
			prompt: 'Put all three objects in one gift basket',
			n: '2',
			quality: 'high',
			output_format: 'png',
			size: '1536x1024',
		});
		expect(result.items).toHaveLength(2);
		result.items.forEach((item, index) => {
			expectImageItem(item, { type: 'png', width: 1536, height: 1024 });
			expect(item.json).toMatchObject({ index, model: 'gpt-image-2', size: '1536x1024' });
		});
		expectNoLeaks(result);
	});

	test('JSON image_url on a custom path: binaries become data URIs, then URLs; the mask too', async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			input: [pngInput({ data: { width: 40, height: 30 }, mask: { width: 40, height: 30 } })],
			parameters: {
				operation: 'edit',
				model: modelById('jimeng-4.0'),
				requestStyle: 'jsonImageUrl',
				editPath: '/images/compositions',
				prompt: '合成一张海报',
				inputImages: 'data',
				size: 'ratio',
				aspectRatio: '3:4',
				resolution: '1k',
				options: {
					inputImageUrls: 'https://example.com/extra.png',
					maskBinaryProperty: 'mask',
					additionalBodyFields: '{"sample_strength": 0.7, "negative_prompt": "blurry"}',
				},
			},
		});
		expect(result.error).toBeUndefined();
		const call = fake.lastCall('edits')!;
		expect(call.path).toBe('/v1/images/compositions');
		const body = call.json;
		expect(body).toMatchObject({
			model: 'jimeng-4.0',
			prompt: '合成一张海报',
			ratio: '3:4',
			resolution: '1k',
			sample_strength: 0.7,
			negative_prompt: 'blurry',
		});
		expect(body.images).toEqual([
			{ image_url: expect.stringMatching(/^data:image\/png;base64,/) },
			{ image_url: 'https://example.com/extra.png' },
		]);
		const sentImage = Buffer.from(body.images[0].image_url.split(',')[1], 'base64');
		expect(readImageSize(sentImage)).toEqual({ type: 'png', width: 40, height: 30 });
		expect(body.mask.image_url).toMatch(/^data:image\/png;base64,/);
		expectImageItem(result.items[0], { type: 'png', width: 864, height: 1152 });
	});

	test('Ark refuses /images/edits: the 404 is reported as endpoint/model not found', async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			base: 'ark',
			input: [pngInput({ data: { width: 8, height: 8 } })],
			parameters: {
				operation: 'edit',
				model: modelById('doubao-seedream-4-5-251128'),
				requestStyle: 'multipart',
				prompt: 'x',
			},
		});
		expect(result.status).toBe('error');
		expect(result.error!.httpCode).toBe('404');
		expect(result.error!.message).toContain('InvalidEndpointOrModel.NotFound');
		expect(result.error!.description).toMatch(/model ID/);
	});

	test('URLs cannot go in a multipart upload: refused before any call', async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			input: [pngInput({ data: { width: 8, height: 8 } })],
			parameters: {
				operation: 'edit',
				model: modelById('gpt-image-2'),
				requestStyle: 'multipart',
				prompt: 'x',
				options: { inputImageUrls: 'https://example.com/a.png' },
			},
		});
		expect(result.error!.message).toMatch(/cannot be uploaded/);
		expect(fake.paidCalls()).toBe(0);
	});
});

describe('generate: references and output options', () => {
	test('binary and URL references mixed, in the order given', async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			base: 'ark',
			input: [
				pngInput({
					cat: { width: 50, height: 40 },
					dog: { width: 30, height: 60, format: 'jpeg' },
				}),
			],
			parameters: {
				operation: 'generate',
				model: modelById('doubao-seedream-4-5-251128'),
				prompt: '图1的猫和图3的狗在图2的公园里',
				size: 'default',
				referenceImages: {
					images: [
						{ source: 'binary', binaryPropertyName: 'cat' },
						{ source: 'url', url: 'https://example.com/park.png' },
						{ source: 'binary', binaryPropertyName: 'dog' },
					],
				},
			},
		});
		expect(result.error).toBeUndefined();
		const body = lastJson(fake, 'generations');
		expect(body).not.toHaveProperty('size');
		const images = body.image as string[];
		expect(images[0]).toMatch(/^data:image\/png;base64,/);
		expect(images[1]).toBe('https://example.com/park.png');
		expect(images[2]).toMatch(/^data:image\/jpeg;base64,/);
		expect(fake.lastCall('generations')!.inputImages!.map((image) => image.source)).toEqual([
			'data',
			'url',
			'data',
		]);
		expectImageItem(result.items[0], { type: 'jpeg', width: 2048, height: 2048 });
	});

	test('Return URLs Only: no download, the URL and metadata in JSON', async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			parameters: {
				operation: 'generate',
				model: modelById('jimeng-4.5'),
				prompt: 'a lighthouse',
				size: 'size',
				customSize: '1024×1024',
				options: { n: 2, returnUrlsOnly: true },
			},
		});
		expect(result.error).toBeUndefined();
		expect(lastJson(fake, 'generations').size).toBe('1024x1024');
		expect(fake.count('download')).toBe(0);
		expect(result.items).toHaveLength(2);
		for (const [index, item] of result.items.entries()) {
			expect(item.binary).toBeUndefined();
			expect(item.json).toMatchObject({ index, model: 'jimeng-4.5', size: '1024x1024' });
			expect(item.json.url).toMatch(/\/files\//);
			expect(item.pairedItem).toEqual({ item: 0 });
		}
	});

	test('output field name, additional fields merged last, and a data: URL answer decoded', async () => {
		const { fake } = fixture;
		const png = makeImage('png', 12, 34);
		fake.override('generations', () => ({
			status: 200,
			body: {
				created: 1735689600,
				data: [{ url: `data:image/png;base64,${png.toString('base64')}` }],
			},
		}));
		const result = await runOpenAi({
			fake,
			parameters: {
				operation: 'generate',
				model: modelById('jimeng-4.5'),
				prompt: 'tiny',
				size: 'size',
				customSize: '1024x1024',
				options: {
					binaryPropertyName: 'picture',
					additionalBodyFields: '{"size": "512x512", "intelligent_ratio": true}',
				},
			},
		});
		expect(result.error).toBeUndefined();
		expect(lastJson(fake, 'generations')).toMatchObject({
			size: '512x512',
			intelligent_ratio: true,
		});
		expectImageItem(result.items[0], { type: 'png', width: 12, height: 34, property: 'picture' });
		expect(result.items[0].json.url).toBeUndefined();
		expect(result.items[0].json.created).toBe(1735689600);
		expect(result.items[0].binary!.picture.fileName).toBe('jimeng-1735689600-0-0.png');
	});

	test('a failed download keeps the other images and reports the URL', async () => {
		const { fake } = fixture;
		fake.override('generations', (_call, { fileUrl }) => ({
			status: 200,
			body: {
				created: 1,
				data: [
					{ url: fileUrl('gen-x-0-64x64.png') },
					{ url: `${fake.url}/files/missing.png?signed=bad` },
				],
			},
		}));
		const result = await runOpenAi({
			fake,
			parameters: {
				operation: 'generate',
				model: modelById('jimeng-4.5'),
				prompt: 'two',
				size: 'default',
			},
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		expectImageItem(result.items[0], { type: 'png', width: 64, height: 64 });
		expect(result.items[1].binary).toBeUndefined();
		expect(result.items[1].json).toMatchObject({ index: 1 });
		expect(result.items[1].json.error).toMatch(/download/i);
		expect(result.items[1].json.url).toContain('/files/missing.png');
	});
});
