// The example workflows against the built node's description, without starting n8n: every parameter they
// set must be one the node shows for that backend/operation (a renamed parameter would otherwise be dropped
// silently by n8n and the example would run with defaults), and no required parameter may be missing.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';

import { NODE_TYPE, VISUAL_NODE_TYPE, loadExampleCredentials, loadExampleWorkflows } from '../../scripts/lib/n8n.mjs';
import { FAKE_PRICES, realUpstreamFromEnv } from '../../scripts/lib/upstream.mjs';
import { REPO_ROOT } from '../../scripts/tools.mjs';

const require = createRequire(import.meta.url);
const { NodeHelpers } = require('n8n-workflow');

const values = new Proxy({}, { has: () => true, get: (_, name) => `/placeholder/${String(name)}` });

function loadBuilt(relative, exportName) {
	const module = require(path.join(REPO_ROOT, 'dist', relative));
	return new module[exportName]();
}

const builtCredentialTypes = () => ({
	jimengApi: loadBuilt('credentials/JimengApi.credentials.js', 'JimengApi'),
	jimengVolcengineApi: loadBuilt('credentials/JimengVolcengineApi.credentials.js', 'JimengVolcengineApi'),
});

test('example workflows set only parameters the built node defines, and all it requires', () => {
	const nodes = {
		[NODE_TYPE]: { description: loadBuilt('nodes/Jimeng/Jimeng.node.js', 'Jimeng').description, credential: 'jimengApi' },
		[VISUAL_NODE_TYPE]: {
			description: loadBuilt('nodes/Jimeng/JimengVisual.node.js', 'JimengVisual').description,
			credential: 'jimengVolcengineApi',
		},
	};
	let checked = 0;
	for (const { file, workflow } of loadExampleWorkflows(values)) {
		for (const node of workflow.nodes.filter((n) => n.type in nodes)) {
			const { description, credential: expected } = nodes[node.type];
			const where = `${file} › ${node.name}`;
			const resolved = NodeHelpers.getNodeParameters(description.properties, node.parameters, true, false, node, description);
			for (const [key, value] of Object.entries(node.parameters)) {
				assert.ok(key in resolved, `${where}: parameter "${key}" is not shown for this node type/operation`);
				const shown = description.properties.filter(
					(p) => p.name === key && NodeHelpers.displayParameter(resolved, p, node, description),
				);
				assert.equal(shown.length, 1, `${where}: "${key}" is shown ${shown.length} times`);
				if (shown[0].type === 'collection') {
					const names = shown[0].options.map((option) => option.name);
					for (const subKey of Object.keys(value)) {
						assert.ok(names.includes(subKey), `${where}: option "${key}.${subKey}" does not exist (${names.join(', ')})`);
					}
				}
				// options loaded per model (loadOptionsMethod) have no static list to check against
				if (shown[0].type === 'options' && shown[0].options) {
					const allowed = shown[0].options.map((option) => option.value);
					assert.ok(allowed.includes(value), `${where}: "${key}" = ${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
				}
			}
			const issues = NodeHelpers.getNodeParametersIssues(description.properties, { ...node, parameters: resolved }, description);
			assert.equal(issues, null, `${where}: ${JSON.stringify(issues?.parameters)}`);
			const credentialName = Object.keys(node.credentials ?? {})[0];
			assert.equal(credentialName, expected, `${where}: credential type`);
			checked += 1;
		}
	}
	assert.equal(checked, 7, 'seven Jimeng nodes across the five examples');
});

test('example credentials match the built credential types', () => {
	const types = builtCredentialTypes();
	const credentials = loadExampleCredentials(values);
	assert.deepEqual(credentials.map((c) => c.type).sort(), Object.keys(types).sort());
	for (const credential of credentials) {
		const fields = types[credential.type].properties.map((p) => p.name);
		assert.deepEqual(Object.keys(credential.data).sort(), [...fields].sort(), `${credential.id}: fields`);
	}
});

test('every JSON field of the example credentials holds a JSON object (the editor marks anything else red)', () => {
	const types = builtCredentialTypes();
	const real = realUpstreamFromEnv({ JIMENG_API_KEY: 'k', JIMENG_BASE_URL: 'https://relay.example/v1', VOLC_ACCESS_KEY_ID: 'a', VOLC_SECRET_ACCESS_KEY: 's' });
	const fake = { ...real.values, JIMENG_PRICES: FAKE_PRICES };
	let checked = 0;
	for (const placeholders of [fake, real.values]) {
		for (const credential of loadExampleCredentials(placeholders)) {
			for (const field of types[credential.type].properties.filter((p) => p.type === 'json')) {
				const value = JSON.parse(credential.data[field.name]);
				assert.equal(typeof value, 'object', `${credential.id}.${field.name}`);
				assert.ok(value && !Array.isArray(value), `${credential.id}.${field.name}`);
				checked++;
			}
		}
	}
	assert.equal(checked, 4, 'Prices of both example credentials, with the fake and with real keys');
});
