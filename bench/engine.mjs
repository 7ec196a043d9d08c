// Child process of bench/run.mjs (one per measurement, so memory figures start clean): runs the
// compiled Jimeng node inside n8n-core's WorkflowExecute through the compiled test harness, against
// the fake upstream the parent serves, and prints one JSON line with the figures.
//   node --expose-gc bench/engine.mjs <buildDir> latency|memory|batch   (settings in env JIMENG_BENCH)
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [buildDir, task] = process.argv.slice(2);
const settings = JSON.parse(process.env.JIMENG_BENCH ?? '{}');
const require = createRequire(join(buildDir, 'bench.js'));
const { runNode } = require('./test/harness/runNode.js');
const { ensureEngine } = require('./test/harness/engine.js');
const { Jimeng } = require('./nodes/Jimeng/Jimeng.node.js');
const { JimengVisual } = require('./nodes/Jimeng/JimengVisual.node.js');

const openaiRun = (size, options) => ({
	parameters: {
		operation: 'generate',
		model: { __rl: true, mode: 'id', value: 'jimeng-4.0' },
		prompt: 'a red apple on a table',
		size: 'size',
		customSize: size,
		options,
	},
	credentials: { jimengApi: settings.openai },
});
const volcRun = {
	parameters: { operation: 'generate', model: 'jimeng_t2i_v40', prompt: '一只可爱的柯基犬', size: 'area', area: 1048576, forceSingle: true },
	credentials: { jimengVolcengineApi: settings.volcengine },
};

/** Runs the node once; a failed run would make the figures meaningless, so it stops the bench. */
async function run(nodeType, options, expectedItems) {
	const result = await runNode(nodeType, options);
	const images = result.items.filter((item) => item.binary).length;
	if (result.error || images !== expectedItems) {
		throw new Error(`bench run failed: ${result.error?.message ?? `${images} images instead of ${expectedItems}`}`);
	}
	return result;
}

/** A node that does nothing: what the engine and harness cost on their own. */
const noopNode = {
	description: { displayName: 'Noop', name: 'noop', group: ['transform'], version: 1, description: '', defaults: { name: 'Noop' }, inputs: ['main'], outputs: ['main'], properties: [] },
	async execute() {
		return [[{ json: { ok: true }, binary: { data: await this.helpers.prepareBinaryData(Buffer.from('x'), 'x.txt') } }]];
	},
};

async function latency() {
	const cases = [
		['engine + harness only (no-op node)', noopNode, {}],
		['openai generate: 1 image URL 1024x1024 PNG', new Jimeng(), openaiRun('1024x1024', { responseFormat: 'url' })],
		['volcengine generate: submit + 1 poll + download', new JimengVisual(), volcRun],
	];
	const rows = [];
	for (const [label, nodeType, options] of cases) {
		const times = [];
		for (let i = 0; i < settings.warmup + settings.runs; i++) {
			const start = performance.now();
			await run(nodeType, options, 1);
			if (i >= settings.warmup) times.push(performance.now() - start);
		}
		times.sort((a, b) => a - b);
		rows.push({ label, runs: times.length, median: times[Math.floor(times.length / 2)], min: times[0], p90: times[Math.floor(times.length * 0.9)] });
	}
	return rows;
}

/** Replaces the streaming download with the usual alternative: the whole body as one Buffer, then stored. */
function useBufferedDownloads() {
	const download = require('./nodes/Jimeng/images/download.js');
	const { imageOutputItem } = require('./nodes/Jimeng/images/binary.js');
	download.downloadImageItem = async (ctx, url, output) => {
		const data = await ctx.helpers.httpRequest({ method: 'GET', url, encoding: 'arraybuffer' });
		return await imageOutputItem(ctx, { ...output, data: Buffer.from(data) });
	};
}

/** Replaces the streaming b64_json decoder with the usual alternative: whole text, JSON.parse, Buffer.from. */
function useWholeJson() {
	const jsonImages = require('./nodes/Jimeng/openai/transport/jsonImages.js');
	const { readBodyText } = require('./nodes/Jimeng/errors/http.js');
	jsonImages.readJsonAnswer = async (body) => ({ text: await readBodyText(body), stored: [] });
}

const inputItems = (count) => Array.from({ length: count }, (_, index) => ({ json: { index } }));

