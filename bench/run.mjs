// Benchmarks: prints figures, asserts nothing (speed and memory live here, never in timed tests).
// `npm run bench`. Compiles the node + the engine harness to a temp folder (never dist/), times the
// pure modules in this process, and runs the node inside n8n-core's engine in child processes
// (bench/engine.mjs) against the fake upstream served from here. See bench/README.md.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const fakeUpstream = require('../test/fake-upstream/index.js');
const { crc32 } = require('../test/fake-upstream/images.js');

// ---------- build ----------

const build = mkdtempSync(join(tmpdir(), 'jimeng-bench-'));
process.on('exit', () => rmSync(build, { recursive: true, force: true }));
symlinkSync(join(root, 'node_modules'), join(build, 'node_modules'), 'dir'); // n8n-core, n8n-workflow
const compileStart = performance.now();
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'bench/tsconfig.json'), '--outDir', build], {
	cwd: root,
	stdio: 'inherit',
});
const lib = (name) => require(join(build, 'nodes/Jimeng', name));
const { signVolcengineRequest } = lib('visual/volcSigner.js');
const { SseParser, reduceImageEvent, initialImageStreamState } = lib('openai/sse.js');
const { sniffImage } = lib('images/imageInfo.js');
const { parseSize } = lib('images/imageSize.js');

const cpu = cpus();
console.log(`Machine: node ${process.version}, ${cpu.length} CPUs (${cpu[0]?.model.trim() ?? '?'}), ${process.platform}/${process.arch}`);
console.log(`Compiled node + harness in ${((performance.now() - compileStart) / 1000).toFixed(1)} s\n`);

// ---------- helpers ----------

let sink = 0; // results feed this so V8 cannot drop the work
/** Calls fn in growing batches for about `ms`; returns calls per second. */
function opsPerSec(fn, ms = 600) {
	for (let i = 0; i < 20; i++) fn();
	let calls = 0;
	let batch = 1;
	const start = performance.now();
	let elapsed = 0;
	while (elapsed < ms) {
		const batchStart = performance.now();
		for (let i = 0; i < batch; i++) sink ^= fn() ? 1 : 0;
		calls += batch;
		if (performance.now() - batchStart < 20) batch *= 2;
		elapsed = performance.now() - start;
	}
	return calls / (elapsed / 1000);
}
const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const MB = 1024 * 1024;
function table(headers, rows) {
	const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
	const line = (cells) => '  ' + cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('   ');
	console.log([line(headers), '  ' + widths.map((w) => '-'.repeat(w)).join('   '), ...rows.map(line)].join('\n') + '\n');
}

// ---------- 1. V4 signer ----------

const submitBody = JSON.stringify({
	req_key: 'jimeng_t2i_v40',
	prompt: '一只可爱的柯基犬在草地上玩耍',
	scale: 0.5,
	force_single: true,
	min_ratio: 1 / 3,
	max_ratio: 3,
	size: 4194304,
});
const bigBody = JSON.stringify({ req_key: 'jimeng_i2i_v30', binary_data_base64: [randomBytes(Math.floor((5 * MB * 3) / 4) - 64).toString('base64')] });
const sign = (body) => () =>
	signVolcengineRequest({
		method: 'POST',
		url: 'https://visual.volcengineapi.com/?Action=CVSync2AsyncSubmitTask&Version=2022-08-31',
		headers: { 'content-type': 'application/json' },
		body,
		accessKeyId: 'AKLTbenchmark',
		secretAccessKey: 'benchmark-secret',
		region: 'cn-north-1',
		service: 'cv',
		date: new Date(),
	}).signature;
console.log('1. Volcengine V4 signer (signVolcengineRequest, body as a JSON string)');
const signRows = [];
for (const [label, body, ms] of [['typical submit body', submitBody, 800], ['5 MB body (i2i base64)', bigBody, 1500]]) {
	const rate = opsPerSec(sign(body), ms);
	const bytes = Buffer.byteLength(body);
	signRows.push([label, fmt(bytes), fmt(rate), fmt(1000 / rate, 3), bytes > MB ? fmt((rate * bytes) / MB) : '-']);
}
table(['body', 'bytes', 'signatures/s', 'ms/signature', 'MB/s hashed'], signRows);

