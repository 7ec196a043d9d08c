// Memory bench (issue 19, item 1): peak RSS growth while the node writes N items of one image each,
// for b64_json answers, URL answers and Volcengine binary_data_base64 answers, at Concurrency 1 and 8,
// with n8n's filesystem store and a database-style store, beside the plain buffered path (whole
// answer as text, JSON.parse, Buffer) run in the same bench. Every image is hash-checked and the
// output order and pairing verified. Prints figures, asserts nothing else.
//   node bench/memory.mjs [--full]   (`npm run bench` runs it after run.mjs and poll.mjs)
// --full: also the buffered baseline at Concurrency 1 and in the database store. See bench/README.md.
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const fakeUpstream = require('../test/fake-upstream/index.js');
const { crc32 } = require('../test/fake-upstream/images.js');
const full = process.argv.includes('--full');
const ITEMS = 15;
const MiB = 1024 * 1024;

const build = mkdtempSync(join(tmpdir(), 'jimeng-bench-memory-'));
process.on('exit', () => rmSync(build, { recursive: true, force: true }));
symlinkSync(join(root, 'node_modules'), join(build, 'node_modules'), 'dir');
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'bench/tsconfig.json'), '--outDir', build], { cwd: root, stdio: 'inherit' });

const cpu = cpus();
console.log(`Machine: node ${process.version}, ${cpu.length} CPUs (${cpu[0]?.model.trim() ?? '?'}), ${(totalmem() / 1024 ** 3).toFixed(0)} GB, ${process.platform}/${process.arch}`);

/** A PNG of random RGB pixels stored uncompressed: incompressible, side × side. */
function noisePng(side) {
	const row = side * 3 + 1;
	const raw = randomBytes(row * side);
	for (let y = 0; y < side; y++) raw[y * row] = 0; // filter type "none"
	const chunk = (type, data) => {
		const head = Buffer.alloc(8);
		head.writeUInt32BE(data.length);
		head.write(type, 4, 'ascii');
		const crc = Buffer.alloc(4);
		crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
		return Buffer.concat([head, data, crc]);
	};
	const ihdr = Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 8, 2, 0, 0, 0]);
	ihdr.writeUInt32BE(side, 0);
	ihdr.writeUInt32BE(side, 4);
	const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 0 })), chunk('IEND', Buffer.alloc(0))]);
}

function imageSet(side) {
	const png = noisePng(side);
	const b64 = Buffer.from(png.toString('base64'));
	return { side, png, b64, sha: createHash('sha256').update(png).digest('hex') };
}
const images = { '4K': imageSet(4096) };
let current = images['4K'];

/** A JSON text with `b64` (bytes of base64) where the string "@@IMAGE@@" is. */
function withImage(value) {
	const [before, after] = JSON.stringify(value).split('@@IMAGE@@');
	return Buffer.concat([Buffer.from(before), current.b64, Buffer.from(after)]);
}
const openaiAnswer = () => withImage({ created: 1, data: [{ b64_json: '@@IMAGE@@' }] });

const secrets = { apiKey: 'sk-bench', accessKeyId: 'AKLTbench', secretAccessKey: 'bench-secret' };
const fake = await fakeUpstream.startFakeUpstream({ apiKey: secrets.apiKey, volcengine: { accessKeyId: secrets.accessKeyId, secretAccessKey: secrets.secretAccessKey } });
fake.configure({ volcengine: { inQueuePolls: 0, generatingPolls: 0 } });
fake.override('download', () => ({ status: 200, headers: { 'content-type': 'image/png' }, body: current.png }));
fake.override('generations', async (call, { next }) => {
	if (call.json?.response_format !== 'b64_json') return await next();
	return { status: 200, headers: { 'content-type': 'application/json' }, body: openaiAnswer() };
});
fake.override('getResult', async (_call, { next }) => {
	const reply = await next();
	if (reply.body?.data?.status !== 'done') return reply;
	reply.body.data.binary_data_base64 = ['@@IMAGE@@'];
	return { ...reply, headers: { ...reply.headers, 'content-type': 'application/json' }, body: withImage(reply.body) };
});

