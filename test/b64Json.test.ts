/**
 * The streaming b64_json scanner alone: any chunking gives the same text and images as parsing
 * the whole answer, escapes and look-alike keys are handled, and big values are decoded in blocks.
 */
import { randomBytes } from 'node:crypto';

import { B64JsonScanner, placeholderIndex } from '../nodes/Jimeng/images/b64Json';

function scan(text: string | Buffer, chunkSize: number) {
	const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
	const scanner = new B64JsonScanner();
	for (let offset = 0; offset < bytes.length; offset += chunkSize) {
		scanner.push(bytes.subarray(offset, offset + chunkSize));
	}
	return scanner.end();
}

/** Replaces the placeholders of a scanned answer by the images again, as base64. */
function restore(text: string, images: Buffer[]) {
	return JSON.parse(text, (_key, value: unknown) => {
		const index = placeholderIndex(value);
		return index === undefined ? value : images[index].toString('base64');
	}) as unknown;
}

describe('B64JsonScanner', () => {
	const images = [randomBytes(200_000), randomBytes(5), randomBytes(70_001)];
	const answer = {
		created: 1,
		data: images.map((image, index) => ({
			b64_json: image.toString('base64'),
			revised_prompt: `p "${index}" b64_json é`,
		})),
		usage: { b64_json: 3, note: 'b64_json' },
	};
	const json = JSON.stringify(answer, null, 2);

	test.each([1, 3, 7, 1000, 65536, 1 << 22])(
		'chunks of %i bytes: same answer, images decoded',
		(size) => {
			const result = scan(json, size);
			expect(result.images).toHaveLength(3);
			result.images.forEach((image, index) => expect(image.equals(images[index])).toBe(true));
			expect(restore(result.text, result.images)).toEqual(answer);
			// The base64 is gone from the text.
			expect(result.text.length).toBeLessThan(1000);
		},
	);

	test('escaped slashes and line breaks inside the value, spaces around the colon', () => {
		const image = Buffer.from([0xff, 0xfe, 0xfd, 0xfb, 0xff, 0xff]);
		const b64 = image.toString('base64'); // contains "/" and "+"
		expect(b64).toMatch(/\//);
		const text = `{"data":[{"b64_json"  :  "${b64.slice(0, 4)}\\n${b64.slice(4).replace(/\//g, '\\/')}"}]}`;
		for (const size of [1, 2, 5, 100]) {
			const result = scan(text, size);
			expect(result.images[0].equals(image)).toBe(true);
			expect(
				placeholderIndex(
					(JSON.parse(result.text) as { data: Array<{ b64_json: string }> }).data[0].b64_json,
				),
			).toBe(0);
		}
	});

	test('a key that only looks like it, or an escaped one, is left alone', () => {
		const text =
			'{"xb64_json":"QUJD","b64_jsonx":"QUJD","b64\\u005fjson":"QUJD","a":"b64_json","b":["b64_json","QUJD"]}';
		const result = scan(text, 3);
		expect(result.images).toEqual([]);
		expect(result.text).toBe(text);
	});

	test('a non-string b64_json value is kept as it is', () => {
		const text = '{"data":[{"b64_json":null,"url":"https://x/y.png"}]}';
		expect(scan(text, 4)).toEqual({ text, images: [] });
	});

	test('a truncated answer keeps its text so the JSON error shows, without a partial image', () => {
		const result = scan('{"data":[{"b64_json":"QUJDRE', 5);
		expect(result.images).toEqual([]);
		expect(() => JSON.parse(result.text)).toThrow();
	});
});
