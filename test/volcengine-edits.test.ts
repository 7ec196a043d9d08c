/**
 * Inpaint, Upscale and Outpaint end to end in n8n's engine against the signature-checking fake
 * visual API, which implements the contracts the README lists as verified (fake-upstream/visualEdits.js).
 */
import type { IDataObject } from 'n8n-workflow';

import {
	encodeJpeg,
	encodeMaskPng,
	encodePng,
	readImageSize,
	type FakeUpstream,
} from './fake-upstream';
import type { InputItem } from './harness/runNode';
import { expectAllSignaturesValid, runVolc, startVolcFake } from './volcengine-setup';
import { JimengVisual } from '../nodes/Jimeng/JimengVisual.node';

let fake: FakeUpstream;

beforeAll(async () => {
	fake = await startVolcFake();
});
afterAll(async () => {
	await fake.close();
});
beforeEach(() => fake.reset());

const INPAINT = 'jimeng_image2image_dream_inpaint';
const UPSCALE = 'jimeng_i2i_seed3_tilesr_cvtob';
const OUTPAINT = 'jimeng_img2img_seed3_painting_edit';
const FAST = { maxPollInterval: 1 };

const jpeg = (width: number, height: number, colour: [number, number, number] = [200, 80, 40]) =>
	encodeJpeg(width, height, colour);

function item(binary: Record<string, Buffer>, json: IDataObject = {}): InputItem {
	const entries = Object.entries(binary).map(([name, data]) => [
		name,
		{
			data,
			mimeType: readImageSize(data)?.type === 'png' ? 'image/png' : 'image/jpeg',
			fileName: `${name}.bin`,
		},
	]);
	return { json, binary: Object.fromEntries(entries) };
}

/** The run was refused before anything was paid: no submit, no poll, an error naming the item. */
function expectRefused(result: Awaited<ReturnType<typeof runVolc>>, message: RegExp) {
	expect(result.error?.message).toMatch(message);
	expect(fake.paidCalls()).toBe(0);
	expect(fake.count('submit')).toBe(0);
	expect(fake.count('getResult')).toBe(0);
}

