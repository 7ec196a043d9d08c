#!/usr/bin/env node
// `npm run demo`: this package inside a real n8n 2.40.7, from nothing, in one command.
//   1. Node 24 + n8n into .tools/ (first run only)      5. import the example credentials and workflows
//   2. build this package (when the sources changed)   6. run the generate workflow headless
//   3. npm pack + install it as a community package    7. list the image files it wrote
//   4. start the fake upstream (or use real keys)      --serve: keep n8n running at http://127.0.0.1:5678
// Real endpoints instead of the fake: JIMENG_API_KEY + JIMENG_BASE_URL (optional JIMENG_MODEL), and/or
// VOLC_ACCESS_KEY_ID + VOLC_SECRET_ACCESS_KEY (optional VOLC_SESSION_TOKEN, VOLC_REGION, VOLC_ENDPOINT).
// Flags: --serve, --port=5678, --rebuild (build even if dist/ looks current), --fresh (new n8n database).

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import {
	N8n,
	installPackage,
	loadExampleCredentials,
	loadExampleWorkflows,
	nodeOutput,
	packPackage,
	portProblem,
} from './lib/n8n.mjs';
import { loadFakeUpstream, realUpstreamFromEnv, startFakeUpstream } from './lib/upstream.mjs';
import { REPO_ROOT, ensureTools, run } from './tools.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name, fallback) => {
	const hit = args.find((arg) => arg.startsWith(`--${name}=`));
	return hit ? hit.slice(name.length + 3) : fallback;
};

const DEMO_DIR = path.resolve(process.env.JIMENG_DEMO_DIR ?? path.join(REPO_ROOT, '.demo'));
const USER_FOLDER = path.join(DEMO_DIR, 'n8n');
const OUTPUT_DIR = path.join(DEMO_DIR, 'output');
const EARLIER_OUTPUT_DIR = path.join(DEMO_DIR, 'earlier-output');
const INPUT_DIR = path.join(DEMO_DIR, 'input');
const STATE_FILE = path.join(DEMO_DIR, 'state.json');
const STEPS = 7;
const started = Date.now();
let step = 0;
let stepStarted = Date.now();

function say(message) {
	console.log(`[demo] ${message}`);
}
function beginStep(title) {
	if (step > 0) say(`     (${((Date.now() - stepStarted) / 1000).toFixed(1)} s)`);
	step += 1;
	stepStarted = Date.now();
	say(`${step}/${STEPS} ${title}`);
}

/** Newest modification time under the given paths (files or folders). */
function newestMtime(paths) {
	let newest = 0;
	const visit = (p) => {
		if (!existsSync(p)) return;
		const stat = statSync(p);
		if (stat.isDirectory()) for (const entry of readdirSync(p)) visit(path.join(p, entry));
		else newest = Math.max(newest, stat.mtimeMs);
	};
	paths.forEach(visit);
	return newest;
}

function distIsCurrent() {
	const built = path.join(REPO_ROOT, 'dist', 'nodes', 'Jimeng', 'Jimeng.node.js');
	if (!existsSync(built)) return false;
	const sources = ['nodes', 'credentials', 'package.json', 'tsconfig.json', 'gulpfile.js'].map((p) => path.join(REPO_ROOT, p));
	return newestMtime(sources) < newestMtime([path.join(REPO_ROOT, 'dist')]);
}

/** What the previous run set up (fake upstream port, hashes of what was installed/imported), to skip repeats. */
function readState() {
	try {
		return JSON.parse(readFileSync(STATE_FILE, 'utf8'));
	} catch {
		return {};
	}
}
function writeState(state) {
	mkdirSync(DEMO_DIR, { recursive: true });
	writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
}

function hashTree(paths) {
	const hash = createHash('sha256');
	const visit = (p) => {
		if (!existsSync(p)) return;
		if (statSync(p).isDirectory()) for (const entry of readdirSync(p).sort()) visit(path.join(p, entry));
		else hash.update(p).update(readFileSync(p));
	};
	paths.forEach(visit);
	return hash.digest('hex');
}

function describeImage(file) {
	const { readImageSize } = loadFakeUpstream(); // an independent header parser, not the package's own
	const data = readFileSync(file);
	const info = readImageSize(data);
	const kb = (data.length / 1024).toFixed(1);
	return info ? `${info.width}x${info.height} ${info.type.toUpperCase()}, ${kb} KB` : `${kb} KB, not an image?`;
}

