/**
 * Each seed's own request example (same fields, same values) sent by the node through n8n's engine
 * to the fake upstream; the fake records exactly what arrived and answers in that seed's shape.
 */
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

describe('seed 000 (hingnet): jimeng-4.0 through /hingnet/v1', () => {
	test('generate: the cURL example body, URL answer downloaded as a PNG', async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			url: fake.relayBaseUrl('hingnet'),
			parameters: {
				operation: 'generate',
				model: modelById('jimeng-4.0'),
				prompt: '一只可爱的熊猫在图书馆看书',
				size: 'size',
				customSize: '1024x1024',
				options: { n: 1 },
			},
		});
		expect(result.error).toBeUndefined();
		expect(lastJson(fake, 'generations')).toEqual({
			model: 'jimeng-4.0',
			prompt: '一只可爱的熊猫在图书馆看书',
			n: 1,
			size: '1024x1024',
		});
		expect(fake.lastCall('generations')!.path).toBe('/hingnet/v1/images/generations');
		expect(fake.lastCall('generations')!.headers.authorization).toMatch(/^Bearer /);
		expect(fake.paidCalls()).toBe(1);
		// hingnet's jimeng series always makes 4 images per call, whatever n says.
		expect(result.items).toHaveLength(4);
		const [item] = result.items;
		expectImageItem(item, { type: 'png', width: 1024, height: 1024 });
		expect(item.json).toMatchObject({ index: 0, model: 'jimeng-4.0', size: '1024x1024' });
		expect(item.json.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\//);
		expect(typeof item.json.created).toBe('number');
		// The pre-signed download went out without the API key.
		expect(fake.lastCall('download')!.headers.authorization).toBeUndefined();
		expectNoLeaks(result);
	});

	test('edit: the multipart example (image file, model, prompt, n)', async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			url: fake.relayBaseUrl('hingnet'),
			input: [pngInput({ data: { width: 320, height: 240 } })],
			parameters: {
				operation: 'edit',
				model: modelById('jimeng-4.0'),
				requestStyle: 'multipart',
				prompt: '添加科幻元素',
				inputImages: 'data',
				size: 'default',
				options: { n: 1 },
			},
		});
		expect(result.error).toBeUndefined();
		const call = fake.lastCall('edits')!;
		expect(call.path).toBe('/hingnet/v1/images/edits');
		expect(call.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		expect(call.multipart!.fields).toEqual({ model: 'jimeng-4.0', prompt: '添加科幻元素', n: '1' });
		expect(call.multipart!.files.map((f) => [f.field, f.filename, f.mimeType])).toEqual([
			['image', 'data.png', 'image/png'],
		]);
		expect(call.inputImages).toEqual([
			expect.objectContaining({ source: 'file', type: 'png', width: 320, height: 240 }),
		]);
		expect(result.items).toHaveLength(1);
		expectImageItem(result.items[0], { type: 'png', width: 1024, height: 1024 });
		expectNoLeaks(result);
	});
});

describe('seed 001 (deepwl): size with *, and ratio + resolution with a reference image', () => {
	test('generate: the first example (size 1024*1024) keeps the * form and revised_prompt', async () => {
		const { fake } = fixture;
		fake.configure({ openai: { revisedPrompt: true } });
		const prompt =
			'A close-up depiction of a domestic cat in a relaxed state. The cat features vibrant orange fur, with striking white markings around its eyes that extend down to its soft, pink nose.';
		const result = await runOpenAi({
			fake,
			url: fake.relayBaseUrl('deepwl'),
			parameters: {
				operation: 'generate',
				model: modelById('jimeng-4.0'),
				prompt,
				size: 'size',
				customSize: '1024*1024',
				options: { n: 1 },
			},
		});
		expect(result.error).toBeUndefined();
		expect(lastJson(fake, 'generations')).toEqual({
			model: 'jimeng-4.0',
			prompt,
			n: 1,
			size: '1024*1024',
		});
		expect(result.items).toHaveLength(1);
		expectImageItem(result.items[0], { type: 'png', width: 1024, height: 1024 });
		expect(result.items[0].json.revisedPrompt).toBe(`${prompt} (revised)`);
		expect(result.items[0].json.size).toBe('1024*1024');
	});

	test('generate: the reference example sends image[] + ratio 16:9 + resolution 2k', async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			url: fake.relayBaseUrl('deepwl'),
			parameters: {
				operation: 'generate',
				model: modelById('jimeng-4.0'),
				prompt: '参考图片生成写实类型的图像',
				size: 'ratio',
				aspectRatio: '16:9',
				resolution: '2k',
				ratioSendAs: 'fields',
				referenceImages: { images: [{ source: 'url', url: 'https://example.com/reference.png' }] },
				options: { n: 1 },
			},
		});
		expect(result.error).toBeUndefined();
		expect(lastJson(fake, 'generations')).toEqual({
			model: 'jimeng-4.0',
			prompt: '参考图片生成写实类型的图像',
			n: 1,
			image: ['https://example.com/reference.png'],
			ratio: '16:9',
			resolution: '2k',
		});
		expect(result.items).toHaveLength(1);
		expectImageItem(result.items[0], { type: 'png', width: 2560, height: 1440 });
	});
});

