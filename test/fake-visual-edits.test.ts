/**
 * The fake visual API's contracts for Seedream 4.6 and the editing req_keys are strict: a request
 * that breaks the verified contract is refused, so a wrong request from the node fails the tests.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { validateEditSubmit } = require('./fake-upstream/visualEdits');
import { encodeJpeg, encodeMaskPng } from './fake-upstream';

const ctx = {
	fileUrl: (name: string) => `http://127.0.0.1:1/files/${name}?signed=x`,
	imageFor: (name: string) => {
		const m = /-(\d+)x(\d+)\.(png|jpeg)$/.exec(name);
		if (!m) throw new Error('bad name');
		return name.startsWith('mask')
			? encodeMaskPng(Number(m[1]), Number(m[2]))
			: encodeJpeg(Number(m[1]), Number(m[2]), [1, 2, 3]);
	},
};
const INPAINT = 'jimeng_image2image_dream_inpaint';
const UPSCALE = 'jimeng_i2i_seed3_tilesr_cvtob';
const OUTPAINT = 'jimeng_img2img_seed3_painting_edit';
const SEEDREAM46 = 'jimeng_seedream46_cvtob';
const b64 = (bytes: Buffer) => bytes.toString('base64');
const image = b64(encodeJpeg(64, 48, [9, 9, 9]));
const mask = b64(encodeMaskPng(64, 48));

function refusal(body: Record<string, unknown>): string | undefined {
	const result = validateEditSubmit(ctx, body);
	return 'refusal' in result ? `${result.refusal.code} ${result.refusal.message}` : undefined;
}

describe('inpaint (official page 85621/1976207)', () => {
	const ok = { req_key: INPAINT, binary_data_base64: [image, mask], prompt: 'x' };

	test('image + same-size grayscale mask + prompt is accepted; the output has the image size', () => {
		expect(validateEditSubmit(ctx, ok).output).toEqual({ width: 64, height: 48, format: 'jpeg' });
	});

	test.each([
		['no prompt', { prompt: undefined }, /50201 .*prompt/],
		['one image', { binary_data_base64: [image] }, /exactly 2 images/],
		['three images', { binary_data_base64: [image, mask, mask] }, /exactly 2 images/],
		['a mask of another size', { binary_data_base64: [image, b64(encodeMaskPng(64, 47))] }, /mask size 64x47 differs/],
		['an RGB mask', { binary_data_base64: [image, b64(encodeMaskPng(64, 48, 2))] }, /single-channel/],
		['a data: prefix', { binary_data_base64: [`data:image/jpeg;base64,${image}`, mask] }, /50207/],
		['both URLs and base64', { image_urls: ['http://a/b.png', 'http://a/c.png'] }, /not both/],
		['a fractional seed', { seed: 1.5 }, /seed must be an integer/],
		['an image over 4096', { binary_data_base64: [b64(encodeMaskPng(4097, 8)), b64(encodeMaskPng(4097, 8))] }, /50205 .*4096/],
	])('refuses %s', (_name, change, message) => {
		expect(refusal({ ...ok, ...change })).toMatch(message);
	});

	test('its own file URLs are checked like base64 (a mask URL of another size is refused)', () => {
		const urls = [ctx.fileUrl('input-a-0-64x48.jpeg'), ctx.fileUrl('mask-a-0-64x40.png')];
		expect(refusal({ req_key: ok.req_key, image_urls: urls, prompt: 'x' })).toMatch(/differs/);
	});
});

describe('upscale', () => {
	const ok = { req_key: UPSCALE, binary_data_base64: [image] };

	test('one image is accepted; 4k makes the long side 4096, 8k 8192', () => {
		expect(validateEditSubmit(ctx, ok).output).toEqual({ width: 4096, height: 3072, format: 'png' });
		expect(validateEditSubmit(ctx, { ...ok, resolution: '8k', scale: 0 }).output).toMatchObject({ width: 8192 });
	});

	test.each([
		['an upper-case resolution', { resolution: '4K' }, /resolution must be "4k" or "8k"/],
		['a scale above 100', { scale: 101 }, /scale must be an integer in \[0, 100\]/],
		['a fractional scale', { scale: 0.5 }, /scale must be an integer/],
		['two images', { binary_data_base64: [image, image] }, /exactly 1 image/],
		['an aspect beyond 3:1', { binary_data_base64: [b64(encodeMaskPng(400, 100))] }, /aspect ratio/],
	])('refuses %s', (_name, change, message) => {
		expect(refusal({ ...ok, ...change })).toMatch(message);
	});
});

describe('outpaint', () => {
	const key = OUTPAINT;

	test('one image with edges grows by the shares; canvas + mask keeps the canvas size', () => {
		expect(validateEditSubmit(ctx, { req_key: key, binary_data_base64: [image], left: 0.5, top: 0.25 }).output).toEqual({ width: 96, height: 60, format: 'png' });
		expect(validateEditSubmit(ctx, { req_key: key, binary_data_base64: [image, mask] }).output).toMatchObject({ width: 64, height: 48 });
	});

	test.each([
		['an edge above 1', { binary_data_base64: [image], right: 1.2 }, /right must be a number in \[0, 1\]/],
		['an edge as text', { binary_data_base64: [image], right: '0.2' }, /right must be a number/],
		['edges with a canvas and mask', { binary_data_base64: [image, mask], left: 0.2 }, /a canvas and its mask take none/],
		['a canvas mask of another size', { binary_data_base64: [image, b64(encodeMaskPng(10, 10))] }, /differs/],
		['no image', {}, /50201/],
	])('refuses %s', (_name, change, message) => {
		expect(refusal({ req_key: key, ...change })).toMatch(message);
	});
});

describe('Seedream 4.6', () => {
	const ok = { req_key: SEEDREAM46, prompt: 'a cat', scale: 50, size: 2048 * 2048 };

	test('an integer scale 1–100 and an area are accepted', () => {
		expect(refusal(ok)).toBeUndefined();
		expect(refusal({ ...ok, scale: 1 })).toBeUndefined();
		expect(refusal({ ...ok, scale: 100 })).toBeUndefined();
	});

	test.each([
		['scale 0.5 (the 4.0 range)', { scale: 0.5 }, /scale must be an integer in \[1, 100\]/],
		['scale 0', { scale: 0 }, /\[1, 100\]/],
		['15 reference images', { image_urls: new Array(15).fill('https://a/b.png') }, /at most 14/],
		['an area below 1024²', { size: 1000 * 1000 }, /size must be an area/],
		['a prompt over 800 characters', { prompt: 'x'.repeat(801) }, /800/],
		['no prompt', { prompt: '' }, /50201/],
	])('refuses %s', (_name, change, message) => {
		expect(refusal({ ...ok, ...change })).toMatch(message);
	});
});
