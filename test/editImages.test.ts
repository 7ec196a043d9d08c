import { checkEdges, checkEditImage, checkMask, colourModel } from '../nodes/Jimeng/images/editImages';
import { encodeJpeg, encodeMaskPng, encodePng } from './fake-upstream';

const LIMITS = { label: 'Model X', maxBytes: 1000, maxSide: 4096, maxAspect: 3 };

/** A JPEG frame header with `components` channels (1 = grayscale), as a scanner or editor writes it. */
function jpegWithComponents(components: number): Buffer {
	return Buffer.from([
		0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0,
		0xff, 0xc0, 0x00, 8 + 3 * components, 8, 0, 64, 0, 64, components,
		...new Array(3 * components).fill(1),
		0xff, 0xd9,
	]);
}

describe('colourModel', () => {
	test.each([
		[0, 'gray'],
		[2, 'rgb'],
		[4, 'grayAlpha'],
		[6, 'rgba'],
	] as const)('PNG colour type %d is %s', (type, model) => {
		expect(colourModel(encodeMaskPng(8, 8, type))).toBe(model);
	});

	test('a palette PNG is palette, not grayscale', () => {
		expect(colourModel(encodePng(8, 8, [0, 0, 0]))).toBe('palette');
	});

	test.each([
		[1, 'gray'],
		[3, 'rgb'],
		[4, 'cmyk'],
	] as const)('a JPEG with %d component(s) is %s', (components, model) => {
		expect(colourModel(jpegWithComponents(components))).toBe(model);
	});

	test('a baseline colour JPEG is rgb; bytes that are no image are unknown', () => {
		expect(colourModel(encodeJpeg(16, 16, [1, 2, 3]))).toBe('rgb');
		expect(colourModel(Buffer.from('hello'))).toBeUndefined();
	});
});

describe('checkEditImage', () => {
	test('a JPEG within the limits passes with its size', () => {
		expect(checkEditImage(jpegWithComponents(3), 'The image', { label: 'X' })).toEqual({
			image: { mimeType: 'image/jpeg', width: 64, height: 64 },
		});
	});

	test.each([
		['GIF', Buffer.from('GIF89a\x10\x00\x10\x00\x00\x00', 'binary'), /image\/gif; Model X takes JPEG or PNG/],
		['no image', Buffer.from('plain text'), /not an image/],
		['too many bytes', Buffer.concat([encodePng(8, 8, [0, 0, 0]), Buffer.alloc(2000)]), /Model X takes at most 0\.0 MB/],
		['too large', encodeMaskPng(4097, 10), /4097×10; Model X takes at most 4096×4096/],
		['too narrow', encodeMaskPng(10, 31), /10×31; Model X takes aspect ratios from 1:3 to 3:1/],
	])('%s is refused', (_name, bytes, message) => {
		const limits = { ...LIMITS, maxBytes: _name === 'too many bytes' ? 1000 : undefined };
		const result = checkEditImage(bytes, 'The image', limits);
		expect('problem' in result && result.problem).toMatch(message);
	});
});

describe('checkMask', () => {
	const image = { mimeType: 'image/jpeg', width: 100, height: 50 };

	test('a grayscale mask of the image size passes', () => {
		const mask = encodeMaskPng(100, 50);
		expect(checkMask(image, { ...image, mimeType: 'image/png' }, mask)).toBeUndefined();
	});

	test('another size is refused, naming both sizes', () => {
		expect(checkMask(image, { ...image, width: 101 }, encodeMaskPng(101, 50))).toMatch(
			/mask is 101×50 but the image is 100×50/,
		);
	});

	test.each([2, 4, 6] as const)('PNG colour type %d is refused as not one-channel', (type) => {
		expect(checkMask(image, image, encodeMaskPng(100, 50, type))).toMatch(/not a one-channel/);
	});
});

describe('checkEdges', () => {
	test('shares from 0 to 1 pass when one is above 0', () => {
		expect(checkEdges({ top: 0, bottom: 0, left: 0.5, right: 1 })).toBeUndefined();
	});

	test.each([
		[{ top: 0, bottom: 0, left: 0, right: 0 }, /Every Expand value is 0/],
		[{ top: -0.1, bottom: 0, left: 0, right: 0 }, /Expand top must be between 0 and 1/],
		[{ top: 0, bottom: 1.01, left: 0, right: 0 }, /Expand bottom/],
		[{ top: 0, bottom: 0, left: Number.NaN, right: 0.2 }, /Expand left/],
	])('%p is refused', (edges, message) => {
		expect(checkEdges(edges)).toMatch(message);
	});
});
