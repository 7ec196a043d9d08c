import { sniffImage } from '../nodes/Jimeng/lib/imageInfo';

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
