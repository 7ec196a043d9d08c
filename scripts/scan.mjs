#!/usr/bin/env node
// `npm run scan`: n8n's community package scanner (@n8n/scan-community-package, pinned in scripts/scan-tool/)
// on what we would publish, offline. The scanner's own CLI downloads a published version from npm and its
// provenance-attested GitHub source; here the same two analyses run on local files instead:
//   1. the source leg: package.json + nodes/ + credentials/ of this checkout (the scanner's SOURCE_FILE_PATTERNS);
//   2. the tarball leg: `npm pack` of the built package, unpacked, its *.js and package.json.
// Same ESLint options and rule config as the scanner's analyzePackage (its buildScanConfig), so an error here is
// an error there. Prints every finding and "scan: N errors, M warnings"; exits 1 on any error.
// It also checks the tarball's shape: no source maps, at most 150 KB packed.
// Options:
//   --no-build          use the dist/ that is there (default: npm run build first)
//   --package-dir=DIR   scan an unpacked package folder instead of packing (its own source leg is skipped)
//   --self-check        prove the gate can fail: a copy of the tarball with a runtime dependency and a
//                       forbidden import must be reported with errors (exit 1 if it is not)

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { packPackage } from './lib/n8n.mjs';
import { REPO_ROOT, SCANNER_VERSION, ensureScanner, run } from './tools.mjs';

const MAX_PACKED_BYTES = 150_000; // 150 KB as npm counts it (1 kB = 1000 bytes)
const args = process.argv.slice(2);
const option = (name) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);

/** Lints `files` (globs) under `dir` exactly as the scanner's analyzePackage does; returns ESLint results. */
async function analyze(scanner, dir, patterns) {
	const requireFromScanner = createRequire(path.join(scanner.dir, 'package.json'));
	const { ESLint } = await import(pathToFileURL(requireFromScanner.resolve('eslint')).href);
	const glob = (await import(pathToFileURL(requireFromScanner.resolve('fast-glob')).href)).default;
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await scanner.module.buildScanConfig(),
	});
	const files = glob.sync(patterns, { cwd: dir, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
	if (files.length === 0) throw new Error(`no files to scan in ${dir} (${patterns.join(', ')})`);
	return { eslint, results: await eslint.lintFiles(files), files: files.length };
}

async function loadScanner() {
	const dir = await ensureScanner({ log: (message) => console.log(`[scan] ${message}`) });
	// the scanner makes a temp folder when loaded (for downloads we never do): keep it in one we remove
	const tmp = mkdtempSync(path.join(os.tmpdir(), 'jimeng-scan-'));
	process.env.TMPDIR = tmp;
	process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
	return { dir, module: await import(pathToFileURL(path.join(dir, 'scanner', 'scanner.mjs')).href) };
}

async function unpack(tgz, into) {
	await run('tar', ['-xzf', tgz, '-C', into, '--strip-components=1'], { quiet: true, label: 'tar -x' });
	return into;
}

/** Runs both legs (or only the tarball one), prints findings; returns { errors, warnings }. */
async function scan(scanner, legs) {
	let errors = 0;
	let warnings = 0;
	for (const { name, dir, patterns } of legs) {
		const { eslint, results, files } = await analyze(scanner, dir, patterns);
		const legErrors = results.reduce((sum, result) => sum + result.errorCount, 0);
		const legWarnings = results.reduce((sum, result) => sum + result.warningCount, 0);
		console.log(`[scan] ${name}: ${files} files, ${legErrors} errors, ${legWarnings} warnings`);
		const text = await (await eslint.loadFormatter('stylish')).format(results);
		if (text.trim()) console.log(text);
		errors += legErrors;
		warnings += legWarnings;
	}
	return { errors, warnings };
}

/** The tarball's own figures and shape rules. Returns the number of problems. */
async function checkTarball() {
	const output = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { quiet: true, label: 'npm pack --dry-run' });
	const [info] = JSON.parse(output.slice(output.indexOf('[')));
	const maps = info.files.filter((file) => file.path.endsWith('.map'));
	console.log(`[scan] tarball: ${info.size} bytes packed, ${info.unpackedSize} unpacked, ${info.entryCount} files, ${maps.length} source maps`);
	let problems = 0;
	if (maps.length) {
		console.log(`[scan]     error: source maps in the tarball (${maps.slice(0, 3).map((file) => file.path).join(', ')}…)`);
		problems++;
	}
	if (info.size > MAX_PACKED_BYTES) {
		console.log(`[scan]     error: ${info.size} bytes packed, more than ${MAX_PACKED_BYTES}`);
		problems++;
	}
	return problems;
}

async function main() {
	const scanner = await loadScanner();
	const work = mkdtempSync(path.join(os.tmpdir(), 'jimeng-scan-pkg-'));
	process.on('exit', () => rmSync(work, { recursive: true, force: true }));
	const tarballLeg = (dir) => ({ name: `tarball (${path.basename(dir)})`, dir, patterns: ['**/*.js', 'package.json'] });
	console.log(`[scan] @n8n/scan-community-package ${SCANNER_VERSION}, offline`);

	const packageDir = option('package-dir');
	if (packageDir) {
		const { errors, warnings } = await scan(scanner, [tarballLeg(path.resolve(packageDir))]);
		console.log(`scan: ${errors} errors, ${warnings} warnings`);
		process.exit(errors ? 1 : 0);
	}

	if (args.includes('--no-build')) console.log('[scan] build: skipped (--no-build)');
	else await run('npm', ['run', 'build'], { quiet: true, label: 'npm run build' });
	const tgz = await packPackage(work);
	const unpacked = await unpack(tgz, mkdtempSync(path.join(work, 'package-')));

	if (args.includes('--self-check')) {
		// a copy with what the scanner must refuse: a runtime dependency and an import of a forbidden module
		const broken = path.join(work, 'broken');
		cpSync(unpacked, broken, { recursive: true });
		const manifest = JSON.parse(readFileSync(path.join(broken, 'package.json'), 'utf8'));
		manifest.dependencies = { axios: '1.18.0' };
		writeFileSync(path.join(broken, 'package.json'), JSON.stringify(manifest, null, 2));
		appendFileSync(path.join(broken, 'dist', 'nodes', 'Jimeng', 'Jimeng.node.js'), "\nrequire('child_process');\n");
		const { errors, warnings } = await scan(scanner, [tarballLeg(broken)]);
		console.log(`scan (self-check, broken copy): ${errors} errors, ${warnings} warnings`);
		if (errors === 0) {
			console.log('scan self-check FAILED: the broken copy passed the scanner');
			process.exit(1);
		}
		console.log('scan self-check: the scanner refuses the broken copy, as it must');
		return;
	}

	const { errors, warnings } = await scan(scanner, [
		{ name: 'source (package.json, nodes/, credentials/)', dir: REPO_ROOT, patterns: scanner.module.SOURCE_FILE_PATTERNS },
		tarballLeg(unpacked),
	]);
	const shapeErrors = await checkTarball();
	console.log(`scan: ${errors + shapeErrors} errors, ${warnings} warnings`);
	process.exit(errors + shapeErrors ? 1 : 0);
}

main().catch((error) => {
	console.error(`[scan] FAILED: ${error.stack}`);
	process.exit(1);
});