describe('seed 002 (gpt-image-2 relay): b64_json by default, url on request, JSON and multipart edits', () => {
	test('generate: the quick-start body gets b64_json back, decoded into a file', async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			url: fake.relayBaseUrl('gpt'),
			parameters: {
				operation: 'generate',
				model: modelById('gpt-image-2'),
				prompt: 'A futuristic skyline at dusk',
				size: 'size',
				customSize: '1024x1024',
			},
		});
		expect(result.error).toBeUndefined();
		// No response_format: gpt-image answers b64_json on its own.
		expect(lastJson(fake, 'generations')).toEqual({
			model: 'gpt-image-2',
			prompt: 'A futuristic skyline at dusk',
			size: '1024x1024',
		});
		expect(fake.count('download')).toBe(0);
		expect(result.items).toHaveLength(1);
		expectImageItem(result.items[0], { type: 'png', width: 1024, height: 1024 });
		expect(result.items[0].json.url).toBeUndefined();
		expect(result.items[0].json.usage).toMatchObject({ input_tokens: 50, output_tokens: 4096 });
	});

	test('generate: the response_format=url example with quality low', async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			url: fake.relayBaseUrl('gpt'),
			parameters: {
				operation: 'generate',
				model: modelById('gpt-image-2'),
				prompt: 'A clean studio product photo of a matte white ceramic mug',
				size: 'size',
				customSize: '1024x1024',
				options: { quality: 'low', responseFormat: 'url' },
			},
		});
		expect(result.error).toBeUndefined();
		expect(lastJson(fake, 'generations')).toEqual({
			model: 'gpt-image-2',
			prompt: 'A clean studio product photo of a matte white ceramic mug',
			size: '1024x1024',
			quality: 'low',
			response_format: 'url',
		});
		expect(fake.count('download')).toBe(1);
		expectImageItem(result.items[0], { type: 'png', width: 1024, height: 1024 });
		expect(result.items[0].json.url).toMatch(/\/files\//);
	});

	test('edit: the JSON example with images[].image_url', async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			url: fake.relayBaseUrl('gpt'),
			parameters: {
				operation: 'edit',
				model: modelById('gpt-image-2'),
				requestStyle: 'jsonImageUrl',
				prompt: '换种风格',
				inputImages: '',
				size: 'size',
				customSize: '1024x1024',
				options: { quality: 'medium', inputImageUrls: 'https://example.com/base-image.png' },
			},
		});
		expect(result.error).toBeUndefined();
		const call = fake.lastCall('edits')!;
		expect(call.headers['content-type']).toBe('application/json');
		expect(call.json).toEqual({
			model: 'gpt-image-2',
			prompt: '换种风格',
			size: '1024x1024',
			quality: 'medium',
			images: [{ image_url: 'https://example.com/base-image.png' }],
		});
		expectImageItem(result.items[0], { type: 'png', width: 1024, height: 1024 });
	});

	test('edit: the multipart example with image and mask', async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			url: fake.relayBaseUrl('gpt'),
			input: [pngInput({ base: { width: 256, height: 256 }, mask: { width: 256, height: 256 } })],
			parameters: {
				operation: 'edit',
				model: modelById('gpt-image-2'),
				requestStyle: 'multipart',
				prompt: '在天空中加入热气球',
				inputImages: 'base',
				size: 'default',
				options: { maskBinaryProperty: 'mask' },
			},
		});
		expect(result.error).toBeUndefined();
		const call = fake.lastCall('edits')!;
		expect(call.multipart!.fields).toEqual({ model: 'gpt-image-2', prompt: '在天空中加入热气球' });
		expect(call.multipart!.files.map((f) => [f.field, f.filename])).toEqual([
			['image', 'base.png'],
			['mask', 'mask.png'],
		]);
		expect(call.mask).toMatchObject({ width: 256, height: 256 });
		expectImageItem(result.items[0], { type: 'png', width: 1024, height: 1024 });
	});
});

