#!/usr/bin/env node
// Installs the tools the demo and the end-to-end tests run on, into the git-ignored `.tools/` folder:
//   1. Node 24 (n8n >= 2.36 refuses older Node), from the npm registry package node-<os>-<arch>;
//   2. n8n 2.40.7 with the lockfile kept in scripts/n8n-tool/ (install scripts off, as n8n's own
//      postinstall steps try to download things this machine cannot reach); n8n 2.41.1 (the e2e suite runs
//      on both) from scripts/n8n-tool-2.41.1/ into .tools/n8n-2.41.1, chosen with --n8n=2.41.1 or
//      JIMENG_N8N_VERSION=2.41.1;
//   3. sqlite3's native addon, compiled with node-gyp against Node 24's headers (the one install script
//      n8n really needs; its prebuilt download is skipped on purpose).
// Every step is skipped when its result is already there, so a second run takes a second.
//   4. with --scan: n8n's community package scanner (scripts/scan-tool/, pinned) into .tools/scan.
// Usage: node scripts/tools.mjs [--force] [--n8n=2.41.1] [--scan]   (JIMENG_TOOLS_DIR overrides the folder)

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, copyFileSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TOOLS_DIR = path.resolve(process.env.JIMENG_TOOLS_DIR ?? path.join(REPO_ROOT, '.tools'));
export const NODE_VERSION = '24.21.0';
/** The n8n versions the tools can install, each with its pinned package.json + lockfile folder under scripts/. */
export const N8N_VERSIONS = { '2.40.7': 'n8n-tool', '2.41.1': 'n8n-tool-2.41.1' };
export const DEFAULT_N8N_VERSION = '2.40.7';
// Chosen once per process (children inherit the variable): the demo stays on the default.
export const N8N_VERSION = process.env.JIMENG_N8N_VERSION || DEFAULT_N8N_VERSION;
if (!N8N_VERSIONS[N8N_VERSION]) {
	throw new Error(`n8n ${N8N_VERSION} is not supported here; one of: ${Object.keys(N8N_VERSIONS).join(', ')}`);
}

const NODE_PACKAGE = `node-${process.platform}-${process.arch}`;
export const NODE_HOME = path.join(TOOLS_DIR, 'node24', 'node_modules', NODE_PACKAGE);
export const NODE_BIN = path.join(NODE_HOME, 'bin', 'node');
export const N8N_DIR = path.join(TOOLS_DIR, N8N_VERSION === DEFAULT_N8N_VERSION ? 'n8n' : `n8n-${N8N_VERSION}`);
export const N8N_BIN = path.join(N8N_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
const SQLITE_DIR = path.join(N8N_DIR, 'node_modules', 'sqlite3');
const SQLITE_ADDON = path.join(SQLITE_DIR, 'build', 'Release', 'node_sqlite3.node');
const N8N_TOOL_TEMPLATE = path.join(REPO_ROOT, 'scripts', N8N_VERSIONS[N8N_VERSION]);
export const SCAN_DIR = path.join(TOOLS_DIR, 'scan');
const SCAN_TOOL_TEMPLATE = path.join(REPO_ROOT, 'scripts', 'scan-tool');
export const SCANNER_PACKAGE_DIR = path.join(SCAN_DIR, 'node_modules', '@n8n', 'scan-community-package');

/** Environment for child processes that must run on Node 24 (npm, node-gyp, n8n). */
export function toolEnv(extra = {}) {
	return {
		...process.env,
		PATH: `${path.dirname(NODE_BIN)}${path.delimiter}${process.env.PATH ?? ''}`,
		...extra,
	};
}

const HEARTBEAT_MS = 15_000;

/**
 * Runs a command, streaming its output with a prefix; rejects on a non-zero exit. With `heartbeat` (a log
 * function) it says every 15 s that the command is still running, so a long silent install never looks hung.
 */
export function run(command, args, { cwd = REPO_ROOT, env = process.env, quiet = false, label, heartbeat } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, env, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
		const started = Date.now();
		const timer = heartbeat
			? setInterval(() => {
					const seconds = Math.round((Date.now() - started) / 1000);
					heartbeat(`[tools]     … ${label ?? command} still running (${Math.floor(seconds / 60)} min ${seconds % 60} s)`);
				}, HEARTBEAT_MS)
			: undefined;
		child.on('close', () => clearInterval(timer));
		child.on('error', () => clearInterval(timer));
		let output = '';
		if (quiet) {
			child.stdout.on('data', (chunk) => (output += chunk));
			child.stderr.on('data', (chunk) => (output += chunk));
		}
		child.on('error', reject);
		child.on('close', (code) => {
			if (code === 0) resolve(output);
			else {
				const tail = output.split('\n').slice(-40).join('\n');
				reject(new Error(`${label ?? [command, ...args].join(' ')} exited with ${code}${tail ? `\n${tail}` : ''}`));
			}
		});
	});
}

