// Per-item overhead in a real n8n, side by side with n8n's own OpenAI node in the same run: 200 items (the
// prompt an expression of each item), an OpenAI-style relay that answers at once with an image URL, each node
// in its own `n8n execute`. Figures from n8n's own run data (the node's startTime and executionTime) and the
// fake's clock (when the first paid call arrived). Needs the n8n of `.tools/` (`node scripts/tools.mjs`, or a
// first `npm run demo`); without it this part says so and is skipped.
//   node bench/openaiNode.mjs [--rounds=3]

import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

import { N8n, NODE_TYPE, installPackage, nodeOutput, packPackage } from '../scripts/lib/n8n.mjs';
import { startFakeUpstream } from '../scripts/lib/upstream.mjs';
import { N8N_BIN, N8N_VERSION, REPO_ROOT, run } from '../scripts/tools.mjs';

const ITEMS = 200;
const ROUNDS = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 3);
const WORK = path.join(REPO_ROOT, '.bench', 'openai-node');

if (!existsSync(N8N_BIN)) {
	console.log(`7. Real n8n beside n8n's OpenAI node: skipped (no n8n ${N8N_VERSION} in .tools/; \`node scripts/tools.mjs\` installs it)`);
	process.exit(0);
}

const prompts = Array.from({ length: ITEMS }, (_, index) => `a red apple, item ${index}`);

/** Manual trigger → 200 prompts → one item each → `node`. */
function workflow(id, node) {
	const at = (n) => [n * 220, 0];
	return {
		id,
		name: `bench: ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		nodes: [
			{ id: `${id}-1`, name: 'Run', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: at(0), parameters: {} },
			{ id: `${id}-2`, name: 'Prompts', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: at(1), parameters: { mode: 'raw', jsonOutput: JSON.stringify({ prompts }), options: {} } },
			{ id: `${id}-3`, name: 'One item per prompt', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: at(2), parameters: { fieldToSplitOut: 'prompts', options: {} } },
			{ id: `${id}-4`, name: 'Image', position: at(3), ...node },
		],
		connections: {
			Run: { main: [[{ node: 'Prompts', type: 'main', index: 0 }]] },
			Prompts: { main: [[{ node: 'One item per prompt', type: 'main', index: 0 }]] },
			'One item per prompt': { main: [[{ node: 'Image', type: 'main', index: 0 }]] },
		},
	};
}

// Both ask for one 1024x1024 image per item as a URL and put out one item per image, no download.
const jimeng = (concurrency) => ({
	type: NODE_TYPE,
	typeVersion: 1,
	parameters: {
		operation: 'generate',
		model: { __rl: true, mode: 'id', value: 'jimeng-4.0' },
		prompt: '={{ $json.prompts }}',
		size: 'size',
		customSize: '1024x1024',
		options: { responseFormat: 'url', returnUrlsOnly: true, concurrency },
	},
	credentials: { jimengApi: { id: 'benchJimeng', name: 'bench Jimeng API' } },
});
const openAiNode = {
	type: '@n8n/n8n-nodes-langchain.openAi',
	typeVersion: 2.3,
	parameters: {
		resource: 'image',
		operation: 'generate',
		modelId: { __rl: true, mode: 'id', value: 'dall-e-2' },
		prompt: '={{ $json.prompts }}',
		options: { returnImageUrls: true, size: '1024x1024' },
	},
	credentials: { openAiApi: { id: 'benchOpenAi', name: 'bench OpenAI' } },
};
const rows = [
	{ label: "n8n's OpenAI node (Image → Generate, URLs)", id: 'benchOpenAiNode', node: openAiNode },
	{ label: 'Jimeng (API Key), Concurrency 1', id: 'benchJimengC1', node: jimeng(1) },
	{ label: 'Jimeng (API Key), Concurrency 2 (default)', id: 'benchJimengC2', node: jimeng(2) },
	{ label: 'Jimeng (API Key), Concurrency 8', id: 'benchJimengC8', node: jimeng(8) },
];

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (ms) => `${Math.round(ms)} ms`;

rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
await run('npm', ['run', 'build'], { quiet: true, label: 'npm run build' });
const userFolder = path.join(WORK, 'n8n');
await installPackage(userFolder, await packPackage(path.join(WORK, 'pack')));
const { fake, values } = await startFakeUpstream();
try {
	const n8n = new N8n({ userFolder });
	await n8n.importCredentials([
		{ id: 'benchJimeng', name: 'bench Jimeng API', type: 'jimengApi', data: { url: values.JIMENG_BASE_URL, apiKey: values.JIMENG_API_KEY, maxCallsInFlight: 0, prices: '{}' } },
		{ id: 'benchOpenAi', name: 'bench OpenAI', type: 'openAiApi', data: { apiKey: values.JIMENG_API_KEY, organizationId: '', url: values.JIMENG_BASE_URL, header: false } },
	]);
	await n8n.importWorkflows(rows.map((row) => workflow(row.id, row.node)));

	for (const row of rows) row.runs = [];
	for (let round = 0; round < ROUNDS; round++) {
		for (const row of rows) {
			fake.reset();
			const result = await n8n.execute(row.id);
			const output = nodeOutput(result.run, 'Image');
			const calls = fake.callsTo('generations');
			if (result.run?.status !== 'success' || output?.length !== ITEMS || calls.length !== ITEMS) {
				throw new Error(`${row.label}: ${result.run?.status ?? `exit ${result.code}`}, ${output?.length} items, ${calls.length} calls\n${(result.stdout + result.stderr).slice(-2000)}`);
			}
			output.forEach((item, index) => {
				if (typeof item.json.url !== 'string' || item.pairedItem?.item !== index) throw new Error(`${row.label}: item ${index} has no URL or is out of order`);
			});
			const [task] = result.run.data.resultData.runData.Image;
			row.runs.push({ first: Math.min(...calls.map((c) => c.time)) - task.startTime, whole: task.executionTime });
		}
	}
} finally {
	await fake.close();
}

const anchor = median(rows[0].runs.map((r) => r.whole));
console.log(`7. Real n8n ${N8N_VERSION} beside n8n's OpenAI node: ${ITEMS} items, the prompt an expression, 0 ms upstream, one URL per item;`);
console.log(`   median of ${ROUNDS} runs each (a fresh \`n8n execute\` per run, in turn); from n8n's run data and the fake's clock. Targets: first call ≤ 300 ms, whole run ≤ 0.5 × the OpenAI node`);
console.log(['node', 'first paid call after the node started', 'node run (executionTime)', 'vs the OpenAI node'].join(' | '));
for (const row of rows) {
	const whole = median(row.runs.map((r) => r.whole));
	console.log([row.label, fmt(median(row.runs.map((r) => r.first))), fmt(whole), `${(whole / anchor).toFixed(2)} ×`].join(' | '));
}
rmSync(WORK, { recursive: true, force: true });