describe('Inpaint', () => {
	const parameters = {
		operation: 'inpaint',
		prompt: 'a red vase with white flowers',
		options: FAST,
	};

	it('sends image then mask as raw base64 with the prompt, and outputs the image, paired', async () => {
		const image = jpeg(1024, 768);
		const mask = encodeMaskPng(1024, 768);
		const result = await runVolc(fake, parameters, { input: [item({ data: image, mask })] });
		expect(result.error).toBeUndefined();

		const [submit] = fake.callsTo('submit');
		expect(fake.callsTo('submit')).toHaveLength(1);
		expect(submit.json).toEqual({
			req_key: INPAINT,
			binary_data_base64: [image.toString('base64'), mask.toString('base64')],
			prompt: 'a red vase with white flowers',
		});
		expect(Object.keys(submit.json)).toEqual(['req_key', 'binary_data_base64', 'prompt']);
		expect(submit.inputImages).toEqual([
			expect.objectContaining({ source: 'base64', type: 'jpeg', width: 1024, height: 768 }),
			expect.objectContaining({ source: 'base64', type: 'png', width: 1024, height: 768 }),
		]);
		for (const poll of fake.callsTo('getResult')) {
			expect(poll.json).toMatchObject({ req_key: INPAINT, task_id: submit.taskId });
		}
		expectAllSignaturesValid(fake);

		expect(result.items).toHaveLength(1);
		const [out] = result.items;
		expect(out.json).toMatchObject({ taskId: submit.taskId, reqKey: INPAINT, index: 0 });
		expect(out.pairedItem).toEqual({ item: 0 });
		expect(readImageSize(out.binary!.data.buffer)).toEqual({
			type: 'jpeg',
			width: 1024,
			height: 768,
		});
	});

	it('pairs each output with its own input item', async () => {
		const result = await runVolc(fake, parameters, {
			input: [
				item({ data: jpeg(800, 600), mask: encodeMaskPng(800, 600) }),
				item({ data: jpeg(640, 960), mask: encodeMaskPng(640, 960) }),
			],
		});
		expect(result.error).toBeUndefined();
		expect(fake.count('submit')).toBe(2);
		expect(result.items.map((out) => out.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.items.map((out) => readImageSize(out.binary!.data.buffer))).toEqual([
			{ type: 'jpeg', width: 800, height: 600 },
			{ type: 'jpeg', width: 640, height: 960 },
		]);
	});

	it('Remove mode sends the prompt "删除"; a seed option is sent as an integer', async () => {
		const result = await runVolc(
			fake,
			{ operation: 'inpaint', inpaintMode: 'remove', options: { ...FAST, seed: 7 } },
			{ input: [item({ data: jpeg(512, 512), mask: encodeMaskPng(512, 512) })] },
		);
		expect(result.error).toBeUndefined();
		expect(fake.lastCall('submit')?.json).toMatchObject({ prompt: '删除', seed: 7 });
	});

	it('takes URLs: image_urls holds the image, then the mask', async () => {
		const imageUrl = fake.fileUrl('input-a-0-800x600.jpeg');
		const maskUrl = fake.fileUrl('mask-a-0-800x600.png');
		const result = await runVolc(fake, {
			...parameters,
			editInputSource: 'url',
			editImageUrl: imageUrl,
			editMaskUrl: maskUrl,
		});
		expect(result.error).toBeUndefined();
		expect(fake.lastCall('submit')?.json).toEqual({
			req_key: INPAINT,
			image_urls: [imageUrl, maskUrl],
			prompt: 'a red vase with white flowers',
		});
		expect(readImageSize(result.items[0].binary!.data.buffer)).toMatchObject({
			width: 800,
			height: 600,
		});
	});

	it.each([
		[
			'a mask of another size',
			{ data: jpeg(1024, 768), mask: encodeMaskPng(1024, 700) },
			/mask is 1024×700 but the image is 1024×768/,
		],
		['a missing mask', { data: jpeg(1024, 768) }, /no binary field "mask" for the mask/],
		[
			'an RGBA mask',
			{ data: jpeg(256, 256), mask: encodeMaskPng(256, 256, 6) },
			/mask is rgba, not a one-channel grayscale/,
		],
		[
			'an image over 4096 pixels',
			{ data: encodePng(4100, 64, [1, 2, 3]), mask: encodeMaskPng(4100, 64) },
			/image is 4100×64; Jimeng Inpainting takes at most 4096×4096/,
		],
		[
			'an image over 4.7 MB',
			{
				data: Buffer.concat([jpeg(256, 256), Buffer.alloc(5 * 1024 * 1024)]),
				mask: encodeMaskPng(256, 256),
			},
			/image is 5\.0 MB; Jimeng Inpainting takes at most 4\.7 MB/,
		],
	])('refuses %s before paying', async (_name, binary, message) => {
		const result = await runVolc(fake, parameters, { input: [item(binary)] });
		expectRefused(result, message);
	});

	it('a missing mask says where a mask comes from (same item, second binary field), not "check the name"', async () => {
		const result = await runVolc(fake, parameters, { input: [item({ data: jpeg(256, 256) })] });
		expectRefused(result, /no binary field "mask" for the mask/);
		const description = String((result.error as { description?: string }).description);
		expect(description).toContain('This item has "data".');
		expect(description).toMatch(/second binary field of the same item as the image/);
		expect(description).toMatch(/Merge node \(Combine → By Position\)/);
		expect(description).not.toMatch(/check the field name/i);
	});

	it('the editor says where the mask comes from without hovering: a notice above the mask field', () => {
		const properties = new JimengVisual().description.properties;
		const notice = properties.find((p) => p.name === 'maskNotice');
		expect(notice?.type).toBe('notice');
		expect(notice?.displayName).toMatch(/second binary field of the same item/);
		const names = properties.map((p) => p.name);
		expect(names.indexOf('maskNotice')).toBeLessThan(names.indexOf('editMaskField'));
		const operations = properties
			.filter((p) => p.name === 'maskNotice')
			.flatMap((p) => (p.displayOptions?.show?.operation ?? []) as string[]);
		expect(operations.sort()).toEqual(['inpaint', 'outpaint']);
	});

	it('one bad item stops the run before any item is paid', async () => {
		const result = await runVolc(fake, parameters, {
			input: [
				item({ data: jpeg(512, 512), mask: encodeMaskPng(512, 512) }),
				item({ data: jpeg(512, 512), mask: encodeMaskPng(500, 512) }),
			],
		});
		expectRefused(result, /mask is 500×512/);
		expect(result.error?.itemIndex).toBe(1);
	});

	it('50429 on submit is retried (one task, image out); a 5xx is not', async () => {
		const input = [item({ data: jpeg(512, 512), mask: encodeMaskPng(512, 512) })];
		fake.fault('submit', { kind: 'volcBusiness', code: 50429 });
		const retried = await runVolc(fake, parameters, { input });
		expect(retried.error).toBeUndefined();
		expect(fake.count('submit')).toBe(2);
		expect(fake.tasks.list()).toHaveLength(1);
		expect(retried.items[0].binary?.data).toBeDefined();

		fake.reset();
		fake.fault('submit', { kind: 'serverError', status: 500 });
		const failed = await runVolc(fake, parameters, { input });
		expect(failed.error?.description).toMatch(/may have been charged/);
		expect(fake.count('submit')).toBe(1);
		expect(fake.count('getResult')).toBe(0);
	});
});

describe('Upscale', () => {
	const parameters = { operation: 'upscale', options: FAST };

	it('sends one image and resolution 4k, and outputs the 4K image', async () => {
		const image = jpeg(1200, 800);
		const result = await runVolc(fake, parameters, { input: [item({ data: image })] });
		expect(result.error).toBeUndefined();
		const submit = fake.lastCall('submit');
		expect(submit?.json).toEqual({
			req_key: UPSCALE,
			binary_data_base64: [image.toString('base64')],
			resolution: '4k',
		});
		expect(Object.keys(submit!.json)).toEqual(['req_key', 'binary_data_base64', 'resolution']);
		expectAllSignaturesValid(fake);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(readImageSize(result.items[0].binary!.data.buffer)).toEqual({
			type: 'png',
			width: 4096,
			height: 2731,
		});
	});

	it('8K with a detail scale', async () => {
		const result = await runVolc(
			fake,
			{ ...parameters, upscaleResolution: '8k', options: { ...FAST, upscaleScale: 80 } },
			{ input: [item({ data: jpeg(1000, 1000) })] },
		);
		expect(result.error).toBeUndefined();
		expect(fake.lastCall('submit')?.json).toMatchObject({ resolution: '8k', scale: 80 });
		expect(readImageSize(result.items[0].binary!.data.buffer)).toMatchObject({
			width: 8192,
			height: 8192,
		});
	});

	it.each([
		['beyond 4096 pixels', encodePng(5000, 2000, [9, 9, 9]), /5000×2000; Jimeng Upscale takes at most 4096×4096/],
		['wider than 3:1', encodePng(2000, 400, [9, 9, 9]), /2000×400; Jimeng Upscale takes aspect ratios from 1:3 to 3:1/],
		['over 4.7 MB', Buffer.concat([jpeg(512, 512), Buffer.alloc(5 * 1024 * 1024)]), /5\.0 MB/],
		['not JPEG or PNG', Buffer.from('GIF89a\x40\x00\x40\x00\x00\x00\x00', 'binary'), /image\/gif; Jimeng Upscale takes JPEG or PNG/],
	])('refuses an image %s before paying', async (_name, data, message) => {
		const result = await runVolc(fake, parameters, { input: [item({ data })] });
		expectRefused(result, message);
	});

	it('without waiting, hands the task to Wait for Result, which outputs the image', async () => {
		const submitted = await runVolc(
			fake,
			{ ...parameters, waitForImages: false },
			{ input: [item({ data: jpeg(900, 600) }, { sku: 'A1' })] },
		);
		expect(submitted.error).toBeUndefined();
		expect(fake.count('getResult')).toBe(0);
		const task = submitted.items[0].json;
		expect(task).toMatchObject({ reqKey: UPSCALE, taskId: expect.stringMatching(/^\d{19}$/) });

		const waited = await runVolc(
			fake,
			{ operation: 'waitForResult', options: FAST },
			{ input: [{ json: task }] },
		);
		expect(waited.error).toBeUndefined();
		expect(fake.count('submit')).toBe(1);
		expect(fake.callsTo('getResult')[0].json).toMatchObject({
			req_key: UPSCALE,
			task_id: task.taskId,
		});
		expect(readImageSize(waited.items[0].binary!.data.buffer)).toMatchObject({
			width: 4096,
			height: 2731,
		});
	});
});

describe('Outpaint', () => {
	const parameters = { operation: 'outpaint', options: FAST };

	it('extends edges: one image with top/bottom/left/right shares, no prompt unless given', async () => {
		const image = jpeg(1000, 600);
		const result = await runVolc(
			fake,
			{ ...parameters, expandTop: 0.1, expandLeft: 0.25, expandRight: 0.25 },
			{ input: [item({ data: image })] },
		);
		expect(result.error).toBeUndefined();
		const submit = fake.lastCall('submit');
		expect(submit?.json).toEqual({
			req_key: OUTPAINT,
			binary_data_base64: [image.toString('base64')],
			top: 0.1,
			bottom: 0,
			left: 0.25,
			right: 0.25,
		});
		expectAllSignaturesValid(fake);
		expect(readImageSize(result.items[0].binary!.data.buffer)).toEqual({
			type: 'png',
			width: 1500,
			height: 660,
		});
	});

	it('canvas and mask: two images of one size, the prompt, no edges', async () => {
		const canvas = jpeg(1600, 600);
		const mask = encodeMaskPng(1600, 600);
		const result = await runVolc(
			fake,
			{ ...parameters, outpaintMode: 'canvas', prompt: 'a quiet beach' },
			{ input: [item({ data: canvas, mask })] },
		);
		expect(result.error).toBeUndefined();
		expect(fake.lastCall('submit')?.json).toEqual({
			req_key: OUTPAINT,
			binary_data_base64: [canvas.toString('base64'), mask.toString('base64')],
			prompt: 'a quiet beach',
		});
		expect(readImageSize(result.items[0].binary!.data.buffer)).toMatchObject({
			width: 1600,
			height: 600,
		});
	});

	it.each([
		['no side to extend', { expandLeft: 0, expandRight: 0 }, {}, /Every Expand value is 0/],
		['a share above 1', { expandTop: 1.5 }, {}, /Expand top must be between 0 and 1/],
		[
			'a canvas mask of another size',
			{ outpaintMode: 'canvas' },
			{ mask: encodeMaskPng(1000, 600) },
			/mask is 1000×600 but the image is 1600×600/,
		],
	])('refuses %s before paying', async (_name, extra, binary, message) => {
		const result = await runVolc(
			fake,
			{ ...parameters, ...extra },
			{ input: [item({ data: jpeg(1600, 600), ...binary })] },
		);
		expectRefused(result, message);
	});
});

describe('fields that are no longer `required` (an expression could make n8n require them on every branch) are still refused empty before anything is paid', () => {
	const image = () => jpeg(512, 512);
	test.each([
		['Inpaint Prompt', { operation: 'inpaint', prompt: '  ', options: FAST }, /^Prompt is empty/],
		['Image Binary Field', { operation: 'upscale', editImageField: ' ', options: FAST }, /^Image Binary Field is empty/],
		['Mask Binary Field', { operation: 'inpaint', prompt: 'a vase', editMaskField: '', options: FAST }, /^Mask Binary Field is empty/],
		['Image URL', { operation: 'upscale', editInputSource: 'url', editImageUrl: '', options: FAST }, /^Image URL is empty/],
		['Mask URL', { operation: 'inpaint', prompt: 'a vase', editInputSource: 'url', editImageUrl: 'https://example.com/a.png', editMaskUrl: ' ', options: FAST }, /^Mask URL is empty/],
		['Custom Model Key', { operation: 'generate', model: 'custom', customModel: '', prompt: 'a cat', options: FAST }, /^Custom Model Key is empty/],
	])('%s', async (_field, parameters, message) => {
		const result = await runVolc(fake, parameters, {
			input: [item({ data: image(), mask: encodeMaskPng(512, 512) })],
		});
		expectRefused(result, message);
	});
});