function child(row) {
	const env = { ...process.env, JIMENG_BENCH: JSON.stringify({ openai: fake.credentials.openai, volcengine: fake.credentials.volcengine, size: `${current.side}x${current.side}`, ...row }) };
	const proc = spawn(process.execPath, ['--expose-gc', join(root, 'bench/memoryEngine.mjs'), build], { env, stdio: ['ignore', 'pipe', 'inherit'] });
	let stdout = '';
	proc.stdout.on('data', (chunk) => (stdout += chunk));
	return new Promise((resolve, reject) =>
		proc.on('close', (code) => (code === 0 ? resolve(JSON.parse(stdout.trim().split('\n').pop())) : reject(new Error(`memoryEngine ${JSON.stringify(row)} exited with ${code}`)))),
	);
}

const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
function table(headers, rows) {
	const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
	const line = (cells) => '  ' + cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('   ');
	console.log([line(headers), '  ' + widths.map((w) => '-'.repeat(w)).join('   '), ...rows.map(line)].join('\n') + '\n');
}

const paths = [
	['b64_json', 'b64_json answers', 3],
	['url', 'URL answers', 2],
	['volcengine', 'Volcengine binary_data_base64', 3],
];
/** One answer (b64 paths) or one image (URL path): the unit the targets are stated in. */
const unitOf = (path) => (path === 'url' ? current.png.length : openaiAnswer().length);

/**
 * Rows: every path at Concurrency 1 and 8 in the filesystem store (the targets), the buffered
 * baseline beside each Concurrency 8 row, and the database store at Concurrency 8. Concurrency 1
 * rows run 4 items (their peak does not grow with items; fewer keep the bench short); --full adds
 * the baselines at Concurrency 1 and in the database store.
 */
const plan = [];
for (const binaryMode of ['filesystem', 'database']) {
	for (const [path, label, target] of paths) {
		for (const concurrency of binaryMode === 'database' ? [8] : [1, 8]) {
			const baseline = full || (binaryMode === 'filesystem' && concurrency === 8);
			plan.push({ binaryMode, path, label, target, concurrency, items: concurrency === 1 ? 4 : ITEMS, baseline });
		}
	}
}

try {
	current = images['4K'];
	console.log(
		`Memory: 1 image ${current.side}x${current.side} PNG per item (incompressible, ${fmt(current.png.length / MiB, 1)} MiB; b64_json answer ${fmt(openaiAnswer().length / MiB, 1)} MiB); ${ITEMS} items at Concurrency 8, 4 at Concurrency 1`,
	);
	console.log('  peak RSS growth from before a 1-item warm-up run until the node of the measured run returns (an upper bound); one fresh process per row; every image sha256-checked, order and pairing checked');
	const rows = [];
	for (const { binaryMode, path, label, target, concurrency, items, baseline } of plan) {
		const figures = {};
		for (const buffered of baseline ? [false, true] : [false]) {
			process.stderr.write(`  [memory] ${label}, ${binaryMode}, c=${concurrency}${buffered ? ', buffered' : ''}…\n`);
			const r = await child({ path, concurrency, binaryMode, baseline: buffered, items });
			const exact = r.hashes.length === items && r.hashes.every((hash) => hash === current.sha);
			const inOrder = r.pairing.length === items && r.pairing.every((item, index) => item === index);
			if (!exact || !inOrder) throw new Error(`${label} c=${concurrency} ${binaryMode}${buffered ? ' baseline' : ''}: byte-exact ${exact}, in order ${inOrder}`);
			figures[buffered] = r;
		}
		const unit = unitOf(path);
		const node = figures.false.rss / unit;
		const other = figures.true;
		const met = binaryMode === 'filesystem' ? (node <= target ? `≤ ${target} × met` : `> ${target} × MISSED`) : '-';
		rows.push([
			`${label}, ${binaryMode}, c=${concurrency}, ${items} items`,
			fmt(figures.false.rss / MiB),
			`${fmt(node, 2)} ×`,
			other ? fmt(other.rss / MiB) : '-',
			other ? `${fmt(other.rss / unit, 2)} ×` : '-',
			met,
			fmt(figures.false.nodeMs),
			other ? fmt(other.nodeMs) : '-',
		]);
	}
	table(['path, binary store, Concurrency, items', 'node +MiB', 'node / unit', 'buffered +MiB', 'buffered / unit', 'target (filesystem)', 'node ms', 'buffered ms'], rows);
	console.log('  unit = one answer (b64_json, Volcengine base64) or one image (URL). Targets: ≤ 3 × one answer (base64 answers), ≤ 2 × one image (URLs).');
	console.log('  buffered = the plain path in the same run: whole answer as text, JSON.parse, Buffer.from; downloads fetched whole.');
} finally {
	await fake.close();
}