// ---------- 2. SSE parser + reducer ----------

console.log('2. SSE parser + image reducer (Ark image_generation.partial_succeeded frames with b64_json, 16 KB chunks)');
const sseRows = [];
for (const [frameMb, frames] of [[0.25, 8], [1, 4], [4, 2], [8, 1]]) {
	const b64 = randomBytes(Math.round((frameMb * MB * 3) / 4)).toString('base64');
	const parts = [];
	for (let i = 0; i < frames; i++) {
		const data = { type: 'image_generation.partial_succeeded', model: 'doubao-seedream-4-0-250828', created: 1, image_index: i, b64_json: b64, size: '2048x2048' };
		parts.push(`event: image_generation.partial_succeeded\ndata: ${JSON.stringify(data)}\n\n`);
	}
	parts.push('event: image_generation.completed\ndata: {"type":"image_generation.completed","usage":{"generated_images":1}}\n\ndata: [DONE]\n\n');
	const stream = Buffer.from(parts.join(''));
	const start = performance.now();
	const parser = new SseParser();
	let state = initialImageStreamState();
	for (let offset = 0; offset < stream.length; offset += 16 * 1024) {
		for (const event of parser.push(stream.subarray(offset, offset + 16 * 1024))) state = reduceImageEvent(state, event);
	}
	for (const event of parser.end()) state = reduceImageEvent(state, event);
	const seconds = (performance.now() - start) / 1000;
	if (state.images.length !== frames || !state.done) throw new Error(`SSE bench: expected ${frames} images, got ${state.images.length}`);
	sseRows.push([`${frameMb} MB`, frames, fmt(stream.length / MB, 1), fmt((seconds * 1000) / frames, 1), fmt(stream.length / MB / seconds, 1)]);
}
table(['b64 per frame', 'frames', 'stream MB', 'ms/frame', 'MB/s'], sseRows);

// ---------- 3. imageInfo / imageSize ----------

const webp = Buffer.alloc(30);
webp.write('RIFF', 0);
webp.write('WEBPVP8X', 8);
webp.writeUIntLE(2047, 24, 3);
webp.writeUIntLE(1151, 27, 3);
const gif = Buffer.from('GIF89a\x00\x04\x00\x03', 'latin1');
const png = fakeUpstream.makeImage('png', 2048, 2048).subarray(0, 64 * 1024);
const jpeg = fakeUpstream.makeImage('jpeg', 2048, 2048).subarray(0, 64 * 1024);
const noise = randomBytes(64 * 1024);
const sizeForms = ['2048x2048', '1024*1024', '2K', '16:9', 'auto', 'not a size'];
let form = 0;
console.log(`3. Image sniffing (sniffImage) and size parsing (parseSize; forms: ${sizeForms.join(', ')})`);
table(
	['input', 'ops/s'],
	[
		['sniffImage PNG head', fmt(opsPerSec(() => sniffImage(png)))],
		['sniffImage JPEG head (walks segments)', fmt(opsPerSec(() => sniffImage(jpeg)))],
		['sniffImage WebP VP8X', fmt(opsPerSec(() => sniffImage(webp)))],
		['sniffImage GIF', fmt(opsPerSec(() => sniffImage(gif)))],
		['sniffImage 64 KB of noise (no match)', fmt(opsPerSec(() => sniffImage(noise)))],
		[`parseSize (${sizeForms.length} forms in turn)`, fmt(opsPerSec(() => parseSize(sizeForms[form++ % sizeForms.length])))],
	],
);

// ---------- engine runs (child processes; the fake upstream is served from this process) ----------

const secrets = { apiKey: 'sk-bench', accessKeyId: 'AKLTbench', secretAccessKey: 'bench-secret' };
const fake = await fakeUpstream.startFakeUpstream({
	apiKey: secrets.apiKey,
	volcengine: { accessKeyId: secrets.accessKeyId, secretAccessKey: secrets.secretAccessKey },
});
fake.configure({ volcengine: { inQueuePolls: 0, generatingPolls: 0 } });

