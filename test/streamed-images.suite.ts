/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Issue 19 item 1, through n8n's engine against the fake upstream: `b64_json` and Volcengine
 * `binary_data_base64` answers are decoded as they stream and written into n8n's binary store as a
 * stream. Every image comes out byte-exact (hashed), in order and paired with its item; an answer
 * that breaks off in the middle of an image says so. Run once per binary mode (see the two
 * *.test.ts files that call this).
 */
import { createHash, randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';

import type { FakeUpstream } from './fake-upstream';
import { startFakeUpstream } from './fake-upstream';
import { runJimeng, runJimengVisual, type RunResult } from './harness/runNode';
import { TEST_BEARER, credentialFor, modelById } from './openai-support';
import { volcCredentials, TEST_AK, TEST_SK } from './volcengine-setup';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** An incompressible PNG (random RGB, stored deflate) of `side`², a few hundred KB: many decode blocks. */
function noisePng(side: number): Buffer {
	const row = side * 3 + 1;
	const raw = randomBytes(row * side);
	for (let y = 0; y < side; y++) raw[y * row] = 0;
	const chunk = (type: string, data: Buffer) => {
		const head = Buffer.alloc(8);
		head.writeUInt32BE(data.length);
		head.write(type, 4, 'ascii');
		return Buffer.concat([head, data, Buffer.alloc(4)]);
	};
	const ihdr = Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 8, 2, 0, 0, 0]);
	ihdr.writeUInt32BE(side, 0);
	ihdr.writeUInt32BE(side, 4);
	const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	return Buffer.concat([
		signature,
		chunk('IHDR', ihdr),
		chunk('IDAT', deflateSync(raw, { level: 0 })),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

/** Sends `text` in small pieces and, if `cutAt` is given, destroys the socket after that many bytes. */
function streamed(text: string, cutAt?: number) {
	const bytes = Buffer.from(text);
	return {
		status: 200,
		headers: { 'content-type': 'application/json; charset=utf-8' },
		stream: async (res: import('node:http').ServerResponse) => {
			const end = cutAt ?? bytes.length;
			for (let at = 0; at < end; at += 32 * 1024) {
				res.write(bytes.subarray(at, Math.min(end, at + 32 * 1024)));
				await new Promise((resolve) => setImmediate(resolve));
			}
			if (cutAt !== undefined) res.destroy();
			else res.end();
		},
	};
}

function binaryHashes(result: RunResult): string[] {
	return result.items.map((item) => sha(item.binary!.data.buffer!));
}

export function streamedImagesSuite(mode: string): void {
	let fake: FakeUpstream;
	beforeAll(async () => {
		fake = await startFakeUpstream({
			apiKey: TEST_BEARER,
			volcengine: { credentials: [{ accessKeyId: TEST_AK, secretAccessKey: TEST_SK }] },
		});
	});
	beforeEach(() => fake.reset());
	afterAll(async () => await fake.close());

	/** Item i gets images[i] as its b64_json answer (whole, or cut in the middle of the image). */
	function answerB64(images: Buffer[], cutItem?: number) {
		let call = 0;
		fake.override('generations', (request) => {
			const index = Number(/item (\d+)/.exec(String(request.json?.prompt))?.[1] ?? call);
			call++;
			const text = JSON.stringify({
				created: 1765000000,
				data: [{ b64_json: images[index].toString('base64'), revised_prompt: `item ${index}` }],
				usage: { total_tokens: 1 },
			});
			const cut = index === cutItem ? Math.floor(text.length / 2) : undefined;
			return streamed(text, cut) as never;
		});
	}

	const openaiParameters = (concurrency: number) => ({
		operation: 'generate',
		model: modelById('gpt-image-1'),
		prompt: '={{ "item " + $json.index }}',
		options: { responseFormat: 'b64_json', concurrency },
	});
	const items = (count: number) => Array.from({ length: count }, (_, index) => ({ json: { index } }));

	test.each([1, 3])(
		`${mode}: b64_json answers at Concurrency %i are stored byte-exact, in order, paired`,
		async (concurrency) => {
			const images = [noisePng(300), noisePng(200), noisePng(20), noisePng(260)];
			answerB64(images);
			const result = await runJimeng({
				parameters: openaiParameters(concurrency),
				credentials: { jimengApi: credentialFor(fake) },
				input: items(images.length),
			});
			expect(result.error).toBeUndefined();
			expect(binaryHashes(result)).toEqual(images.map(sha));
			expect(result.items.map((item) => item.pairedItem)).toEqual(
				images.map((_, item) => ({ item })),
			);
			expect(result.items.map((item) => item.json.width)).toEqual([300, 200, 20, 260]);
			expect(result.items[0].binary!.data.mimeType).toBe('image/png');
			expect(result.items[0].binary!.data.fileName).toMatch(/^jimeng-1765000000-0-0\.png$/);
			if (mode === 'filesystem') expect(result.items[0].binary!.data.id).toMatch(/^filesystem/);
		},
	);

	test(`${mode}: a b64_json answer broken off mid-image fails that item as possibly charged, the others stay`, async () => {
		const images = [noisePng(300), noisePng(300), noisePng(300)];
		answerB64(images, 1);
		const result = await runJimeng({
			parameters: openaiParameters(2),
			credentials: { jimengApi: credentialFor(fake) },
			input: items(3),
			continueOnFail: true,
		});
		expect(result.items).toHaveLength(3);
		expect(sha(result.items[0].binary!.data.buffer!)).toBe(sha(images[0]));
		expect(sha(result.items[2].binary!.data.buffer!)).toBe(sha(images[2]));
		expect(result.items[1].binary).toBeUndefined();
		expect(JSON.stringify(result.items[1].json)).toMatch(/charged/i);
		expect(result.items[1].pairedItem).toEqual({ item: 1 });
		expect(fake.count('generations')).toBe(3); // a paid call is never sent again
	});

	/** The done GetResult answer carries `images` as binary_data_base64; the first `cuts` answers break off. */
	function answerVolc(images: Buffer[], cuts = 0) {
		let cut = 0;
		fake.override('getResult', async (_request, { next }) => {
			const reply = (await next()) as { body?: { data?: Record<string, unknown> } };
			const data = reply.body?.data;
			if (!data || data.status !== 'done') return reply as never;
			data.binary_data_base64 = images.map((image) => image.toString('base64'));
			const text = JSON.stringify(reply.body);
			return streamed(text, cut++ < cuts ? Math.floor(text.length * 0.6) : undefined) as never;
		});
	}

	const volcParameters = {
		operation: 'generate',
		model: 'jimeng_t2i_v40',
		prompt: 'a corgi',
		forceSingle: false,
		options: { maxPollInterval: 1 },
	};

	test(`${mode}: Volcengine binary_data_base64 images are stored byte-exact, in order`, async () => {
		fake.configure({ volcengine: { inQueuePolls: 0, generatingPolls: 0 } });
		const images = [noisePng(280), noisePng(30), noisePng(240)];
		answerVolc(images);
		const result = await runJimengVisual({
			parameters: volcParameters,
			credentials: { jimengVolcengineApi: volcCredentials(fake) },
		});
		expect(result.error).toBeUndefined();
		expect(binaryHashes(result)).toEqual(images.map(sha));
		expect(result.items.map((item) => item.json.index)).toEqual([0, 1, 2]);
		expect(result.items.map((item) => item.json.height)).toEqual([280, 30, 240]);
		expect(result.items[0].binary!.data.fileName).toMatch(/^jimeng-.+-0\.png$/);
	});

	test(`${mode}: a GetResult answer broken off mid-image is read again (a poll is free): the paid images are not lost`, async () => {
		fake.configure({ volcengine: { inQueuePolls: 0, generatingPolls: 0 } });
		const images = [noisePng(300), noisePng(300)];
		answerVolc(images, 1);
		const result = await runJimengVisual({
			parameters: volcParameters,
			credentials: { jimengVolcengineApi: volcCredentials(fake) },
		});
		expect(result.error).toBeUndefined();
		expect(binaryHashes(result)).toEqual(images.map(sha));
		expect(fake.count('submit')).toBe(1);
		expect(fake.count('getResult')).toBe(2);
	});
}
