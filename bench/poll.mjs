// Waiting figures (issues 10 and 19): GetResult calls and lateness on a fake clock, side by side in
// the same run: today's schedule (max(1 s, 15 % of the time waited)), a fixed 5 s poll, and the
// learning poller (dense around the end expected from earlier tasks of the same model).
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

// The pure modules the poller needs, transpiled alone (no n8n, no build).
const out = mkdtempSync(join(tmpdir(), 'jimeng-poll-bench-'));
process.on('exit', () => rmSync(out, { recursive: true, force: true }));
for (const name of ['poller', 'retry', 'taskDurations']) {
	const source = readFileSync(join(root, 'nodes/Jimeng/run', `${name}.ts`), 'utf8');
	const { outputText } = ts.transpileModule(source, {
		compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
	});
	writeFileSync(join(out, `${name}.js`), outputText);
}
const { poll } = require(join(out, 'poller.js'));
const { TaskDurations } = require(join(out, 'taskDurations.js'));

const TODAY = () => ({}); // the poller's defaults, no learning
const FIXED_5S = () => ({ schedule: () => 5000 });
/** The learning poller; one store per scenario (a process has one, shared by its runs). */
const learning = (store) => () => ({
	learn: { key: 'volcengine:jimeng_t2i_v40', store, ageAtStartMs: 0 },
});

/** Waits on a task ready `readyMs` after its submit; returns GetResult calls and lateness. */
async function wait(readyMs, extra) {
	let time = 0;
	const outcome = await poll({
		...extra,
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

/** Deterministic durations: 60 s ± 10 % (uniform), from a seeded generator. */
function jittered(seed, count, baseMs = 60_000, spread = 0.1) {
	let state = Math.imul(seed, 2654435761) >>> 0;
	for (let i = 0; i < 8; i++) state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
	const random = () => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
	return Array.from({ length: count }, () =>
		Math.round(baseMs * (1 + spread * (2 * random() - 1))),
	);
}

const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
const table = (title, headers, rows) => {
	const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	const line = (cells) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
	console.log(`\n${title}`);
	console.log(line(headers));
	for (const row of rows) console.log(line(row));
};

// 1. A first task (nothing learned yet).
const firstRows = [];
for (const seconds of [20, 60, 300]) {
	const readyMs = seconds * 1000;
	const today = await wait(readyMs, TODAY());
	const fixed = await wait(readyMs, FIXED_5S());
	const learned = await wait(readyMs, learning(new TaskDurations())());
	firstRows.push([
		`${seconds} s`,
		`${today.calls} / ${s(today.lateMs)}`,
		`${fixed.calls} / ${s(fixed.lateMs)}`,
		`${learned.calls} / ${s(learned.lateMs)}`,
		(learned.calls / today.calls).toFixed(2),
		s(Math.max(1000, 0.15 * readyMs)),
	]);
}
table(
	'First task of a model (fake clock): GetResult calls / found late',
	[
		'task ready after',
		'today (15 %)',
		'fixed 5 s',
		'learning',
		'learning/today calls',
		'target late ≤ max(1 s, 15 %)',
	],
	firstRows,
);

// 2. Batches of 10 tasks of one model, 60 s ± 10 %, one after the other (Concurrency 1), 20 seeds.
const BATCHES = 20;
const perTask = { today: [], fixed: [], learning: [] }; // [taskIndex] → list of {calls, lateMs}
for (let seed = 1; seed <= BATCHES; seed++) {
	const durations = jittered(seed, 10);
	const store = new TaskDurations();
	for (const [name, make] of [
		['today', TODAY],
		['fixed', FIXED_5S],
		['learning', learning(store)],
	]) {
		for (const [i, readyMs] of durations.entries()) {
			(perTask[name][i] ??= []).push(await wait(readyMs, make()));
		}
	}
}
const summary = (runs) => {
	const calls = runs.map((r) => r.calls);
	const late = runs.map((r) => r.lateMs);
	const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
	return {
		meanCalls: mean(calls),
		maxCalls: Math.max(...calls),
		meanLate: mean(late),
		maxLate: Math.max(...late),
	};
};
const cell = (x) =>
	`${x.meanCalls.toFixed(1)} (≤${x.maxCalls}) / ${s(x.meanLate)} (≤${s(x.maxLate)})`;
const batchRows = [];
for (const [label, from, to] of [
	['task 1', 0, 1],
	['tasks 2–3', 1, 3],
	['tasks 4–10', 3, 10],
]) {
	const pick = (name) => summary(perTask[name].slice(from, to).flat());
	const [today, fixed, learned] = [pick('today'), pick('fixed'), pick('learning')];
	batchRows.push([
		label,
		cell(today),
		cell(fixed),
		cell(learned),
		`${(learned.meanCalls / today.meanCalls).toFixed(2)} / ${(learned.meanLate / today.meanLate).toFixed(2)}`,
	]);
}
table(
	`Batch of 10 tasks of one model, each 60 s ± 10 %, in turn (${BATCHES} batches): mean calls (max) / mean late (max)`,
	['tasks', 'today (15 %)', 'fixed 5 s', 'learning', 'learning/today calls / late'],
	batchRows,
);
const after3 = perTask.learning.slice(3).flat();
const missed = after3.filter((r) => r.lateMs > 1500 || r.calls > 12).length;
console.log(
	`Target for tasks 4–10: found ≤ 1.5 s late with ≤ 12 GetResult calls each; learning misses it for ${missed} of ${after3.length} tasks.`,
);