/** Runs bench/engine.mjs in a fresh process and returns the JSON line it prints. */
function engineChild(task, childSettings) {
	const env = { ...process.env, JIMENG_BENCH: JSON.stringify({ openai: fake.credentials.openai, volcengine: fake.credentials.volcengine, ...childSettings }) };
	const child = spawn(process.execPath, ['--expose-gc', join(root, 'bench/engine.mjs'), build, task], { env, stdio: ['ignore', 'pipe', 'inherit'] });
	let stdout = '';
	child.stdout.on('data', (chunk) => (stdout += chunk));
	return new Promise((resolve, reject) =>
		child.on('close', (code) => (code === 0 ? resolve(JSON.parse(stdout.trim().split('\n').pop())) : reject(new Error(`bench/engine.mjs ${task} exited with ${code}`)))),
	);
}

// A ~8 MB PNG (random RGB pixels, stored uncompressed) for downloads and b64_json of that size.
const SIDE = 1664;
function bigPng() {
	const row = SIDE * 3 + 1;
	const raw = randomBytes(row * SIDE);
	for (let y = 0; y < SIDE; y++) raw[y * row] = 0; // filter type "none"
	const chunk = (type, data) => {
		const head = Buffer.alloc(8);
		head.writeUInt32BE(data.length);
		head.write(type, 4, 'ascii');
		const crc = Buffer.alloc(4);
		crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
		return Buffer.concat([head, data, crc]);
	};
	const ihdr = Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 8, 2, 0, 0, 0]); // 8-bit RGB
	ihdr.writeUInt32BE(SIDE, 0);
	ihdr.writeUInt32BE(SIDE, 4);
	const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 0 })), chunk('IEND', Buffer.alloc(0))]);
}
const BIG = bigPng();
const bigSize = `${SIDE}x${SIDE}`;
// Only requests for the big size get the big image; every other download keeps the fake's own answer.
fake.override('download', (call) => (call.path.endsWith(`-${bigSize}.png`) ? { status: 200, headers: { 'content-type': 'image/png' }, body: BIG } : undefined));
const bigB64 = BIG.toString('base64');
fake.override('generations', async (call, { next }) => {
	if (call.json?.size !== bigSize || call.json?.response_format !== 'b64_json') return await next();
	return { status: 200, body: { created: Math.floor(Date.now() / 1000), data: Array.from({ length: call.json.n }, () => ({ b64_json: bigB64 })) } };
});

