// Benchmark: executions of one credential started at once against a fake upstream that holds 2
// calls at a time and refuses more with 429 (Retry-After 0.2 s): the shared per-credential limiter
// side by side with per-run limiters (the registry's sharing switched off), in the same process.
// Prints figures, asserts nothing. `node bench/limiter.mjs` (part of `npm run bench`).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const { startFakeUpstream } = require('../test/fake-upstream/index.js');

const build = mkdtempSync(join(tmpdir(), 'jimeng-bench-limiter-'));
process.on('exit', () => rmSync(build, { recursive: true, force: true }));
symlinkSync(join(root, 'node_modules'), join(build, 'node_modules'), 'dir');
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'bench/tsconfig.json'), '--outDir', build], { cwd: root, stdio: 'inherit' });
const { runNode } = require(join(build, 'test/harness/runNode.js'));
const { Jimeng } = require(join(build, 'nodes/Jimeng/Jimeng.node.js'));
const { processLimiters } = require(join(build, 'nodes/Jimeng/run/credentialLimiter.js'));

const API_KEY = 'sk-bench-0123456789abcdef';
const CAPACITY = 2;
const LATENCY_MS = 150;
const fake = await startFakeUpstream({ apiKey: API_KEY });
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function measure(runs, items, sharing) {
	fake.reset();
	processLimiters.clear();
	processLimiters.sharing = sharing;
	const stats = { inFlight: 0, maxAfterRefusal: 0, refused: 0, firstRefusalAt: Infinity };
	fake.override('generations', async (_call, { next }) => {
		stats.inFlight++;
		if (Date.now() > stats.firstRefusalAt + 50) stats.maxAfterRefusal = Math.max(stats.maxAfterRefusal, stats.inFlight);
		try {
			if (stats.inFlight > CAPACITY) {
				stats.refused++;
				stats.firstRefusalAt = Math.min(stats.firstRefusalAt, Date.now());
				return { status: 429, headers: { 'retry-after': '0.2', 'content-type': 'application/json' }, body: { error: { message: 'Rate limit reached', type: 'rate_limit_error', code: 'rate_limit_exceeded' } } };
			}
			await delay(LATENCY_MS);
			return await next();
		} finally {
			stats.inFlight--;
		}
	});
	const start = performance.now();
	const results = await Promise.all(
		Array.from({ length: runs }, (_, run) =>
			runNode(new Jimeng(), {
				parameters: { operation: 'generate', model: { __rl: true, mode: 'id', value: 'doubao-seedream-4-0-250828' }, prompt: '={{ $json.prompt }}', options: { concurrency: 2, returnUrlsOnly: true } },
				input: Array.from({ length: items }, (_, index) => ({ json: { prompt: `r${run}-p${index}` } })),
				credentials: { jimengApi: { url: fake.openaiBaseUrl, apiKey: API_KEY } },
			}),
		),
	);
	const seconds = (performance.now() - start) / 1000;
	const failedRuns = results.filter((result) => result.error !== undefined).length;
	const done = results.reduce((sum, result) => sum + (result.error ? 0 : result.items.length), 0);
	return { refused: stats.refused, seconds, maxAfterRefusal: stats.maxAfterRefusal, failedRuns, done };
}

console.log(`Shared limiter vs per-run limiters: upstream holds ${CAPACITY} calls (${LATENCY_MS} ms each), refuses more with 429, Concurrency 2 per run`);
console.log('executions × items | limiter   | refused calls | total time | max in flight after 1st refusal | runs failed | items done');
for (const [runs, items] of [[5, 4], [10, 4]]) {
	for (const sharing of [false, true]) {
		const r = await measure(runs, items, sharing);
		console.log(`${`${runs} × ${items}`.padEnd(18)} | ${(sharing ? 'shared' : 'per-run').padEnd(9)} | ${String(r.refused).padStart(13)} | ${r.seconds.toFixed(2).padStart(8)} s | ${String(r.maxAfterRefusal).padStart(31)} | ${String(r.failedRuns).padStart(11)} | ${r.done}/${runs * items}`);
	}
}
await fake.close();
process.exit(0);