async function memory() {
	const { mode, images, size, items = 1, concurrency = 1 } = settings;
	await run(new Jimeng(), openaiRun('512x512', { responseFormat: 'url' }), 1); // warm-up: engine, sockets, binary store
	if (mode === 'buffered') useBufferedDownloads();
	if (mode === 'b64_whole') useWholeJson();

	for (let i = 0; i < 3; i++) global.gc();
	const base = process.memoryUsage();
	const baseMaxRss = process.resourceUsage().maxRSS * 1024;
	const peak = { rss: base.rss, heapUsed: base.heapUsed, external: base.external };
	const sample = () => {
		const now = process.memoryUsage();
		for (const key of Object.keys(peak)) peak[key] = Math.max(peak[key], now[key]);
	};
	const sampler = setInterval(sample, 2);

	// Stop measuring when the node returns: the harness then reads every binary back into memory.
	const node = new Jimeng();
	const execute = node.execute;
	let nodeMs = 0;
	let retained = 0;
	node.execute = async function () {
		const start = performance.now();
		const output = await execute.call(this);
		nodeMs = performance.now() - start;
		sample();
		clearInterval(sampler);
		const maxRss = process.resourceUsage().maxRSS * 1024;
		if (maxRss > baseMaxRss) peak.rss = Math.max(peak.rss, maxRss);
		for (let i = 0; i < 3; i++) global.gc();
		const after = process.memoryUsage();
		retained = after.heapUsed + after.external - base.heapUsed - base.external;
		return output;
	};
	const responseFormat = mode.startsWith('b64') ? 'b64_json' : 'url';
	const result = await run(node, { ...openaiRun(size, { n: images, responseFormat, concurrency }), input: inputItems(items) }, images * items);
	const bytes = result.items.reduce((sum, item) => sum + item.binary.data.buffer.length, 0);
	return { mode, images, bytes, nodeMs, rss: peak.rss - base.rss, heapUsed: peak.heapUsed - base.heapUsed, external: peak.external - base.external, retained };
}

/** One batch run: wall time of the node, its check pass and rate-limit summary from the log. */
async function batch() {
	const { backend, items, concurrency } = settings;
	await run(new Jimeng(), openaiRun('512x512', { responseFormat: 'url' }), 1); // warm-up
	const base =
		backend === 'volcengine'
			? { ...volcRun, parameters: { ...volcRun.parameters, prompt: '={{ "item " + $json.index }}', timeout: 600, options: { concurrency, maxPollInterval: 1 } } }
			: openaiRun('1024x1024', { responseFormat: 'url', concurrency, returnUrlsOnly: true });
	const node = backend === 'volcengine' ? new JimengVisual() : new Jimeng();
	const execute = node.execute;
	let nodeMs = 0;
	node.execute = async function () {
		const start = performance.now();
		const output = await execute.call(this);
		nodeMs = performance.now() - start;
		return output;
	};
	const result = await runNode(node, { ...base, input: inputItems(items) });
	const outputs = result.items;
	const inOrder = outputs.length === items && outputs.every((item, index) => item.pairedItem?.item === index);
	if (result.error || !inOrder) throw new Error(`bench batch failed: ${result.error?.message ?? `${outputs.length} items, in order: ${inOrder}`}`);
	const checked = result.logs.map((line) => /checked (\d+) item\(s\) in (\d+) ms/.exec(line)).find(Boolean);
	const rate = result.logs.map((line) => /(\d+) rate limit\(s\) in this run; items in flight went down from (\d+) to (\d+) and back up to (\d+)/.exec(line)).find(Boolean);
	return {
		nodeMs,
		checkMs: checked ? Number(checked[2]) : undefined,
		rateLimits: rate ? Number(rate[1]) : 0,
		lowest: rate ? Number(rate[3]) : concurrency,
		final: rate ? Number(rate[4]) : concurrency,
	};
}

/**
 * 200 items with no upstream delay: when the node started (epoch ms, so the parent can compare it
 * with the first paid call its fake saw) and how long the node ran. `cache: false` is the previous
 * behaviour (every parameter of every item read again), for the baseline in the same bench run.
 */
async function firstCall() {
	const { items, concurrency, cache = true } = settings;
	require('./nodes/Jimeng/run/parameterCache.js').parameterCacheSettings.enabled = cache;
	await run(new Jimeng(), openaiRun('512x512', { responseFormat: 'url' }), 1); // warm-up
	const node = new Jimeng();
	const execute = node.execute;
	let startedAt = 0;
	let nodeMs = 0;
	node.execute = async function () {
		startedAt = performance.timeOrigin + performance.now();
		const output = await execute.call(this);
		nodeMs = performance.timeOrigin + performance.now() - startedAt;
		return output;
	};
	const base = openaiRun('1024x1024', { responseFormat: 'url', concurrency, returnUrlsOnly: true });
	const result = await runNode(node, { ...base, parameters: { ...base.parameters, prompt: '={{ "a red apple, item " + $json.index }}' }, input: inputItems(items) });
	if (result.error || result.items.length !== items) throw new Error(`bench firstCall failed: ${result.error?.message ?? result.items.length}`);
	return { startedAt, nodeMs };
}

try {
	const tasks = { latency, memory, batch, firstCall };
	console.log(JSON.stringify(await tasks[task]()));
} finally {
	rmSync((await ensureEngine()).userFolder, { recursive: true, force: true }); // n8n user folder + binary store
}
