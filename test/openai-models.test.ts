/**
 * The Model parameter's list: `GET {url}/models` through n8n-core's own load-options context (real
 * helpers, the credential's authenticate), filtered to image models, with the built-in fallback.
 */
import { LoadOptionsContext } from 'n8n-core';
import type { INode, INodeType, INodeTypes, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { JimengApi } from '../credentials/JimengApi.credentials';
import { Jimeng } from '../nodes/Jimeng/Jimeng.node';
import { FALLBACK_MODELS, selectImageModels } from '../nodes/Jimeng/methods/loadOptions';
import { HarnessCredentialsHelper } from './harness/credentialsHelper';
import { ensureEngine } from './harness/engine';
import { TEST_BEARER, useFakeUpstream } from './openai-support';

const fixture = useFakeUpstream();

async function searchModels(url: string, filter?: string) {
	await ensureEngine();
	const jimeng = new Jimeng();
	const nodeTypes: INodeTypes = {
		getByName: () => jimeng,
		getByNameAndVersion: () => jimeng as INodeType,
		getKnownTypes: () => ({}),
	};
	const node: INode = {
		id: 'jimeng',
		name: 'Jimeng',
		type: 'n8n-nodes-jimeng-seedream.jimeng',
		typeVersion: 1,
		position: [0, 0],
		parameters: { operation: 'generate' },
		credentials: { jimengApi: { id: 'cred', name: 'Jimeng API' } },
	};
	const workflow = new Workflow({
		id: 'models',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
	});
	const credentialsHelper = new HarnessCredentialsHelper([new JimengApi()], {
		jimengApi: { url, apiKey: TEST_BEARER },
	});
	const additionalData = { credentialsHelper } as unknown as IWorkflowExecuteAdditionalData;
	const context = new LoadOptionsContext(workflow, node, additionalData, 'model');
	const result = await jimeng.methods.listSearch.searchImageModels.call(context, filter);
	return { ids: result.results.map((entry) => entry.value), credentialsHelper };
}

describe('Model list', () => {
	test('keeps the image models the list declares, sends the Bearer key', async () => {
		const { fake } = fixture;
		const { ids } = await searchModels(`${fake.openaiBaseUrl}/`);
		expect(ids).toEqual([
			'doubao-seedream-4-0-250828',
			'doubao-seedream-4-5-251128',
			'gpt-image-2',
			'jimeng-3.0',
			'jimeng-4.0',
			'jimeng-4.5',
		]);
		const call = fake.lastCall('models')!;
		expect(call.path).toBe('/v1/models');
		expect(call.headers.authorization).toBe(`Bearer ${TEST_BEARER}`);
	});

	test('typing filters the list', async () => {
		const { fake } = fixture;
		const { ids } = await searchModels(fake.openaiBaseUrl, 'SEEDREAM');
		expect(ids).toEqual(['doubao-seedream-4-0-250828', 'doubao-seedream-4-5-251128']);
	});

	test('a list without capability fields is filtered by model names', async () => {
		const { fake } = fixture;
		fake.configure({
			openai: {
				models: [
					{ id: 'gpt-4o' },
					{ id: 'jimeng-4.1' },
					{ id: 'flux-dev' },
					{ id: 'deepseek-chat' },
				],
			},
		});
		const { ids } = await searchModels(fake.arkBaseUrl);
		expect(ids).toEqual(['flux-dev', 'jimeng-4.1']);
	});

	test('an endpoint without a model list gives the built-in fallback', async () => {
		const { fake } = fixture;
		fake.fault('models', { kind: 'http', status: 404, body: 'Not Found' });
		const { ids } = await searchModels(fake.openaiBaseUrl);
		expect(ids).toEqual(FALLBACK_MODELS);
	});
});

describe('selectImageModels', () => {
	test('Ark-style domain field', () => {
		expect(
			selectImageModels([
				{ id: 'doubao-seedream-4-5-251128', domain: 'ImageGeneration' },
				{ id: 'doubao-seed-1-6', domain: 'LLM' },
				{ id: 'doubao-seedance-1-0-pro', domain: 'VideoGeneration' },
			]),
		).toEqual(['doubao-seedream-4-5-251128']);
	});

	test('nothing recognisable keeps the whole list', () => {
		expect(selectImageModels([{ id: 'b-model' }, { id: 'a-model' }])).toEqual([
			'a-model',
			'b-model',
		]);
	});
});
