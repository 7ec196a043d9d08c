// End-to-end, queue mode: Redis (started here), `n8n start` as main and one `n8n worker`, both with the
// package installed. Webhook calls reach the main instance, the executions run on the worker, and the
// binary images reach the nodes after the Jimeng node (written to disk; returned by Respond to Webhook).
// Needs `redis-server` on PATH (Debian: apt-get install -y redis-server). E2E_SKIP_QUEUE=1 skips it, loudly.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { request } from 'undici';

import { freePort } from '../../scripts/lib/n8n.mjs';
import {
	assertImageFile,
	assertNoSecrets,
	deriveWorkflow,
	expectWebhookTaskImage,
	node,
	setUpN8n,
} from './support.mjs';

const SKIP = process.env.E2E_SKIP_QUEUE === '1' ? 'E2E_SKIP_QUEUE=1 was set: queue mode NOT tested' : false;

let env;
let redis;
let main;
let worker;
let port;

async function startRedis() {
	const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
	if (found.error) throw new Error('redis-server is not installed (Debian: apt-get install -y redis-server)');
	const redisPort = await freePort();
	const child = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const killOnExit = () => child.kill('SIGKILL');
	process.on('exit', killOnExit);
	let output = '';
	await new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 20_000);
		child.stdout.on('data', (chunk) => {
			output += chunk;
			if (/Ready to accept connections/.test(output)) {
				clearTimeout(timer);
				resolve();
			}
		});
		child.on('exit', (code) => reject(new Error(`redis-server exited (${code}):\n${output}`)));
	});
	return {
		port: redisPort,
		async stop() {
			if (child.exitCode !== null) return;
			child.kill('SIGTERM');
			await once(child, 'exit');
			process.off('exit', killOnExit);
		},
	};
}

describe('queue mode: n8n main + one worker + Redis', { skip: SKIP }, () => {
	before(async () => {
		redis = await startRedis();
		env = await setUpN8n('queue', {
			env: {
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: String(redis.port),
			},
			extraWorkflows: (examples) => [
				// the generate workflow with its manual trigger swapped for a webhook that answers with the last node's items
				deriveWorkflow(examples.jimengGenerateToDisk, 'e2eQueueGenerate', (wf) => {
					const trigger = node(wf, 'Run manually');
					Object.assign(trigger, {
						name: 'Webhook',
						type: 'n8n-nodes-base.webhook',
						typeVersion: 2,
						webhookId: crypto.randomUUID(),
						parameters: { httpMethod: 'POST', path: 'e2e-queue-generate', responseMode: 'lastNode', responseData: 'allEntries', options: {} },
					});
					wf.nodes = wf.nodes.filter((n) => n.name !== 'Every day at 9');
					wf.connections = {
						Webhook: wf.connections['Run manually'],
						'Generate images': wf.connections['Generate images'],
					};
				}),
			],
		});
		await env.n8n.publish('e2eQueueGenerate');
		await env.n8n.publish('jimengWebhookVolc');
		port = await freePort();
		main = await env.n8n.start({
			port,
			logFile: path.join(env.root, 'n8n-main.log'),
			webhooks: ['e2e-queue-generate', 'jimeng-generate'],
		});
		worker = await env.n8n.worker({ logFile: path.join(env.root, 'n8n-worker.log') });
	});

	after(async () => {
		await env?.n8n.stopAll();
		await env?.fake.close();
		await redis?.stop();
	});

	/** Execution ids the worker logged as started and finished. */
	function workerExecutions() {
		const started = [...worker.output().matchAll(/Worker started execution (\S+) \(job/g)].map((m) => m[1]);
		const finished = [...worker.output().matchAll(/Worker finished execution (\S+) \(job/g)].map((m) => m[1]);
		return { started, finished };
	}

	/** The worker logs "finished" a moment after Respond to Webhook has answered: wait for it. */
	async function waitForWorkerFinished(count, timeoutMs = 60_000) {
		const deadline = Date.now() + timeoutMs;
		while (workerExecutions().finished.length < count && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
		return workerExecutions();
	}

	test('the generate workflow runs on the worker and its images reach the Write node', async () => {
		env.fake.reset();
		const before = workerExecutions().finished.length;
		const response = await request(`http://127.0.0.1:${port}/webhook/e2e-queue-generate`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{}',
			headersTimeout: 180_000,
			bodyTimeout: 180_000,
		});
		const text = await response.body.text();
		assert.equal(response.statusCode, 200, text.slice(0, 1000));
		const items = JSON.parse(text);
		assert.equal(items.length, 2, text.slice(0, 1000));

		// the Write node (after the Jimeng node) wrote both images: binary data travelled through queue mode
		for (const item of items) assertImageFile(item.fileName, { type: 'jpeg', width: 2048, height: 2048 });
		assert.equal(new Set(items.map((item) => item.fileName)).size, 2);
		assert.equal(env.fake.count('generations'), 1, 'one paid call');

		// executed by the worker, not by main
		const { started, finished } = await waitForWorkerFinished(before + 1);
		assert.equal(finished.length, before + 1, `worker log:\n${worker.output().slice(-3000)}`);
		assert.ok(started.includes(finished.at(-1)));
		assert.doesNotMatch(main.output(), /Worker (started|finished) execution/);
		assertNoSecrets(main.output() + worker.output(), env.values);
	});

	test('Respond to Webhook returns the image bytes produced on the worker (Volcengine AK/SK)', async () => {
		env.fake.reset();
		const before = workerExecutions().finished.length;
		await expectWebhookTaskImage(env.fake, port, 'queue mode lighthouse', 180_000);
		const { started, finished } = await waitForWorkerFinished(before + 1);
		assert.equal(finished.length, before + 1, `the worker ran it; worker log:\n${worker.output().slice(-3000)}`);
		assert.ok(started.includes(finished.at(-1)));
		assert.doesNotMatch(main.output(), /Worker (started|finished) execution/);
	});
});