/** Moves the previous run's images to .demo/earlier-output/<time>/, so output/ holds only this run's. */
function keepEarlierOutput() {
	if (!existsSync(OUTPUT_DIR) || readdirSync(OUTPUT_DIR).length === 0) return;
	const stamp = new Date(statSync(OUTPUT_DIR).mtimeMs).toISOString().replace(/[:.]/g, '-');
	const kept = path.join(EARLIER_OUTPUT_DIR, stamp);
	mkdirSync(EARLIER_OUTPUT_DIR, { recursive: true });
	renameSync(OUTPUT_DIR, kept);
	say(`    the previous run's images are kept in ${kept}`);
}

async function main() {
	const serve = flag('serve');
	const port = Number(option('port', '5678'));
	if (serve) {
		// Checked before the long steps: n8n would otherwise fail on it minutes later, at the last step.
		if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port=${option('port', '')} is not a port number`);
		const problem = await portProblem(port);
		if (problem) {
			throw new Error(
				`port ${port} is ${problem === 'EACCES' ? 'not allowed for this user' : 'already in use (another n8n?)'}: stop what uses it, or pick another port: npm run demo -- --serve --port=${port === 5678 ? 5679 : port + 1}`,
			);
		}
	}

	beginStep('tools: Node 24 and n8n 2.40.7 in .tools/');
	await ensureTools({ log: (message) => say(`    ${message}`) });

	beginStep('build this package');
	if (!flag('rebuild') && distIsCurrent()) say('    dist/ is newer than the sources: skipping `npm run build` (--rebuild forces it)');
	else await run('npm', ['run', 'build'], { quiet: true, label: 'npm run build' });

	beginStep('install it into n8n as a community package');
	if (flag('fresh')) {
		rmSync(USER_FOLDER, { recursive: true, force: true });
		rmSync(STATE_FILE, { force: true });
	}
	const state = readState();
	const packageHash = hashTree(['dist', 'package.json', 'README.md', 'LICENSE'].map((p) => path.join(REPO_ROOT, p)));
	const installedDir = path.join(USER_FOLDER, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-jimeng-seedream');
	if (state.packageHash === packageHash && existsSync(path.join(installedDir, 'package.json'))) {
		say(`    unchanged since the last run: ${path.relative(REPO_ROOT, installedDir)}`);
	} else {
		const tgz = await packPackage(path.join(DEMO_DIR, 'pack'));
		const installed = await installPackage(USER_FOLDER, tgz);
		say(`    ${path.basename(tgz)} -> ${path.relative(REPO_ROOT, installed)}`);
		state.packageHash = packageHash;
		writeState(state);
	}

	beginStep('upstream');
	const real = realUpstreamFromEnv();
	let upstream;
	if (real) {
		upstream = { values: real.values, close: async () => {} };
		if (real.bearer) say(`    real OpenAI-compatible endpoint: ${real.values.JIMENG_BASE_URL}`);
		if (real.volc) say(`    real Volcengine visual API: ${real.values.VOLC_ENDPOINT} (${real.values.VOLC_REGION})`);
	} else {
		// the previous run's port if it is free, so the imported credentials stay valid and need no re-import
		let started;
		try {
			started = await startFakeUpstream(state.fakePort ? { port: state.fakePort } : {});
		} catch {
			started = await startFakeUpstream();
		}
		const { fake, values } = started;
		state.fakePort = fake.port;
		upstream = { values, fake, close: () => fake.close() };
		say(`    no JIMENG_API_KEY / VOLC_ACCESS_KEY_ID set: using the built-in fake upstream at ${fake.url}`);
		say('    (it speaks the relay, Ark and signed Volcengine protocols; its images are made here, not by a model:');
		say('     a gradient with your prompt\'s first words and the size drawn in. Nothing is billed.)');
	}

	const n8n = new N8n({
		userFolder: USER_FOLDER,
		env: { N8N_RESTRICT_FILE_ACCESS_TO: `${OUTPUT_DIR};${INPUT_DIR}` },
	});
	const shutdown = async () => {
		await n8n.stopAll();
		await upstream.close();
	};

	try {
		beginStep('import the example credentials and workflows');
		keepEarlierOutput();
		mkdirSync(OUTPUT_DIR, { recursive: true });
		mkdirSync(INPUT_DIR, { recursive: true });
		const inputImage = path.join(INPUT_DIR, 'sample.png');
		writeFileSync(inputImage, loadFakeUpstream().makeImage('png', 768, 512, 3));
		const inputMask = path.join(INPUT_DIR, 'sample-mask.png');
		writeFileSync(inputMask, loadFakeUpstream().encodeMaskPng(768, 512));
		const values = { ...upstream.values, OUTPUT_DIR, INPUT_IMAGE: inputImage, INPUT_MASK: inputMask };
		const examples = loadExampleWorkflows(values);
		if (process.env.JIMENG_MODEL) {
			for (const { workflow } of examples) {
				for (const node of workflow.nodes) {
					if (node.parameters?.resource === 'openai') node.parameters.model = { __rl: true, mode: 'id', value: process.env.JIMENG_MODEL };
				}
			}
		}
		const credentials = loadExampleCredentials(values);
		const importHash = createHash('sha256').update(JSON.stringify([credentials, examples])).digest('hex');
		const database = path.join(USER_FOLDER, '.n8n', 'database.sqlite');
		if (state.importHash === importHash && existsSync(database)) {
			say('    same credentials and workflows as the last run: already imported (--fresh starts over)');
		} else {
			await n8n.importCredentials(credentials);
			await n8n.importWorkflows(examples.map((example) => example.workflow));
			state.importHash = importHash;
			writeState(state);
		}
		for (const { file, workflow } of examples) say(`    ${file}: "${workflow.name}" (id ${workflow.id})`);

		const onlyVolc = real && !real.bearer;
		const workflow = examples.find(({ workflow: w }) => w.id === (onlyVolc ? 'jimengSubmitWaitLoop' : 'jimengGenerateToDisk')).workflow;
		beginStep(`run "${workflow.name}" headless (n8n execute)`);
		const result = await n8n.execute(workflow.id);
		const status = result.run?.status ?? 'unknown';
		const error = result.run?.data?.resultData?.error;
		if (result.code !== 0 || status !== 'success') {
			throw new Error(
				`the workflow ended with status "${status}"${error ? `: ${error.message}${error.description ? ` (${error.description})` : ''}` : ''}` +
					(result.run ? '' : `\n${(result.stdout + result.stderr).slice(-3000)}`),
			);
		}
		const jimengNode = workflow.nodes.find((node) => /\.jimeng(Visual)?$/.test(node.type) && node.parameters.operation !== 'submitTask');
		const items = nodeOutput(result.run, jimengNode.name) ?? [];
		say(`    status ${status}; "${jimengNode.name}" output ${items.length} item(s)`);

		beginStep(`images written to ${OUTPUT_DIR}`);
		const files = readdirSync(OUTPUT_DIR).sort();
		if (files.length === 0) throw new Error('the workflow succeeded but wrote no image file');
		for (const file of files) say(`    ${path.join(OUTPUT_DIR, file)}  (${describeImage(path.join(OUTPUT_DIR, file))})`);
		if (upstream.fake) say('    these images come from the built-in fake upstream (your prompt drawn on a gradient); nothing was billed');

		if (!serve) {
			say(`done in ${((Date.now() - started) / 1000).toFixed(1)} s. Open the editor with: npm run demo -- --serve`);
			await shutdown();
			return;
		}

		say(`starting n8n at http://127.0.0.1:${port} with everything imported …`);
		await n8n.publish('jimengWebhookVolc');
		// n8n takes about a minute to start the first time: say so every 15 s.
		const startedAt = Date.now();
		const heartbeat = setInterval(() => say(`    … n8n is still starting (${Math.round((Date.now() - startedAt) / 1000)} s)`), 15_000);
		let server;
		try {
			server = await n8n.start({ port, logFile: path.join(DEMO_DIR, 'n8n-serve.log'), webhooks: ['jimeng-generate'] });
		} finally {
			clearInterval(heartbeat);
		}
		say(`n8n is running: http://127.0.0.1:${port}  (first visit: n8n asks you to create its owner account — any email and password, stored only in .demo/n8n; the examples are in Overview)`);
		say(`try the webhook workflow: curl -s -X POST http://127.0.0.1:${port}/webhook/jimeng-generate -H 'content-type: application/json' -d '{"prompt":"a red fox in snow"}' -o fox.jpeg`);
		if (upstream.fake) say(`the fake upstream keeps running at ${upstream.fake.url} while n8n runs`);
		say('press Ctrl-C to stop');
		const stop = async () => {
			say('stopping …');
			await shutdown();
			process.exit(0);
		};
		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
		const code = await server.exited;
		say(`n8n exited (${code})`);
		await upstream.close();
	} catch (error) {
		await shutdown();
		throw error;
	}
}

main().catch((error) => {
	console.error(`[demo] FAILED ${step === 0 ? 'before it started' : `at step ${step}/${STEPS}`}: ${error.message}`);
	process.exit(1);
});