try {
	const IMAGES = 8;
	console.log(`4. Memory of image output: openai generate, ${IMAGES} images of ${fmt(BIG.length / MB, 1)} MB (${bigSize} PNG), n8n filesystem binary store`);
	console.log('   growth over the idle engine, measured until the node returns; one fresh process per row');
	const memRows = [];
	for (const [label, mode] of [
		['URLs, streamed to the store (downloadImageItem)', 'streamed'],
		['URLs, each image buffered first (baseline)', 'buffered'],
		['b64_json in the response (inline path)', 'b64_json'],
	]) {
		const m = await engineChild('memory', { mode, images: IMAGES, size: bigSize });
		memRows.push([label, fmt(m.bytes / MB, 1), fmt(m.rss / MB, 1), fmt(m.heapUsed / MB, 1), fmt(m.external / MB, 1), fmt(m.retained / MB, 1), fmt(m.nodeMs)]);
	}
	table(['output path', 'stored MB', 'peak RSS +MB', 'peak heap +MB', 'peak external +MB', 'kept after GC +MB', 'node ms'], memRows);

	const ITEMS = 4;
	const responseMb = Buffer.byteLength(JSON.stringify({ data: [{ b64_json: bigB64 }] })) / MB;
	console.log(`4b. Memory per item with concurrency: ${ITEMS} items of 1 image each (${fmt(BIG.length / MB, 1)} MB PNG; b64_json answer ${fmt(responseMb, 1)} MB)`);
	console.log('    "net" = peak RSS growth minus the same run with 512x512 images (fixed cost of engine, sockets and store),');
	console.log('    as a multiple of one image (URL rows) or of one JSON answer (b64 rows); targets: URL ≤ 2× at c=1, ≤ (c+1)× above; b64 ≤ 3×');
	const perItemRows = [];
	const small = {};
	for (const mode of ['streamed', 'b64_json']) {
		small[mode] = (await engineChild('memory', { mode, images: 1, items: ITEMS, concurrency: 1, size: '512x512' })).rss;
	}
	for (const [label, mode, concurrency] of [
		['URLs streamed, concurrency 1', 'streamed', 1],
		['URLs streamed, concurrency 4', 'streamed', 4],
		['b64_json decoded while streaming, concurrency 1', 'b64_json', 1],
		['b64_json decoded while streaming, concurrency 4', 'b64_json', 4],
		['b64_json whole text + JSON.parse (baseline), concurrency 1', 'b64_whole', 1],
	]) {
		const m = await engineChild('memory', { mode, images: 1, items: ITEMS, concurrency, size: bigSize });
		const unit = mode === 'streamed' ? BIG.length / MB : responseMb;
		const fixed = small[mode === 'streamed' ? 'streamed' : 'b64_json'];
		const net = (m.rss - fixed) / MB;
		perItemRows.push([label, fmt(m.rss / MB, 1), fmt(fixed / MB, 1), fmt(net, 1), `${fmt(net / unit, 2)} ×`, fmt(m.heapUsed / MB, 1), fmt(m.nodeMs)]);
	}
	table(['path', 'peak RSS +MB', 'same, 512x512 +MB', 'net MB', 'net / unit', 'peak heap +MB', 'node ms'], perItemRows);

	const runs = 25;
	console.log(`5. End-to-end latency through n8n-core's engine, fake upstream on 127.0.0.1 with no delay (${runs} runs after 5 warm-up)`);
	const latency = await engineChild('latency', { runs, warmup: 5 });
	table(
		['run', 'median ms', 'min ms', 'p90 ms'],
		latency.map((r) => [r.label, fmt(r.median, 1), fmt(r.min, 1), fmt(r.p90, 1)]),
	);

	// ---------- 6. batches ----------
	fake.reset();
	fake.configure({ volcengine: { inQueuePolls: 0, generatingPolls: 0 } });
	const seen = { inFlight: 0, max: 0 };
	/** Latency and an optional capacity (more calls in flight get 429 Retry-After 0.2 s). */
	const relay = (latencyMs, capacity = Infinity) =>
		fake.override('generations', async (_call, { next }) => {
			seen.inFlight++;
			seen.max = Math.max(seen.max, seen.inFlight);
			try {
				// Refused on arrival when more than `capacity` calls are in flight (like a relay's concurrency cap).
				const refused = seen.inFlight > capacity;
				await new Promise((resolve) => setTimeout(resolve, latencyMs));
				if (refused) {
					return { status: 429, headers: { 'retry-after': '0.2', 'content-type': 'application/json' }, body: { error: { message: 'Rate limit reached', type: 'rate_limit_error', code: 'rate_limit_exceeded' } } };
				}
				return await next();
			} finally {
				seen.inFlight--;
			}
		});
	async function batch(label, childSettings, floorMs) {
		seen.max = 0;
		const paidBefore = fake.paidCalls();
		const r = await engineChild('batch', childSettings);
		return { label, ...r, items: childSettings.items, max: seen.max, paid: fake.paidCalls() - paidBefore - 1, floorMs };
	}
	const rows = [];
	relay(500);
	const b1 = await batch('40 items, 500 ms, concurrency 1', { backend: 'openai', items: 40, concurrency: 1 }, 40 * 500);
	const b8 = await batch('40 items, 500 ms, concurrency 8', { backend: 'openai', items: 40, concurrency: 8 }, 5 * 500);
	rows.push(b1, b8);
	relay(0);
	const z1 = await batch('200 items, 0 ms, concurrency 1', { backend: 'openai', items: 200, concurrency: 1 });
	const z8 = await batch('200 items, 0 ms, concurrency 8', { backend: 'openai', items: 200, concurrency: 8 });
	rows.push(z1, z8);
	relay(100, 2);
	const s1 = await batch('429 storm (takes 2), 40 items, 100 ms, concurrency 1', { backend: 'openai', items: 40, concurrency: 1 }, 40 * 100);
	const s8 = await batch('429 storm (takes 2), 40 items, 100 ms, concurrency 8', { backend: 'openai', items: 40, concurrency: 8 }, 20 * 100);
	rows.push(s1, s8);
	fake.override('generations', null);

	// 200 items, 0 ms: first paid call after the node starts, with and without the parameter cache.
	let firstCallAt = 0;
	fake.override('generations', (call, { next }) => {
		if (!firstCallAt && call.json?.size === '1024x1024') firstCallAt = performance.timeOrigin + performance.now();
		return next();
	});
	const firstCallRows = [];
	for (const concurrency of [1, 8]) {
		const pair = {};
		for (const cache of [false, true]) {
			firstCallAt = 0;
			const r = await engineChild('firstCall', { items: 200, concurrency, cache });
			pair[cache] = { first: firstCallAt - r.startedAt, nodeMs: r.nodeMs };
		}
		firstCallRows.push([`200 items, 0 ms, concurrency ${concurrency}`, fmt(pair.false.first), fmt(pair.true.first), `${fmt(pair.true.first / pair.false.first, 2)} ×`, fmt(pair.false.nodeMs), fmt(pair.true.nodeMs), `${fmt(pair.true.nodeMs / pair.false.nodeMs, 2)} ×`]);
	}
	fake.override('generations', null);

	// Volcengine: every task is done 5 s after its submit; polls interleave.
	const doneTasks = new Set();
	fake.override('submit', (_call, { next }) => {
		const inFlight = fake.tasks.list().filter((task) => !doneTasks.has(task.id)).length + 1;
		seen.max = Math.max(seen.max, inFlight);
		return next();
	});
	fake.override('getResult', (call, { next }) => {
		const task = fake.tasks.get(String(call.json?.task_id));
		if (task) {
			const ready = Date.now() - task.createdAt >= 5000;
			if (ready) doneTasks.add(task.id);
			task.inQueuePolls = 0;
			task.generatingPolls = ready ? 0 : task.polls + 1;
		}
		return next();
	});
	const v1 = await batch('Volcengine 10 tasks of 5 s, concurrency 1', { backend: 'volcengine', items: 10, concurrency: 1 }, 10 * 5000);
	const v5 = await batch('Volcengine 10 tasks of 5 s, concurrency 5', { backend: 'volcengine', items: 10, concurrency: 5 }, 2 * 5000);
	rows.push(v1, v5);
	fake.override('getResult', null);
	fake.override('submit', null);

	console.log("6. Batches in n8n-core's engine (one fresh process per row; fake upstream on 127.0.0.1)");
	console.log('   node s = the node\'s execute; floor = the time the upstream alone needs at that concurrency; paid = paid calls the fake received');
	const pairs = [[b1, b8], [z1, z8], [s1, s8], [v1, v5]];
	table(
		['run', 'node s', 'vs floor', 'speed-up vs c=1', 'max in flight', 'paid calls', '429s / lowest limit / final', 'check pass ms', 'ms per item'],
		pairs.flatMap(([one, many]) =>
			[one, many].map((r) => [
				r.label,
				fmt(r.nodeMs / 1000, 2),
				r.floorMs ? `${fmt(r.nodeMs / r.floorMs, 2)} ×` : '-',
				r === one ? '1.00 ×' : `${fmt(one.nodeMs / r.nodeMs, 2)} ×`,
				r.max || '-',
				r.paid,
				`${r.rateLimits} / ${r.lowest} / ${r.final}`,
				r.checkMs ?? '-',
				fmt(r.nodeMs / r.items, 2),
			]),
		),
	);
	console.log('6b. Before the first call: 200 items (the prompt an expression of $json), 0 ms upstream; ms from the node\'s start');
	console.log('    "every item read" = the previous behaviour (parameter cache off, in the same bench run); target: first call ≤ 300 ms');
	table(['run', 'first call: every item read', 'first call: once per run', 'ratio', 'whole run: every item read', 'whole run: once per run', 'ratio'], firstCallRows);
} finally {
	await fake.close();
}