function readJson(file) {
	try {
		return JSON.parse(readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

async function nodeOk() {
	if (!existsSync(NODE_BIN)) return false;
	try {
		const version = (await run(NODE_BIN, ['--version'], { quiet: true })).trim();
		return version === `v${NODE_VERSION}`;
	} catch {
		return false;
	}
}

function n8nOk() {
	return readJson(path.join(N8N_DIR, 'node_modules', 'n8n', 'package.json'))?.version === N8N_VERSION;
}

const npmCommand = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// Flags instead of a .npmrc: npm reads no project config from the tool folders.
const NPM_FLAGS = ['--no-audit', '--no-fund', '--ignore-scripts', '--legacy-peer-deps', '--loglevel=error'];

/**
 * Makes sure Node 24, n8n and the sqlite3 addon are installed. Returns the paths to use.
 * @param {{ log?: (message: string) => void, force?: boolean }} options
 */
export async function ensureTools({ log = (message) => console.log(message), force = false } = {}) {
	const started = Date.now();
	if (!['linux', 'darwin'].includes(process.platform)) {
		throw new Error(`The demo tools support Linux and macOS, not ${process.platform}.`);
	}
	mkdirSync(TOOLS_DIR, { recursive: true });

	// 1. Node 24
	if (!force && (await nodeOk())) {
		log(`[tools] 1/3 Node ${NODE_VERSION}: already installed (${NODE_BIN})`);
	} else {
		log(`[tools] 1/3 Node ${NODE_VERSION}: installing ${NODE_PACKAGE}@${NODE_VERSION} into ${path.join(TOOLS_DIR, 'node24')} …`);
		const prefix = path.join(TOOLS_DIR, 'node24');
		mkdirSync(prefix, { recursive: true });
		if (!existsSync(path.join(prefix, 'package.json'))) {
			writeFileSync(path.join(prefix, 'package.json'), '{ "name": "jimeng-node24-tool", "private": true }\n');
		}
		await run(npmCommand, ['install', '--prefix', prefix, `${NODE_PACKAGE}@${NODE_VERSION}`, ...NPM_FLAGS], {
			cwd: prefix,
			label: `npm install ${NODE_PACKAGE}`,
			heartbeat: log,
		});
		if (!(await nodeOk())) throw new Error(`Node ${NODE_VERSION} did not install at ${NODE_BIN}`);
		log(`[tools]     done: ${NODE_BIN}`);
	}

	// 2. n8n (npm runs on Node 24 so engine checks and optional packages match the runtime)
	if (!force && n8nOk()) {
		log(`[tools] 2/3 n8n ${N8N_VERSION}: already installed (${N8N_DIR})`);
	} else {
		log(`[tools] 2/3 n8n ${N8N_VERSION}: installing into ${N8N_DIR} (about 2 GB, a few minutes) …`);
		mkdirSync(N8N_DIR, { recursive: true });
		// The template pins n8n and the overrides that make its tree resolve; the lockfile makes it repeatable.
		copyFileSync(path.join(N8N_TOOL_TEMPLATE, 'package.json'), path.join(N8N_DIR, 'package.json'));
		copyFileSync(path.join(N8N_TOOL_TEMPLATE, 'package-lock.json'), path.join(N8N_DIR, 'package-lock.json'));
		rmSync(SQLITE_ADDON, { force: true });
		await run(npmCommand, ['install', ...NPM_FLAGS], { cwd: N8N_DIR, env: toolEnv(), label: `npm install n8n@${N8N_VERSION}`, heartbeat: log });
		if (!n8nOk()) throw new Error(`n8n ${N8N_VERSION} did not install in ${N8N_DIR}`);
		log(`[tools]     done: ${N8N_BIN}`);
	}

	// 3. sqlite3 addon (n8n's default database); N-API, built against Node 24's bundled headers, offline.
	if (!force && existsSync(SQLITE_ADDON)) {
		log('[tools] 3/3 sqlite3 addon: already built');
	} else {
		log('[tools] 3/3 sqlite3 addon: compiling with node-gyp (about a minute) …');
		const nodeGyp = path.join(N8N_DIR, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
		if (!existsSync(nodeGyp)) throw new Error(`node-gyp not found at ${nodeGyp}`);
		await run(NODE_BIN, [nodeGyp, 'rebuild', `--nodedir=${NODE_HOME}`, '-j', 'max'], {
			cwd: SQLITE_DIR,
			env: toolEnv(),
			quiet: true,
			label: 'node-gyp rebuild (sqlite3)',
			heartbeat: log,
		});
		if (!existsSync(SQLITE_ADDON)) throw new Error(`sqlite3 addon was not built at ${SQLITE_ADDON}`);
		log('[tools]     done');
	}

	log(`[tools] ready in ${((Date.now() - started) / 1000).toFixed(1)} s: node ${NODE_VERSION}, n8n ${N8N_VERSION}`);
	return { nodeBin: NODE_BIN, n8nBin: N8N_BIN, toolsDir: TOOLS_DIR };
}

/** The version pinned in scripts/scan-tool/package.json (the one CI gates on). */
export const SCANNER_VERSION = readJson(path.join(SCAN_TOOL_TEMPLATE, 'package.json')).dependencies['@n8n/scan-community-package'];

/**
 * Makes sure n8n's community package scanner is installed in .tools/scan (plain npm, the Node running this;
 * about 60 MB, 15 s). Returns the folder of the scanner package.
 */
export async function ensureScanner({ log = (message) => console.log(message), force = false } = {}) {
	if (!force && readJson(path.join(SCANNER_PACKAGE_DIR, 'package.json'))?.version === SCANNER_VERSION) {
		log(`[tools] scanner @n8n/scan-community-package ${SCANNER_VERSION}: already installed (${SCAN_DIR})`);
		return SCANNER_PACKAGE_DIR;
	}
	log(`[tools] scanner @n8n/scan-community-package ${SCANNER_VERSION}: installing into ${SCAN_DIR} …`);
	mkdirSync(SCAN_DIR, { recursive: true });
	copyFileSync(path.join(SCAN_TOOL_TEMPLATE, 'package.json'), path.join(SCAN_DIR, 'package.json'));
	copyFileSync(path.join(SCAN_TOOL_TEMPLATE, 'package-lock.json'), path.join(SCAN_DIR, 'package-lock.json'));
	await run(npmCommand, ['install', ...NPM_FLAGS], { cwd: SCAN_DIR, label: 'npm install @n8n/scan-community-package', heartbeat: log });
	if (readJson(path.join(SCANNER_PACKAGE_DIR, 'package.json'))?.version !== SCANNER_VERSION) {
		throw new Error(`@n8n/scan-community-package ${SCANNER_VERSION} did not install in ${SCAN_DIR}`);
	}
	log('[tools]     done');
	return SCANNER_PACKAGE_DIR;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const force = process.argv.includes('--force');
	const chosen = process.argv.find((arg) => arg.startsWith('--n8n='))?.slice('--n8n='.length);
	const main = async () => {
		if (chosen && chosen !== N8N_VERSION) {
			// the version fixes the paths at import time: rerun this file with the variable set
			await run(process.execPath, process.argv.slice(1).filter((arg) => !arg.startsWith('--n8n=')), {
				env: { ...process.env, JIMENG_N8N_VERSION: chosen },
			});
			return;
		}
		if (process.argv.includes('--scan')) await ensureScanner({ force });
		else await ensureTools({ force });
	};
	main().catch((error) => {
		console.error(`[tools] FAILED: ${error.message}`);
		process.exit(1);
	});
}
