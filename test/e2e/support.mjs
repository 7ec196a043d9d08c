// Shared set-up for the end-to-end tests: a real n8n 2.40.7 (Node 24, from .tools/) with this package
// installed as a community package, the example workflows imported, and the fake upstream in this process
// (so the tests read its call log and counters directly).

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import { request } from 'undici';

import {
	N8n,
	installPackage,
	loadExampleCredentials,
	loadExampleWorkflows,
	packPackage,
} from '../../scripts/lib/n8n.mjs';
import { loadFakeUpstream, startFakeUpstream } from '../../scripts/lib/upstream.mjs';
import { REPO_ROOT, ensureTools } from '../../scripts/tools.mjs';

/** The fake upstream's PNG/JPEG helpers (an independent header parser and CRC-32). */
const fakeImages = createRequire(import.meta.url)(path.join(REPO_ROOT, 'test', 'fake-upstream', 'images.js'));

// Stopped from outside (CI timeout, the runner's watchdog): exit normally so n8n children are killed too.
process.once('SIGTERM', () => process.exit(143));
process.once('SIGINT', () => process.exit(130));

export const E2E_DIR = path.resolve(process.env.E2E_WORK_DIR ?? path.join(REPO_ROOT, '.e2e'));

/** The packed package: scripts/e2e.mjs packs once and passes it in; running a file alone packs it here. */
async function packageTgz() {
	if (process.env.E2E_PACKAGE_TGZ && existsSync(process.env.E2E_PACKAGE_TGZ)) return process.env.E2E_PACKAGE_TGZ;
	return await packPackage(path.join(E2E_DIR, 'pack'));
}

/**
 * A fresh n8n user folder with the package installed, the fake upstream running, the example credentials
 * and workflows imported (plus `extraWorkflows(examples)` built from them).
 */
export async function setUpN8n(name, { extraWorkflows = () => [], env = {} } = {}) {
	await ensureTools({ log: () => {} });
	const root = path.join(E2E_DIR, name);
	rmSync(root, { recursive: true, force: true });
	const userFolder = path.join(root, 'n8n');
	const outputDir = path.join(root, 'output');
	const inputDir = path.join(root, 'input');
	for (const dir of [userFolder, outputDir, inputDir]) mkdirSync(dir, { recursive: true });

	const { fake, values } = await startFakeUpstream();
	const inputImage = path.join(inputDir, 'sample.png');
	const inputImageBytes = loadFakeUpstream().makeImage('png', 640, 480, 5);
	writeFileSync(inputImage, inputImageBytes);
	// workflow 5's mask: one-channel grayscale, the input image's size (left half kept, right half redrawn)
	const inputMask = path.join(inputDir, 'sample-mask.png');
	const inputMaskBytes = fakeImages.encodeMaskPng(640, 480);
	writeFileSync(inputMask, inputMaskBytes);
	const allValues = { ...values, OUTPUT_DIR: outputDir, INPUT_IMAGE: inputImage, INPUT_MASK: inputMask };

	await installPackage(userFolder, await packageTgz());
	const n8n = new N8n({
		userFolder,
		env: { N8N_RESTRICT_FILE_ACCESS_TO: `${outputDir};${inputDir}`, ...env },
	});
	const examples = Object.fromEntries(loadExampleWorkflows(allValues).map(({ workflow }) => [workflow.id, workflow]));
	await n8n.importCredentials(loadExampleCredentials(allValues));
	await n8n.importWorkflows([...Object.values(examples), ...extraWorkflows(examples)]);
	return { root, n8n, fake, values: allValues, examples, outputDir, inputImage, inputImageBytes, inputMaskBytes };
}

/** A copy of a workflow under a new id (≤ 21 characters) and name, with `change(copy)` applied. */
export function deriveWorkflow(workflow, id, change) {
	const copy = structuredClone(workflow);
	copy.id = id;
	copy.name = `e2e: ${id}`;
	for (const node of copy.nodes) if (node.webhookId) node.webhookId = crypto.randomUUID();
	change(copy);
	return copy;
}

export function node(workflow, name) {
	const found = workflow.nodes.find((n) => n.name === name);
	assert.ok(found, `workflow ${workflow.id} has no node "${name}"`);
	return found;
}

// ---------- image checks, independent of the package's own sniffer ----------

/**
 * Decodes the container far enough to prove the file is a whole image: PNG chunks with valid CRCs and an
 * IDAT stream that inflates to exactly height × (1 + row bytes); JPEG segments from SOI through SOS to EOI.
 * Returns { type, width, height }.
 */
