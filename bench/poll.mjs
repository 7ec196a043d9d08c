// Waiting figures (issue 10): GetResult calls and lateness of the poll schedule, on a fake clock,
// for tasks ready after 5 s, 22 s, 60 s and 300 s, beside the old schedule (1 s ×1.5 up to 8 s).
// Lateness = time the result is found − time it was ready. Prints figures, asserts nothing.
// `npm run bench` (after bench/run.mjs) or `node bench/poll.mjs` alone.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const ts = require('typescript');

// The two pure modules the poller needs, transpiled alone (no n8n, no build).
const out = mkdtempSync(join(tmpdir(), 'jimeng-poll-bench-'));
process.on('exit', () => rmSync(out, { recursive: true, force: true }));
for (const name of ['poller', 'retry']) {
	const source = readFileSync(join(root, 'nodes/Jimeng/run', `${name}.ts`), 'utf8');
	const { outputText } = ts.transpileModule(source, {
		compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
	});
	writeFileSync(join(out, `${name}.js`), outputText);
}
const { poll, geometricSchedule } = require(join(out, 'poller.js'));

const OLD = {
	schedule: geometricSchedule(1000, 1.5, 8000),
	initialIntervalMs: 1000,
	maxIntervalMs: 8000,
};
const NEW = {}; // the poller's defaults

/** Waits on a task ready `readyMs` after the start; returns GetResult calls and lateness. */
async function wait(readyMs, schedule) {
	let time = 0;
	const outcome = await poll({
		...schedule,
		check: async () =>
			time >= readyMs ? { state: 'done', value: true } : { state: 'pending', status: 'generating' },
		isTransient: () => false,
		timeoutMs: 3_600_000,
		sleep: async (ms) => {
			time += ms;
		},
		now: () => time,
	});
	return { calls: outcome.checks, lateMs: time - readyMs };
}

/** The worst lateness for any ready time up to `upToMs` (100 ms steps). */
async function worst(upToMs, schedule) {
	let worstMs = 0;
	for (let ready = 100; ready <= upToMs; ready += 100) {
		worstMs = Math.max(worstMs, (await wait(ready, schedule)).lateMs);
	}
	return { worstMs };
}

const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
const rows = [];
for (const seconds of [5, 22, 60, 300]) {
	const readyMs = seconds * 1000;
	const [oldRun, newRun, oldWorst, newWorst] = await Promise.all([
		wait(readyMs, OLD),
		wait(readyMs, NEW),
		worst(readyMs, OLD),
		worst(readyMs, NEW),
	]);
	rows.push([
		`${seconds} s`,
		`${oldRun.calls}`,
		`${newRun.calls}`,
		(newRun.calls / oldRun.calls).toFixed(2),
		s(oldRun.lateMs),
		s(newRun.lateMs),
		s(oldWorst.worstMs),
		s(newWorst.worstMs),
		s(Math.max(1000, 0.15 * readyMs)),
	]);
}
const headers = [
	'task ready after',
	'calls old',
	'calls new',
	'new/old',
	'late old',
	'late new',
	'worst late old (any ready ≤ T)',
	'worst late new',
	'target max(1 s, 15 %·T)',
];
const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
console.log(
	'\nWaiting for a Volcengine task (fake clock; old = 1 s ×1.5 up to 8 s, new = max(1 s, 15 % of the time waited) up to 60 s)',
);
console.log(line(headers));
for (const row of rows) console.log(line(row));
console.log(
	'Fixed intervals for comparison: 3 s → 100 calls for 300 s (up to 3 s late); 5 s (seed) → 60 calls (up to 5 s late).',
);
