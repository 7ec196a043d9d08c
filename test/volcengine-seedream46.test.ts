/**
 * Seedream 4.6 (jimeng_seedream46_cvtob) as a model of Generate and Edit, through n8n's engine against
 * the signature-checking fake, which holds the contract: scale an integer 1–100, ≤ 14 images.
 */
import { readImageSize, type FakeUpstream } from './fake-upstream';
import { expectAllSignaturesValid, runVolc, startVolcFake } from './volcengine-setup';

const SEEDREAM46 = 'jimeng_seedream46_cvtob';
const FAST = { maxPollInterval: 1 };

let fake: FakeUpstream;
beforeAll(async () => {
	fake = await startVolcFake();
});
afterAll(async () => {
	await fake.close();
});
beforeEach(() => fake.reset());

const urls = (list: string[]) => ({ images: list.map((url) => ({ url })) });

describe('Seedream 4.6 on the Volcengine backend', () => {
	it('Generate sends the exact body with the default integer scale 50', async () => {
		const result = await runVolc(fake, {
			operation: 'generate',
			model: SEEDREAM46,
			prompt: 'a lighthouse at dusk',
			size: '2K',
			options: FAST,
		});
		expect(result.error).toBeUndefined();
		const submits = fake.callsTo('submit');
		expect(submits).toHaveLength(1);
		expect(submits[0].json).toEqual({
			req_key: SEEDREAM46,
			prompt: 'a lighthouse at dusk',
			scale: 50,
			force_single: true,
			min_ratio: 1 / 3,
			max_ratio: 3,
			size: 4194304,
		});
		expectAllSignaturesValid(fake);
		expect(result.items).toHaveLength(1);
		expect(readImageSize(result.items[0].binary!.data.buffer)).toMatchObject({
			width: 2048,
			height: 2048,
		});
	});

	it('Edit sends the input URLs, the chosen scale and width/height', async () => {
		const a = fake.fileUrl('input-a-0-800x600.jpeg');
		const b = fake.fileUrl('input-b-0-640x960.jpeg');
		const result = await runVolc(fake, {
			operation: 'edit',
			model: SEEDREAM46,
			prompt: 'put the cat from image 2 on the sofa of image 1',
			inputImageUrls: urls([a, b]),
			scaleInteger: 80,
			size: '2K',
			aspectRatio: '16:9',
			options: FAST,
		});
		expect(result.error).toBeUndefined();
		expect(fake.callsTo('submit').map((call) => call.json)).toEqual([
			{
				req_key: SEEDREAM46,
				prompt: 'put the cat from image 2 on the sofa of image 1',
				image_urls: [a, b],
				scale: 80,
				force_single: true,
				min_ratio: 1 / 3,
				max_ratio: 3,
				width: 2560,
				height: 1440,
			},
		]);
		expectAllSignaturesValid(fake);
		expect(readImageSize(result.items[0].binary!.data.buffer)).toMatchObject({
			width: 2560,
			height: 1440,
		});
	});

	it.each([
		['a 0–1 scale (0.5)', { scaleInteger: 0.5 }, /whole number/],
		['scale 101', { scaleInteger: 101 }, /between 1 and 100/],
		['scale 0', { scaleInteger: 0 }, /between 1 and 100/],
	])('refuses %s before any paid call', async (_label, extra, message) => {
		const result = await runVolc(fake, {
			operation: 'generate',
			model: SEEDREAM46,
			prompt: 'a lighthouse',
			options: FAST,
			...extra,
		});
		expect(result.error?.message).toMatch(/Text Influence \(Scale\)/);
		expect(result.error?.message).toMatch(message);
		expect(fake.count('submit')).toBe(0);
	});

	it('refuses 15 reference images and a prompt over 800 characters with zero submits', async () => {
		const fifteen = Array.from({ length: 15 }, (_, i) => fake.fileUrl(`input-r-${i}-512x512.jpeg`));
		const tooMany = await runVolc(fake, {
			operation: 'edit',
			model: SEEDREAM46,
			prompt: 'blend these',
			inputImageUrls: urls(fifteen),
			options: FAST,
		});
		expect(tooMany.error?.message).toMatch(/Input Image URLs: Seedream 4\.6 takes at most 14 images, not 15/);

		const longPrompt = await runVolc(fake, {
			operation: 'generate',
			model: SEEDREAM46,
			prompt: '字'.repeat(801),
			options: FAST,
		});
		expect(longPrompt.error?.message).toMatch(/801 characters; the limit is 800/);
		expect(fake.count('submit')).toBe(0);
	});

	it('takes 14 reference images on Generate', async () => {
		const fourteen = Array.from({ length: 14 }, (_, i) => fake.fileUrl(`input-r-${i}-512x512.jpeg`));
		const result = await runVolc(fake, {
			operation: 'generate',
			model: SEEDREAM46,
			prompt: 'a collage',
			referenceImages: urls(fourteen),
			options: FAST,
		});
		expect(result.error).toBeUndefined();
		expect(fake.lastCall('submit')?.json).toMatchObject({ image_urls: fourteen, scale: 50 });
	});

	it('refuses an area below 1024² (Width and Height) with zero submits', async () => {
		const result = await runVolc(fake, {
			operation: 'generate',
			model: SEEDREAM46,
			prompt: 'small',
			size: 'custom',
			width: 1000,
			height: 1000,
			options: FAST,
		});
		expect(result.error?.message).toMatch(/Seedream 4\.6 needs between 1048576 and 16777216/);
		expect(fake.count('submit')).toBe(0);
	});
});
