/**
 * Generate (submit, then wait) through n8n's engine against the fake visual API, which verifies the
 * V4 signature of every request and runs the in_queue → generating → done state machine.
 */
import { encodeJpeg, readImageSize, type FakeUpstream } from './fake-upstream';
import {
	TEST_AK,
	STS_AK,
	STS_SK,
	STS_SESSION_VALUE,
	SEED_BODY,
	expectAllSignaturesValid,
	runVolc,
	startVolcFake,
	volcCredentials,
} from './volcengine-setup';

let fake: FakeUpstream;

beforeAll(async () => {
	fake = await startVolcFake();
});
afterAll(async () => {
	await fake.close();
});
beforeEach(() => fake.reset());

/** Seed 003's own example: jimeng_t2i_v40, the corgi prompt, size 4194304, force_single. */
const SEED_PARAMETERS = {
	operation: 'generate',
	model: 'jimeng_t2i_v40',
	prompt: '一只可爱的柯基犬在草地上玩耍',
	size: '2K',
	forceSingle: true,
	options: { maxPollInterval: 1 },
};

describe('Volcengine generate', () => {
	it("runs seed 003's example end to end: exact submit body, polling, one 2048×2048 image", async () => {
		const result = await runVolc(fake, SEED_PARAMETERS);
		expect(result.error).toBeUndefined();

		// The submit body is the one the seed's Python builds (same fields, values and order).
		const submits = fake.callsTo('submit');
		expect(submits).toHaveLength(1);
		expect(submits[0].json).toEqual(SEED_BODY);
		expect(Object.keys(submits[0].json)).toEqual([
			'req_key',
			'prompt',
			'scale',
			'force_single',
			'min_ratio',
			'max_ratio',
			'size',
		]);
		expect(submits[0].rawQuery).toBe('Action=CVSync2AsyncSubmitTask&Version=2022-08-31');
		expect(submits[0].headers['content-type']).toMatch(/^application\/json/);

		// Polled with the same req_key and the task id as a string, req_json as a JSON string.
		const taskId = submits[0].taskId as string;
		expect(taskId).toMatch(/^\d{19}$/);
		const polls = fake.callsTo('getResult');
		expect(polls.length).toBe(3); // in_queue, generating, done
		for (const poll of polls) {
			expect(poll.json).toEqual({
				req_key: 'jimeng_t2i_v40',
				task_id: taskId,
				req_json: '{"return_url":true}',
			});
		}
		expectAllSignaturesValid(fake);

		expect(result.items).toHaveLength(1);
		const [item] = result.items;
		expect(item.json).toMatchObject({
			taskId,
			reqKey: 'jimeng_t2i_v40',
			index: 0,
			mimeType: 'image/jpeg',
			width: 2048,
			height: 2048,
		});
		expect(typeof item.json.requestId).toBe('string');
		expect(String(item.json.url)).toContain(`/files/task-${taskId}-0-2048x2048.jpeg`);
		expect(item.pairedItem).toEqual({ item: 0 });
		const image = item.binary?.data;
		expect(image?.mimeType).toBe('image/jpeg');
		expect(image?.fileName).toBe(`jimeng-${taskId}-0.jpg`);
		expect(readImageSize(image!.buffer)).toEqual({ type: 'jpeg', width: 2048, height: 2048 });
		expect(fake.count('download')).toBe(1);
	});

	it('outputs one item per image when the model returns several, paired with their input items', async () => {
		fake.configure({ volcengine: { imageCount: 3, width: 1024, height: 768, format: 'png' } });
		const result = await runVolc(
			fake,
			{
				...SEED_PARAMETERS,
				forceSingle: false,
				options: { ...SEED_PARAMETERS.options, binaryPropertyName: 'image' },
			},
			{ input: [{ json: { n: 0 } }, { json: { n: 1 } }] },
		);
		expect(result.error).toBeUndefined();
		expect(fake.count('submit')).toBe(2);
		expect(result.items).toHaveLength(6);
		result.items.forEach((item, i) => {
			expect(item.json.index).toBe(i % 3);
			expect(item.pairedItem).toEqual({ item: Math.floor(i / 3) });
			expect(item.binary?.image?.mimeType).toBe('image/png');
			expect(readImageSize(item.binary!.image.buffer)).toEqual({
				type: 'png',
				width: 1024,
				height: 768,
			});
		});
		// Two tasks, three different images each.
		expect(new Set(result.items.map((item) => item.json.taskId)).size).toBe(2);
		expect(new Set(result.items.map((item) => item.json.url)).size).toBe(6);
	});

	it('decodes base64 results when image URLs are not requested, and sends watermark and AIGC metadata in req_json', async () => {
		const result = await runVolc(fake, {
			...SEED_PARAMETERS,
			options: {
				maxPollInterval: 1,
				responseFormat: 'b64_json',
				watermark: true,
				watermarkPosition: 3,
				watermarkLanguage: 1,
				watermarkOpacity: 0.5,
				watermarkText: 'n8n demo',
				aigcProducerId: 'item-42',
				aigcContentProducer: 'acme',
			},
		});
		expect(result.error).toBeUndefined();
		const reqJson = fake.callsTo('getResult')[0].json.req_json;
		expect(typeof reqJson).toBe('string');
		expect(JSON.parse(reqJson)).toEqual({
			logo_info: {
				add_logo: true,
				position: 3,
				language: 1,
				opacity: 0.5,
				logo_text_content: 'n8n demo',
			},
			aigc_meta: { producer_id: 'item-42', content_producer: 'acme' },
		});
		expect(fake.count('download')).toBe(0);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.url).toBeUndefined();
		expect(readImageSize(result.items[0].binary!.data.buffer)).toEqual({
			type: 'jpeg',
			width: 2048,
			height: 2048,
		});
	});

	it('sends Jimeng 4.0 width/height, reference URLs and ratios as given', async () => {
		const result = await runVolc(fake, {
			operation: 'generate',
			model: 'jimeng_t2i_v40',
			prompt: 'a red fox, watercolour',
			referenceImages: {
				images: [{ url: 'https://example.com/a.png' }, { url: 'https://example.com/b.jpg' }],
			},
			size: 'custom',
			width: 2560,
			height: 1440,
			scale: 0.7,
			forceSingle: false,
			minRatio: 0.5,
			maxRatio: 2,
			options: { maxPollInterval: 1 },
		});
		expect(result.error).toBeUndefined();
		expect(fake.callsTo('submit')[0].json).toEqual({
			req_key: 'jimeng_t2i_v40',
			prompt: 'a red fox, watercolour',
			scale: 0.7,
			force_single: false,
			min_ratio: 0.5,
			max_ratio: 2,
			image_urls: ['https://example.com/a.png', 'https://example.com/b.jpg'],
			width: 2560,
			height: 1440,
		});
		expect(readImageSize(result.items[0].binary!.data.buffer)).toMatchObject({
			width: 2560,
			height: 1440,
		});
	});

	it('sends the 3.x parameters (seed, use_pre_llm, width, height) for jimeng_t2i_v31', async () => {
		const result = await runVolc(fake, {
			operation: 'generate',
			model: 'jimeng_t2i_v31',
			prompt: 'a lighthouse at dusk',
			seed: 1234,
			usePreLlm: false,
			size: 'custom',
			width: 1664,
			height: 936,
			options: { maxPollInterval: 1, additionalBodyFields: '{"return_url": false}' },
		});
		expect(result.error).toBeUndefined();
		expect(fake.callsTo('submit')[0].json).toEqual({
			req_key: 'jimeng_t2i_v31',
			prompt: 'a lighthouse at dusk',
			use_pre_llm: false,
			seed: 1234,
			width: 1664,
			height: 936,
			return_url: false,
		});
		expect(fake.callsTo('getResult')[0].json.req_key).toBe('jimeng_t2i_v31');
		expect(readImageSize(result.items[0].binary!.data.buffer)).toMatchObject({
			width: 1664,
			height: 936,
		});
	});

	it('signs with an STS session token (X-Security-Token signed) and the fake verifies it', async () => {
		const result = await runVolc(fake, SEED_PARAMETERS, {
			credentials: volcCredentials(fake, {
				accessKeyId: STS_AK,
				secretAccessKey: STS_SK,
				sessionToken: STS_SESSION_VALUE,
			}),
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expectAllSignaturesValid(fake);
		for (const call of fake.calls.filter((c) => c.flavour === 'volcengine')) {
			expect(call.headers['x-security-token']).toBe(STS_SESSION_VALUE);
			expect(call.signature).toMatchObject({ ok: true, accessKeyId: STS_AK });
			expect((call.signature as { signedHeaders: string[] }).signedHeaders).toContain(
				'x-security-token',
			);
		}
		// Downloads of pre-signed URLs carry no credentials.
		for (const call of fake.callsTo('download')) {
			expect(call.headers.authorization).toBeUndefined();
			expect(call.headers['x-security-token']).toBeUndefined();
		}
		expect(TEST_AK).not.toBe(STS_AK);
	});

	it('keeps the good images when one download fails: that image becomes an {index, url, error} item', async () => {
		fake.configure({ volcengine: { imageCount: 3 } });
		let downloads = 0;
		fake.override('download', (call) => {
			downloads++;
			// Image 1 is gone for good (404 is not retried); 0 and 2 download fine.
			if (call.path.includes('-1-')) return { status: 404, body: 'NoSuchKey' };
			return undefined;
		});
		const result = await runVolc(fake, { ...SEED_PARAMETERS, forceSingle: false });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(result.items[0].binary?.data).toBeDefined();
		expect(result.items[2].binary?.data).toBeDefined();
		const failed = result.items[1];
		expect(failed.binary).toBeUndefined();
		expect(failed.json).toMatchObject({ index: 1, reqKey: 'jimeng_t2i_v40' });
		expect(String(failed.json.url)).toContain('-1-');
		expect(String(failed.json.error)).toMatch(/404/);
		expect(failed.pairedItem).toEqual({ item: 0 });
		expect(downloads).toBe(3);
	});

	it('outputs URL-only items when Download Images is off', async () => {
		fake.configure({ volcengine: { imageCount: 2 } });
		const result = await runVolc(fake, {
			...SEED_PARAMETERS,
			forceSingle: false,
			options: { maxPollInterval: 1, returnUrlsOnly: true },
		});
		expect(result.error).toBeUndefined();
		expect(fake.count('download')).toBe(0);
		expect(result.items.map((item) => [item.json.index, item.binary])).toEqual([
			[0, undefined],
			[1, undefined],
		]);
		expect(String(result.items[1].json.url)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\//);
	});
});

describe('Volcengine edit', () => {
	it('sends one input image from a binary field as raw base64 (jimeng_i2i_v30, the default model)', async () => {
		const photo = encodeJpeg(800, 600, [200, 80, 40]);
		const result = await runVolc(
			fake,
			{
				operation: 'edit',
				prompt: '把背景换成海边',
				seed: 7,
				scale: 0.8,
				size: 'custom',
				width: 1024,
				height: 768,
				options: { maxPollInterval: 1 },
			},
			{
				input: [
					{
						json: {},
						binary: { data: { data: photo, mimeType: 'image/jpeg', fileName: 'photo.jpg' } },
					},
				],
			},
		);
		expect(result.error).toBeUndefined();
		const submit = fake.callsTo('submit')[0];
		expect(submit.json).toEqual({
			req_key: 'jimeng_i2i_v30',
			prompt: '把背景换成海边',
			seed: 7,
			scale: 0.8,
			width: 1024,
			height: 768,
			binary_data_base64: [photo.toString('base64')],
		});
		expect(submit.inputImages).toEqual([
			expect.objectContaining({ source: 'base64', type: 'jpeg', width: 800, height: 600 }),
		]);
		expect(fake.callsTo('getResult')[0].json.req_key).toBe('jimeng_i2i_v30');
		expect(result.items).toHaveLength(1);
		expect(readImageSize(result.items[0].binary!.data.buffer)).toMatchObject({
			width: 1024,
			height: 768,
		});
	});

	it('sends the input image as a URL when chosen', async () => {
		const result = await runVolc(fake, {
			operation: 'edit',
			prompt: 'make it night',
			inputImageSource: 'url',
			inputImageUrls: { images: [{ url: 'https://example.com/in.png' }] },
			options: { maxPollInterval: 1 },
		});
		expect(result.error).toBeUndefined();
		expect(fake.callsTo('submit')[0].json).toMatchObject({
			req_key: 'jimeng_i2i_v30',
			image_urls: ['https://example.com/in.png'],
		});
		expect(fake.callsTo('submit')[0].json.binary_data_base64).toBeUndefined();
	});

	it('edits with Jimeng 4.0 from reference URLs', async () => {
		const result = await runVolc(fake, {
			operation: 'edit',
			model: 'jimeng_t2i_v40',
			prompt: '把两张图合成一张海报',
			inputImageUrls: {
				images: [{ url: 'https://example.com/1.png' }, { url: 'https://example.com/2.png' }],
			},
			forceSingle: true,
			options: { maxPollInterval: 1 },
		});
		expect(result.error).toBeUndefined();
		expect(fake.callsTo('submit')[0].json).toMatchObject({
			req_key: 'jimeng_t2i_v40',
			image_urls: ['https://example.com/1.png', 'https://example.com/2.png'],
			size: 4194304,
		});
		expect(result.items).toHaveLength(1);
	});
});

describe('defaults that work: only what a newcomer sets (seed 003, the visual API)', () => {
	it('Generate with only Model and Prompt submits what Jimeng 4.0 accepts and outputs one image', async () => {
		const result = await runVolc(fake, {
			operation: 'generate',
			model: 'jimeng_t2i_v40',
			prompt: '一只可爱的柯基犬在草地上玩耍',
		});
		expect(result.error).toBeUndefined();
		// Every other field at its default gives seed 003's own body.
		expect(fake.callsTo('submit').map((call) => call.json)).toEqual([SEED_BODY]);
		expectAllSignaturesValid(fake);
		expect(result.items).toHaveLength(1);
		expect(readImageSize(result.items[0].binary!.data.buffer)).toMatchObject({
			width: 2048,
			height: 2048,
		});
	});

	it('Edit with only Prompt and an input image uses the default model and the binary field "data"', async () => {
		const photo = encodeJpeg(800, 600, [30, 90, 160]);
		const result = await runVolc(
			fake,
			{ operation: 'edit', prompt: '把背景换成海边' },
			{
				input: [
					{
						json: {},
						binary: { data: { data: photo, mimeType: 'image/jpeg', fileName: 'photo.jpg' } },
					},
				],
			},
		);
		expect(result.error).toBeUndefined();
		const [submit] = fake.callsTo('submit');
		expect(submit.json).toMatchObject({
			req_key: 'jimeng_i2i_v30',
			prompt: '把背景换成海边',
			binary_data_base64: [photo.toString('base64')],
		});
		expect(submit.inputImages).toEqual([
			expect.objectContaining({ source: 'base64', type: 'jpeg', width: 800, height: 600 }),
		]);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].binary?.data.mimeType).toBe('image/jpeg');
	});
});
