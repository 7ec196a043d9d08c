#!/usr/bin/env node
// `npm run test:e2e`: real n8n (2.40.7, or 2.41.1 with --n8n=2.41.1) on Node 24 runs the example workflows
// with this package installed.
//   1. tools (Node 24, n8n, sqlite3) into .tools/ if missing   3. npm pack once, shared by the test files
//   2. npm run build (skip with --no-build)                    4. node --test test/e2e/ (one file at a time)
// Queue mode needs `redis-server` on PATH (Debian: apt-get install -y redis-server).
// Ends with one line CI can grep: "E2E RESULT: PASS …" or "E2E RESULT: FAIL …", and the exit code.
// Options: --no-build, --n8n=<version> (one of scripts/tools.mjs N8N_VERSIONS; also JIMENG_N8N_VERSION),
// a list of test files (default: every test/e2e/*.test.mjs).

import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
// The version fixes the tool paths when tools.mjs loads, and the test files (child processes) inherit it.
const chosenN8n = args.find((arg) => arg.startsWith('--n8n='))?.slice('--n8n='.length);
if (chosenN8n) process.env.JIMENG_N8N_VERSION = chosenN8n;
const { packPackage } = await import('./lib/n8n.mjs');
const { N8N_VERSION, REPO_ROOT, ensureTools, run } = await import('./tools.mjs');
const started = Date.now();
const E2E_DIR = path.join(REPO_ROOT, '.e2e');
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);

function finish(pass, detail) {
	console.log(`E2E RESULT: ${pass ? 'PASS' : 'FAIL'} ${detail} on n8n ${N8N_VERSION} in ${seconds()} s`);
	process.exit(pass ? 0 : 1);
}

async function main() {
	console.log(`[e2e] 1/4 tools (n8n ${N8N_VERSION})`);
	await ensureTools({ log: (message) => console.log(`[e2e]     ${message}`) });

	if (args.includes('--no-build')) console.log('[e2e] 2/4 build: skipped (--no-build)');
	else {
		console.log('[e2e] 2/4 npm run build');
		await run('npm', ['run', 'build'], { quiet: true, label: 'npm run build' });
	}

	console.log('[e2e] 3/4 npm pack');
	rmSync(path.join(E2E_DIR, 'pack'), { recursive: true, force: true });
	const tgz = await packPackage(path.join(E2E_DIR, 'pack'));
	console.log(`[e2e]     ${path.relative(REPO_ROOT, tgz)}`);

	const files = args.filter((arg) => !arg.startsWith('--'));
	const testFiles = files.length
		? files
		: readdirSync(path.join(REPO_ROOT, 'test', 'e2e'))
				.filter((file) => file.endsWith('.test.mjs'))
				.sort()
				.map((file) => path.join('test', 'e2e', file));
	console.log(`[e2e] 4/4 node --test ${testFiles.join(' ')}`);
	mkdirSync(E2E_DIR, { recursive: true });
	const tapFile = path.join(E2E_DIR, 'results.tap');
	const code = await new Promise((resolve, reject) => {
		const child = spawn(
			process.execPath,
			[
				'--test',
				'--test-concurrency=1',
				'--test-timeout=600000',
				'--test-reporter=spec',
				'--test-reporter-destination=stdout',
				'--test-reporter=tap',
				`--test-reporter-destination=${tapFile}`,
				...testFiles,
			],
			{ cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, E2E_PACKAGE_TGZ: tgz, E2E_WORK_DIR: E2E_DIR } },
		);
		// a hung n8n must not hang CI: stop the whole run after 30 minutes
		const watchdog = setTimeout(() => {
			console.error('[e2e] the tests ran for 30 minutes: stopping them');
			child.kill('SIGTERM');
		}, 30 * 60_000);
		child.on('error', reject);
		child.on('close', (code) => {
			clearTimeout(watchdog);
			resolve(code);
		});
	});
	const tap = readFileSync(tapFile, 'utf8');
	const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
	const [tests, pass, fail, skipped] = ['tests', 'pass', 'fail', 'skipped'].map(count);
	const summary = `${pass}/${tests} tests passed, ${fail} failed, ${skipped} skipped`;
	finish(code === 0 && fail === 0 && tests > 0 && pass + skipped === tests, summary);
}

main().catch((error) => {
	console.error(`[e2e] ${error.message}`);
	finish(false, `(set-up failed: ${error.message.split('\n')[0]})`);
});