export function decodeImage(bytes) {
	const { readImageSize, crc32 } = fakeImages;
	const info = readImageSize(bytes);
	assert.ok(info, `not a PNG/JPEG/WebP/GIF (first bytes ${bytes.subarray(0, 8).toString('hex')})`);
	if (info.type === 'png') {
		let offset = 8;
		const idat = [];
		let bitDepth = 8;
		let colourType = 0;
		let sawEnd = false;
		while (offset < bytes.length) {
			const length = bytes.readUInt32BE(offset);
			const type = bytes.toString('ascii', offset + 4, offset + 8);
			const body = bytes.subarray(offset + 8, offset + 8 + length);
			const crc = bytes.readUInt32BE(offset + 8 + length);
			assert.equal(crc, crc32(bytes.subarray(offset + 4, offset + 8 + length)), `PNG chunk ${type} has a bad CRC`);
			if (type === 'IHDR') {
				bitDepth = body[8];
				colourType = body[9];
			}
			if (type === 'IDAT') idat.push(body);
			if (type === 'IEND') sawEnd = true;
			offset += 12 + length;
		}
		assert.ok(sawEnd, 'PNG has no IEND chunk');
		const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colourType];
		const rowBytes = Math.ceil((info.width * channels * bitDepth) / 8);
		const raw = zlib.inflateSync(Buffer.concat(idat));
		assert.equal(raw.length, info.height * (1 + rowBytes), 'PNG pixel data has the wrong length');
	} else if (info.type === 'jpeg') {
		assert.equal(bytes.readUInt16BE(0), 0xffd8, 'JPEG does not start with SOI');
		let offset = 2;
		let sawScan = false;
		while (offset + 4 <= bytes.length) {
			assert.equal(bytes[offset], 0xff, `JPEG segment marker expected at ${offset}`);
			const marker = bytes[offset + 1];
			const length = bytes.readUInt16BE(offset + 2);
			offset += 2 + length;
			if (marker === 0xda) {
				sawScan = true;
				break;
			}
		}
		assert.ok(sawScan, 'JPEG has no scan (SOS) segment');
		assert.equal(bytes.readUInt16BE(bytes.length - 2), 0xffd9, 'JPEG does not end with EOI');
	}
	return info;
}

/** Reads a written file and checks it decodes as `type` with the given dimensions. */
export function assertImageFile(file, { type, width, height }) {
	assert.ok(existsSync(file), `expected image file ${file}`);
	const info = decodeImage(readFileSync(file));
	assert.deepEqual({ type: info.type, width: info.width, height: info.height }, { type, width, height }, file);
	return info;
}

/** Explains a failed `n8n execute` in an assertion message. */
export function describeRun(result) {
	const error = result.run?.data?.resultData?.error;
	if (error) return `status ${result.run.status}: ${error.message} ${error.description ?? ''}`;
	return `exit ${result.code}, no run JSON\n${(result.stdout + result.stderr).slice(-4000)}`;
}

export function assertNoSecrets(text, values) {
	for (const secret of [values.JIMENG_API_KEY, values.VOLC_SECRET_ACCESS_KEY]) {
		assert.ok(!text.includes(secret), 'a secret appeared in n8n output');
	}
}

/**
 * POSTs a prompt to the example webhook (workflow 2) and checks the answer is the task's image, byte for byte,
 * made by exactly one paid submit carrying that prompt. Returns the submit call the fake recorded.
 */
export async function expectWebhookTaskImage(fake, port, prompt, timeoutMs) {
	const response = await request(`http://127.0.0.1:${port}/webhook/jimeng-generate`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ prompt }),
		headersTimeout: timeoutMs,
		bodyTimeout: timeoutMs,
	});
	const body = Buffer.from(await response.body.arrayBuffer());
	assert.equal(response.statusCode, 200, body.toString('utf8').slice(0, 1000));
	assert.match(String(response.headers['content-type']), /^image\/jpeg/);
	const info = decodeImage(body);
	assert.deepEqual([info.type, info.width, info.height], ['jpeg', 2048, 2048]);
	const [task] = fake.tasks.list();
	assert.ok(body.equals(fake.imageFor(`task-${task.id}-0-2048x2048.jpeg`)), 'body is the task image');
	assert.equal(fake.count('submit'), 1, 'one paid submit');
	const submit = fake.callsTo('submit')[0];
	assert.equal(submit.json.prompt, prompt);
	return submit;
}
