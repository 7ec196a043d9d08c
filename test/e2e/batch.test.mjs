// End-to-end, a batch: 40 items reach the Jimeng node at Concurrency 8 in a real n8n 2.40.7, against a
// relay that takes 500 ms per call. 40 images come out in item order, in well under the 20 s a
// sequential run needs, and the relay never sees more than 8 calls at once.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { nodeOutput } from '../../scripts/lib/n8n.mjs';
import { assertImageFile, assertNoSecrets, deriveWorkflow, describeRun, node, setUpN8n } from './support.mjs';

const ITEMS = 40;
const LATENCY_MS = 500;
const prompts = Array.from({ length: ITEMS }, (_, index) => `batch item ${index}`);

let env;

before(async () => {
	env = await setUpN8n('batch', {
		extraWorkflows: (examples) => [
			deriveWorkflow(examples.jimengGenerateToDisk, 'e2eBatch40', (wf) => {
				const generate = node(wf, 'Generate images');
				generate.parameters.prompt = '={{ $json.prompts }}';
				generate.parameters.options = { concurrency: 8 };
				wf.nodes = wf.nodes.filter((n) => n.name !== 'Every day at 9');
				delete wf.connections['Every day at 9'];
				wf.nodes.push(
					{
						id: '0b7c1d2e-0000-4000-8000-000000000001',
						name: 'Forty prompts',
						type: 'n8n-nodes-base.set',
						typeVersion: 3.4,
						position: [120, 0],
						parameters: { mode: 'raw', jsonOutput: JSON.stringify({ prompts }), options: {} },
					},
					{
						id: '0b7c1d2e-0000-4000-8000-000000000002',
						name: 'One item per prompt',
						type: 'n8n-nodes-base.splitOut',
						typeVersion: 1,
						position: [200, 0],
						parameters: { fieldToSplitOut: 'prompts', options: {} },
					},
				);
				wf.connections['Run manually'] = { main: [[{ node: 'Forty prompts', type: 'main', index: 0 }]] };
				wf.connections['Forty prompts'] = { main: [[{ node: 'One item per prompt', type: 'main', index: 0 }]] };
				wf.connections['One item per prompt'] = { main: [[{ node: 'Generate images', type: 'main', index: 0 }]] };
			}),
		],
	});
});

after(async () => {
	await env?.n8n.stopAll();
	await env?.fake.close();
});

describe('a batch in real n8n', () => {
	test(`${ITEMS} items at Concurrency 8: ${ITEMS} images in item order, far faster than one at a time`, async () => {
		env.fake.reset();
		const seen = { inFlight: 0, max: 0 };
		env.fake.override('generations', async (_call, { next }) => {
			seen.inFlight++;
			seen.max = Math.max(seen.max, seen.inFlight);
			try {
				await new Promise((resolve) => setTimeout(resolve, LATENCY_MS));
				return await next();
			} finally {
				seen.inFlight--;
			}
		});
		const result = await env.n8n.execute('e2eBatch40');
		assert.equal(result.run?.status, 'success', describeRun(result));

		assert.equal(env.fake.paidCalls(), ITEMS, 'one paid call per item');
		assert.equal(seen.max, 8, 'the relay saw 8 calls at once, never more');

		const generated = nodeOutput(result.run, 'Generate images');
		assert.equal(generated.length, ITEMS);
		const promptOfCall = new Map(env.fake.callsTo('generations').map((call) => [String(call.seq), call.json.prompt]));
		generated.forEach((item, index) => {
			assert.deepEqual(item.pairedItem, { item: index });
			const seq = /\/files\/gen-(\d+)-/.exec(String(item.json.url))?.[1];
			assert.equal(promptOfCall.get(seq), prompts[index], `output ${index} is the image generated for item ${index}`);
		});

		const written = nodeOutput(result.run, 'Write images to disk');
		assert.equal(written.length, ITEMS);
		for (const [index, item] of written.entries()) {
			assert.equal(path.basename(item.json.fileName).split('.')[0].endsWith(`-${index}`), true);
			assertImageFile(item.json.fileName, { type: 'jpeg', width: 2048, height: 2048 });
		}

		const [nodeRun] = result.run.data.resultData.runData['Generate images'];
		const sequentialMs = ITEMS * LATENCY_MS;
		console.log(`# Generate images: ${ITEMS} items in ${nodeRun.executionTime} ms (sequential floor ${sequentialMs} ms, concurrency-8 floor ${(ITEMS / 8) * LATENCY_MS} ms)`);
		assert.ok(nodeRun.executionTime < sequentialMs / 3, `took ${nodeRun.executionTime} ms, a sequential run needs ${sequentialMs} ms`);
		assertNoSecrets(result.stdout + result.stderr, env.values);
	});
});
