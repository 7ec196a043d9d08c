import { colourModel } from '../nodes/Jimeng/images/editImages';
import { jpegFrame, sniffImage } from '../nodes/Jimeng/images/imageInfo';

function u32be(value: number): number[] {
	return [(value >>> 24) & 255, (value >>> 16) & 255, (value >>> 8) & 255, value & 255];
}

function pngHeader(width: number, height: number): Buffer {
	return Buffer.from([
		0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
		...u32be(13), ...Buffer.from('IHDR'), ...u32be(width), ...u32be(height), 8, 6, 0, 0, 0,
	]);
}

function jpegHeader(width: number, height: number, app1Length = 0): Buffer {
	const app1 = app1Length
		? [0xff, 0xe1, (app1Length >> 8) & 255, app1Length & 255, ...new Array(app1Length - 2).fill(0)]
		: [];
	return Buffer.from([
		0xff, 0xd8,
		0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0,
		...app1,
		0xff, 0xdb, 0x00, 0x04, 0x00, 0x00, // a (truncated) quantisation table segment
		0xff, 0xc0, 0x00, 0x11, 8, (height >> 8) & 255, height & 255, (width >> 8) & 255, width & 255, 3,
		1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
		0xff, 0xd9,
	]);
}

test('PNG: type and dimensions from IHDR', () => {
	expect(sniffImage(pngHeader(2048, 1152))).toEqual({
		mimeType: 'image/png',
		extension: 'png',
		width: 2048,
		height: 1152,
	});
});

test('JPEG: dimensions from the SOF0 frame header, past APP segments', () => {
	expect(sniffImage(jpegHeader(1664, 936, 300))).toEqual({
		mimeType: 'image/jpeg',
		extension: 'jpg',
		width: 1664,
		height: 936,
	});
});

test('WebP (VP8X) and GIF', () => {
	const webp = Buffer.alloc(30);
	webp.write('RIFF', 0);
	webp.write('WEBP', 8);
	webp.write('VP8X', 12);
	webp.writeUIntLE(1023, 24, 3);
	webp.writeUIntLE(767, 27, 3);
	expect(sniffImage(webp)).toEqual({ mimeType: 'image/webp', extension: 'webp', width: 1024, height: 768 });

	const gif = Buffer.from([...Buffer.from('GIF89a'), 0x40, 0x01, 0xf0, 0x00]);
	expect(sniffImage(gif)).toEqual({ mimeType: 'image/gif', extension: 'gif', width: 320, height: 240 });
});

test('text, JSON and truncated signatures are not images', () => {
	expect(sniffImage(Buffer.from('{"error":"nope"}'))).toBeUndefined();
	expect(sniffImage(Buffer.from('<html></html>'))).toBeUndefined();
	expect(sniffImage(pngHeader(1, 1).subarray(0, 7))).toBeUndefined();
	expect(sniffImage(Buffer.alloc(0))).toBeUndefined();
});

describe('jpegFrame (the one JPEG marker walk, for sizes and colour models)', () => {
	/** A segment: marker, then its big-endian length (which counts itself) and payload. */
	const segment = (marker: number, payload: number[]) => [
		0xff,
		marker,
		((payload.length + 2) >> 8) & 255,
		(payload.length + 2) & 255,
		...payload,
	];
	const sof = (marker: number, width: number, height: number, components: number) =>
		segment(marker, [
			8,
			(height >> 8) & 255,
			height & 255,
			(width >> 8) & 255,
			width & 255,
			components,
			...new Array(3 * components).fill(1),
		]);
	const jfif = segment(0xe0, [...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0]);
	const exif = segment(0xe1, [...Buffer.from('Exif\0\0'), ...new Array(600).fill(0x2a)]);
	const icc = segment(0xe2, [...Buffer.from('ICC_PROFILE\0'), ...new Array(40).fill(0xff)]);
	const dqt = segment(0xdb, new Array(65).fill(1));
	const jpeg = (...parts: number[][]) => Buffer.from([0xff, 0xd8, ...parts.flat(), 0xff, 0xd9]);

	test('grayscale (1 component) and YCbCr (3) frames, with their size', () => {
		const gray = jpeg(jfif, dqt, sof(0xc0, 640, 480, 1));
		const colour = jpeg(jfif, dqt, sof(0xc0, 640, 480, 3));
		expect(jpegFrame(gray)).toEqual({ height: 480, width: 640, components: 1 });
		expect(jpegFrame(colour)).toEqual({ height: 480, width: 640, components: 3 });
		expect(colourModel(gray)).toBe('gray');
		expect(colourModel(colour)).toBe('rgb');
	});

	test('walks past APP0, APP1 (Exif), APP2 (ICC) and fill bytes before the frame header', () => {
		const bytes = jpeg(jfif, exif, icc, [0xff, 0xff], dqt, sof(0xc2, 4000, 3000, 3));
		expect(jpegFrame(bytes)).toEqual({ height: 3000, width: 4000, components: 3 });
		expect(sniffImage(bytes)).toEqual({
			mimeType: 'image/jpeg',
			extension: 'jpg',
			width: 4000,
			height: 3000,
		});
	});

	test('DHT (C4) is not a frame header even though it sits among the SOF markers', () => {
		const bytes = jpeg(jfif, segment(0xc4, new Array(20).fill(0)), sof(0xc1, 320, 200, 1));
		expect(jpegFrame(bytes)).toEqual({ height: 200, width: 320, components: 1 });
	});

	test('a JPEG cut before its frame header is complete has no frame: size and colour unknown', () => {
		const whole = jpeg(jfif, exif, sof(0xc0, 640, 480, 1));
		const sofStart = 2 + jfif.length + exif.length;
		// The component count is the tenth byte of the segment: with it the frame is read, without it not.
		expect(jpegFrame(whole.subarray(0, sofStart + 10))).toEqual({
			height: 480,
			width: 640,
			components: 1,
		});
		for (const cut of [sofStart + 9, sofStart + 4, 2 + jfif.length + 300, 20, 3]) {
			const truncated = whole.subarray(0, cut);
			expect(jpegFrame(truncated)).toBeUndefined();
			expect(sniffImage(truncated)).toEqual({ mimeType: 'image/jpeg', extension: 'jpg' });
			expect(colourModel(truncated)).toBeUndefined();
		}
	});

	test('a broken marker structure or bytes that are no JPEG have no frame', () => {
		const broken = jpeg(jfif, [0x00, 0x00], sof(0xc0, 640, 480, 3));
		expect(jpegFrame(broken)).toBeUndefined();
		expect(sniffImage(broken)).toEqual({ mimeType: 'image/jpeg', extension: 'jpg' });
		expect(jpegFrame(pngHeader(640, 480))).toBeUndefined();
		expect(jpegFrame(Buffer.alloc(0))).toBeUndefined();
	});
});