describe('seed 004 (Seedream relay): group images over SSE, multipart edits', () => {
	test('generate: the example body (2 reference URLs, sequential auto, n 3, url, 2K, stream, watermark)', async () => {
		const { fake } = fixture;
		const prompt = '生成3张女孩和奶牛玩偶在游乐园开心地坐过山车的图片，涵盖早晨、中午、晚上';
		const refs = [
			'https://ark-project.tos-cn-beijing.volces.com/doc_image/seedream4_imagesToimages_1.png',
			'https://ark-project.tos-cn-beijing.volces.com/doc_image/seedream4_imagesToimages_2.png',
		];
		const result = await runOpenAi({
			fake,
			url: fake.relayBaseUrl('seedream'),
			parameters: {
				operation: 'generate',
				model: modelById('doubao-seedream-4-5-251128'),
				prompt,
				size: 'size',
				customSize: '2K',
				referenceImages: { images: refs.map((url) => ({ source: 'url', url })) },
				options: {
					n: 3,
					sequentialImageGeneration: 'auto',
					responseFormat: 'url',
					stream: true,
					watermark: true,
				},
			},
		});
		expect(result.error).toBeUndefined();
		expect(lastJson(fake, 'generations')).toEqual({
			model: 'doubao-seedream-4-5-251128',
			prompt,
			image: refs,
			sequential_image_generation: 'auto',
			n: 3,
			response_format: 'url',
			size: '2K',
			stream: true,
			watermark: true,
		});
		expect(fake.lastCall('generations')!.headers.accept).toBe('text/event-stream');
		expect(fake.paidCalls()).toBe(1);
		expect(result.items).toHaveLength(3);
		result.items.forEach((item, index) => {
			expectImageItem(item, { type: 'jpeg', width: 2048, height: 2048 });
			expect(item.json).toMatchObject({
				index,
				model: 'doubao-seedream-4-5-251128',
				size: '2048x2048',
			});
			// Usage arrives only in the completed frame and is kept on every image.
			expect(item.json.usage).toMatchObject({ generated_images: 3 });
		});
		expect(new Set(result.items.map((item) => item.json.url)).size).toBe(3);
	});

	test('edit: the multipart example (model, image, prompt, n, size, response_format)', async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			url: fake.relayBaseUrl('seedream'),
			input: [pngInput({ data: { width: 200, height: 150, format: 'jpeg' } })],
			parameters: {
				operation: 'edit',
				model: modelById('doubao-seedream-4-5-251128'),
				requestStyle: 'multipart',
				prompt: 'A cute baby sea otter wearing a beret.',
				inputImages: 'data',
				size: 'size',
				customSize: '1024x1024',
				options: { n: 1, responseFormat: 'url' },
			},
		});
		expect(result.error).toBeUndefined();
		const call = fake.lastCall('edits')!;
		expect(call.multipart!.fields).toEqual({
			model: 'doubao-seedream-4-5-251128',
			prompt: 'A cute baby sea otter wearing a beret.',
			n: '1',
			size: '1024x1024',
			response_format: 'url',
		});
		expect(call.multipart!.files.map((f) => [f.field, f.mimeType])).toEqual([
			['image', 'image/jpeg'],
		]);
		expect(result.items).toHaveLength(1);
		expectImageItem(result.items[0], { type: 'jpeg', width: 1024, height: 1024 });
		expect(result.items[0].json.usage).toMatchObject({ total_tokens: 4096, output_tokens: 4096 });
	});
});

describe('Volcengine Ark (/api/v3): generations only', () => {
	test('generate with a binary reference as data URI, watermark off, Ark response shape', async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			base: 'ark',
			input: [pngInput({ photo: { width: 640, height: 480 } })],
			parameters: {
				operation: 'generate',
				model: modelById('doubao-seedream-4-0-250828'),
				prompt: 'Keep the subject, make it a watercolor painting',
				size: 'ratio',
				aspectRatio: '16:9',
				resolution: '2k',
				ratioSendAs: 'size',
				referenceImages: { images: [{ source: 'binary', binaryPropertyName: 'photo' }] },
				options: { watermark: false, responseFormat: 'b64_json' },
			},
		});
		expect(result.error).toBeUndefined();
		const body = lastJson(fake, 'generations');
		expect(fake.lastCall('generations')!.path).toBe('/api/v3/images/generations');
		expect(body).toMatchObject({
			size: '2560x1440',
			watermark: false,
			response_format: 'b64_json',
		});
		// Ark documents seed for the 3.x models only; the node does not send it to 4.0.
		expect(body.seed).toBeUndefined();
		expect((body.image as string[])[0]).toMatch(/^data:image\/png;base64,/);
		expect(fake.lastCall('generations')!.inputImages).toEqual([
			expect.objectContaining({ source: 'data', type: 'png', width: 640, height: 480 }),
		]);
		expectImageItem(result.items[0], { type: 'jpeg', width: 2560, height: 1440 });
		expect(result.items[0].json).toMatchObject({
			model: 'doubao-seedream-4-0-250828',
			size: '2560x1440',
			usage: { generated_images: 1 },
		});
	});

	test('edit with the generations style sends the input image in "image"', async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			base: 'ark',
			input: [pngInput({ data: { width: 300, height: 300 } })],
			parameters: {
				operation: 'edit',
				model: modelById('doubao-seedream-4-5-251128'),
				requestStyle: 'generations',
				prompt: '把背景换成海边',
				inputImages: 'data',
				size: 'size',
				customSize: '2K',
			},
		});
		expect(result.error).toBeUndefined();
		expect(fake.count('edits')).toBe(0);
		const body = lastJson(fake, 'generations');
		expect(body).toMatchObject({
			model: 'doubao-seedream-4-5-251128',
			prompt: '把背景换成海边',
			size: '2K',
		});
		expect(body.image).toEqual([expect.stringMatching(/^data:image\/png;base64,/)]);
		expectImageItem(result.items[0], { type: 'jpeg', width: 2048, height: 2048 });
	});
});
