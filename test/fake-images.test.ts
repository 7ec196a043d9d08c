/* eslint-disable @n8n/community-nodes/no-restricted-imports -- the test decodes the fake's PNG */
// The fake upstream's images show what was asked: the prompt's first words, the size and that they
// come from the fake (nothing billed), drawn into a gradient, so a newcomer sees their prompt went through.
import { inflateSync } from 'node:zlib';

import { startFakeUpstream, readImageSize, type FakeUpstream } from './fake-upstream';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { labelLines, inkGrid } = require('./fake-upstream/label') as {
	labelLines: (prompt: unknown, width: number, height: number) => string[];
	inkGrid: (cols: number, rows: number, lines: string[]) => Uint8Array;
};

let fake: FakeUpstream;
beforeAll(async () => {
	fake = await startFakeUpstream({ apiKey: 'sk-test' });
});
afterAll(() => fake.close());

async function generate(prompt: string, responseFormat?: 'b64_json'): Promise<Buffer> {
	const res = await fetch(`${fake.openaiBaseUrl}/images/generations`, {
		method: 'POST',
		headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
		body: JSON.stringify({ model: 'gpt-image-2', prompt, size: '1024x1024', ...(responseFormat ? { response_format: responseFormat } : {}) }),
	});
	const answer = (await res.json()) as { data: Array<{ url?: string; b64_json?: string }> };
	const [entry] = answer.data;
	if (entry.b64_json) return Buffer.from(entry.b64_json, 'base64');
	return Buffer.from(await (await fetch(String(entry.url))).arrayBuffer());
}

/** The palette indexes of a 4-bit palette PNG, row by row (filter 0 rows, as the fake writes them). */
function pixels(png: Buffer): { width: number; height: number; index: (x: number, y: number) => number } {
	const width = png.readUInt32BE(16);
	const height = png.readUInt32BE(20);
	expect(png[24]).toBe(4); // bit depth
	const idat: Buffer[] = [];
	for (let at = 8; at < png.length; ) {
		const length = png.readUInt32BE(at);
		if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
		at += 12 + length;
	}
	const raw = inflateSync(Buffer.concat(idat));
	const stride = 1 + Math.ceil(width / 2);
	return { width, height, index: (x, y) => (raw[y * stride + 1 + (x >> 1)] >> (x & 1 ? 0 : 4)) & 15 };
}

test('the lines: first words of the prompt, the size, and "fake, not billed"', () => {
	expect(labelLines('a cute panda reading in the library with a cup of tea', 2048, 1024)).toEqual([
		'A CUTE PANDA',
		'READING IN THE',
		'2048X1024',
		'FAKE - NOT BILLED',
	]);
	expect(labelLines('', 512, 512)[0]).toBe('(no prompt)'.toUpperCase());
});

test('text is drawn: ink cells in the middle band, none at the edges', () => {
	const grid = inkGrid(200, 100, ['HELLO']);
	const inkAt = (x: number, y: number) => grid[y * 200 + x];
	expect(grid.reduce((sum, cell) => sum + cell, 0)).toBeGreaterThan(100);
	for (let x = 0; x < 200; x++) expect(inkAt(x, 0) + inkAt(x, 99)).toBe(0);
});

test('a generated image shows its prompt: white text on a gradient; another prompt, other bytes', async () => {
	const panda = await generate('a panda');
	const fox = await generate('a fox');
	expect(readImageSize(panda)).toMatchObject({ type: 'png', width: 1024, height: 1024 });
	expect(panda.equals(fox)).toBe(false);
	const { index, width, height } = pixels(panda);
	expect(index(0, 0)).toBe(0); // the gradient starts at the left
	expect(index(width - 1, 0)).toBe(13); // and ends at the right
	let text = 0;
	for (let y = 0; y < height; y += 4) for (let x = 0; x < width; x += 4) if (index(x, y) === 15) text++;
	expect(text).toBeGreaterThan(50);
	// the same answer as base64 is the same picture
	expect((await generate('a panda', 'b64_json')).equals(panda)).toBe(true);
});
