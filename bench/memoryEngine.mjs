// Child process of bench/memory.mjs (one per row, so every figure starts from a clean process): runs
// the compiled node for N input items of one image each inside n8n-core's engine, samples the
// process's memory until the node returns, then hashes every stored image. Prints one JSON line.
//   node --expose-gc bench/memoryEngine.mjs <buildDir>   (settings in env JIMENG_BENCH)
// Binary modes: "filesystem" is n8n-core's own store. "database" stands in for n8n's database store
// (the queue-mode default, which lives in n8n's server package, not in n8n-core): like it, it turns a
// stream into one Buffer with n8n's own binaryToBuffer before saving it (to a file here, where n8n
// inserts it into a table).
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [buildDir] = process.argv.slice(2);
const settings = JSON.parse(process.env.JIMENG_BENCH ?? '{}');
const require = createRequire(join(buildDir, 'bench.js'));
const { runNode } = require('./test/harness/runNode.js');
const { ensureEngine } = require('./test/harness/engine.js');
const { Jimeng } = require('./nodes/Jimeng/Jimeng.node.js');
const { JimengVisual } = require('./nodes/Jimeng/JimengVisual.node.js');
const { binaryToBuffer } = require('@n8n/backend-network');

const { path, items, concurrency, size, binaryMode, baseline } = settings;

/** n8n's database store, minus the database: whole Buffer first (as n8n does), then saved. */
function useDatabaseStore(binaryDataService, folder) {
	mkdirSync(folder, { recursive: true });
	let next = 0;
	const file = (fileId) => join(folder, fileId);
	binaryDataService.setManager('database', {
		init: async () => {},
		async store(_location, bufferOrStream) {
			const buffer = await binaryToBuffer(bufferOrStream);
			const fileId = `db-${++next}`;
			await writeFile(file(fileId), buffer);
			return { fileId, fileSize: buffer.length };
		},
		getPath: file,
		getAsBuffer: async (fileId) => await readFile(file(fileId)),
		getAsStream: async () => {
			throw new Error('not used by the bench');
		},
		getMetadata: async (fileId) => ({ fileSize: (await stat(file(fileId))).size }),
		copyByFileId: async () => {
			throw new Error('not used by the bench');
		},
		copyByFilePath: async () => {
			throw new Error('not used by the bench');
		},
		rename: async () => {},
	});
	binaryDataService.mode = 'database';
}

/**
 * The plain buffered path, swapped in only here: the whole answer as text, JSON.parse, Buffer.from
 * (b64_json and binary_data_base64), and every download fetched whole before it is stored.
 */
function useBufferedPath() {
	const streamed = require('./nodes/Jimeng/images/streamedAnswer.js');
	const { readBodyText } = require('./nodes/Jimeng/errors/http.js');
	streamed.readAnswerStoringImages = async (body) => ({ text: await readBodyText(body), stored: [] });
	const download = require('./nodes/Jimeng/images/download.js');
	const { imageOutputItem } = require('./nodes/Jimeng/images/binary.js');
	download.downloadImageItem = async (ctx, url, output) => {
		const data = await ctx.helpers.httpRequest({ method: 'GET', url, encoding: 'arraybuffer' });
		return await imageOutputItem(ctx, { ...output, data: Buffer.from(data) });
	};
}

function runOptions(imageSize) {
	if (path === 'volcengine') {
		return {
			parameters: {
				operation: 'generate',
				model: 'jimeng_t2i_v40',
				prompt: '={{ "a corgi, item " + $json.index }}',
				size: 'area',
				area: 1048576,
				forceSingle: true,
				options: { concurrency, maxPollInterval: 1, responseFormat: 'b64_json' },
			},
			credentials: { jimengVolcengineApi: settings.volcengine },
		};
	}
	return {
		parameters: {
			operation: 'generate',
			model: { __rl: true, mode: 'id', value: 'jimeng-4.0' },
			prompt: '={{ "a red apple, item " + $json.index }}',
			size: 'size',
			customSize: imageSize,
			options: { responseFormat: path === 'url' ? 'url' : 'b64_json', concurrency },
		},
		credentials: { jimengApi: settings.openai },
	};
}

const input = (count) => Array.from({ length: count }, (_, index) => ({ json: { index } }));
const nodeOf = () => (path === 'volcengine' ? new JimengVisual() : new Jimeng());

async function main() {
	const { binaryDataService, userFolder } = await ensureEngine();
	if (binaryMode === 'database') useDatabaseStore(binaryDataService, join(userFolder, 'database'));
	// The base is taken before the warm-up run (one item, same path and size), so the figures include
	// what the first item's code loading and buffers cost: an upper bound, not growth over a warm peak.
	for (let i = 0; i < 3; i++) global.gc();
	const base = process.memoryUsage();
	const baseMaxRss = process.resourceUsage().maxRSS * 1024;
	const peak = { rss: base.rss, heapUsed: base.heapUsed, external: base.external };
	const sample = () => {
		const now = process.memoryUsage();
		for (const key of Object.keys(peak)) peak[key] = Math.max(peak[key], now[key]);
	};
	const sampler = setInterval(sample, 2);
	if (baseline) useBufferedPath();
	const warmNode = nodeOf();
	const warmExecute = warmNode.execute;
	// The harness would read the stored image back into memory: hand it only the JSON.
	warmNode.execute = async function () {
		const [first = []] = await warmExecute.call(this);
		return [first.map((item) => ({ json: item.json, pairedItem: item.pairedItem }))];
	};
	const warm = await runNode(warmNode, { ...runOptions(size), input: input(1) });
	if (warm.error) throw new Error(`warm-up failed: ${warm.error.message}`);

	const node = nodeOf();
	const execute = node.execute;
	let nodeMs = 0;
	let hashes = [];
	let pairing = [];
	node.execute = async function () {
		const start = performance.now();
		const output = await execute.call(this);
		nodeMs = performance.now() - start;
		sample();
		clearInterval(sampler);
		const maxRss = process.resourceUsage().maxRSS * 1024;
		if (maxRss > baseMaxRss) peak.rss = Math.max(peak.rss, maxRss);
		// After the measurement: hash each stored image, one at a time.
		const first = output[0] ?? [];
		pairing = first.map((item) => item.pairedItem?.item);
		for (const item of first) {
			const meta = item.binary?.data;
			hashes.push(meta ? createHash('sha256').update(await binaryDataService.getAsBuffer(meta)).digest('hex') : null);
		}
		// The harness reads every binary back after this; hand it only the JSON (the hashes are taken).
		return [first.map((item) => ({ json: item.json, pairedItem: item.pairedItem }))];
	};
	const result = await runNode(node, { ...runOptions(size), input: input(items) });
	if (result.error) throw new Error(`bench run failed: ${result.error.message}`);
	return { nodeMs, hashes, pairing, rss: peak.rss - base.rss, heapUsed: peak.heapUsed - base.heapUsed, external: peak.external - base.external };
}

try {
	console.log(JSON.stringify(await main()));
} finally {
	rmSync((await ensureEngine()).userFolder, { recursive: true, force: true });
}
