// End-to-end, regular mode: a real n8n 2.40.7 on Node 24 loads the built package from its community-nodes
// folder and runs every example workflow against the fake upstream. Assertions are on what n8n produced
// (files on disk, the webhook's HTTP answer, the run data) and on what the fake upstream received.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { request } from 'undici';

import { freePort, nodeOutput } from '../../scripts/lib/n8n.mjs';
import {
	assertImageFile,
	assertNoSecrets,
	deriveWorkflow,
	describeRun,
	expectWebhookTaskImage,
	node,
	setUpN8n,
} from './support.mjs';

/** An upstream refusal in the OpenAI/Ark error envelope (what Ark answers for a moderated output). */
const REFUSAL = {
	status: 400,
	body: {
		error: {
			code: 'OutputImageSensitiveContentDetected',
			message: 'The request failed because the output image may contain sensitive information.',
			param: '',
			type: 'BadRequest',
		},
	},
};

let env;

/** Credentials of the two fake relays that answer with a task (test/fake-upstream/relayTasks.js). */
const RELAY_CREDENTIALS = {
	apimart: { id: 'e2eApimartRelay', name: 'APIMart relay (fake)' },
	sub2api: { id: 'e2eSub2apiRelay', name: 'sub2api relay (fake)' },
};
const TWO_MODELS = ['doubao-seedream-4-5-251128', 'doubao-seedream-4-0-250828'];
const RELAY_GENERATE = {
	operation: 'generate',
	model: { __rl: true, mode: 'list', value: 'doubao-seedream-4-5-251128' },
	prompt: 'a panda reading in a library',
	size: '2K',
};

before(async () => {
	env = await setUpN8n('regular', {
		extraWorkflows: (examples) => [
			// the generate workflow as is, run while the upstream refuses
			deriveWorkflow(examples.jimengGenerateToDisk, 'e2eGenerateFails', () => {}),
			// the same with the node's "On Error: Continue" and nothing after it
			deriveWorkflow(examples.jimengGenerateToDisk, 'e2eContinueOnFail', (wf) => {
				node(wf, 'Generate images').onError = 'continueRegularOutput';
				wf.nodes = wf.nodes.filter((n) => n.name !== 'Write images to disk');
				delete wf.connections['Generate images'];
			}),
			// Model By ID as an expression, two items with different models (n8n must not refuse the workflow)
			deriveWorkflow(examples.jimengGenerateToDisk, 'e2eModelExpression', (wf) => {
				const generate = node(wf, 'Generate images');
				generate.parameters = {
					operation: 'generate',
					model: { __rl: true, mode: 'id', value: '={{ $json.model }}' },
					prompt: '={{ "a panda, drawn by " + $json.model }}',
					size: 'size',
					customSize: '2048x2048',
					options: { sequentialImageGeneration: 'disabled' },
				};
				wf.nodes.push(
					{
						id: crypto.randomUUID(),
						name: 'Two models',
						type: 'n8n-nodes-base.set',
						typeVersion: 3.4,
						position: [130, 100],
						parameters: { mode: 'raw', jsonOutput: JSON.stringify({ model: TWO_MODELS }), options: {} },
					},
					{
						id: crypto.randomUUID(),
						name: 'One item per model',
						type: 'n8n-nodes-base.splitOut',
						typeVersion: 1,
						position: [190, 100],
						parameters: { fieldToSplitOut: 'model', options: {} },
					},
				);
				wf.connections['Run manually'] = { main: [[{ node: 'Two models', type: 'main', index: 0 }]] };
				wf.connections['Two models'] = { main: [[{ node: 'One item per model', type: 'main', index: 0 }]] };
				wf.connections['One item per model'] = { main: [[{ node: 'Generate images', type: 'main', index: 0 }]] };
			}),
			// a relay that answers with a task (APIMart): Generate waits for it
			deriveWorkflow(examples.jimengGenerateToDisk, 'e2eRelayApimart', (wf) => {
				const generate = node(wf, 'Generate images');
				generate.parameters = { ...RELAY_GENERATE, options: { watermark: false } };
				generate.credentials = { jimengApi: RELAY_CREDENTIALS.apimart };
			}),
			// sub2api's async endpoint, split into Submit Task → Wait for Result
			deriveWorkflow(examples.jimengGenerateToDisk, 'e2eRelaySub2api', (wf) => {
				const submit = node(wf, 'Generate images');
				submit.parameters = { ...RELAY_GENERATE, operation: 'submitTask', options: { asyncEndpoint: true } };
				submit.credentials = { jimengApi: RELAY_CREDENTIALS.sub2api };
				wf.nodes.push({
					...structuredClone(submit),
					id: crypto.randomUUID(),
					name: 'Wait for the task',
					position: [390, 100],
					parameters: {
						operation: 'waitForResult',
						taskId: '={{ $json.taskId }}',
						pollPath: '={{ $json.pollPath }}',
						taskModel: '={{ $json.model }}',
						options: {},
					},
				});
				wf.connections['Generate images'] = { main: [[{ node: 'Wait for the task', type: 'main', index: 0 }]] };
				wf.connections['Wait for the task'] = { main: [[{ node: 'Write images to disk', type: 'main', index: 0 }]] };
			}),
		],
	});
	await env.n8n.importCredentials(
		Object.entries(RELAY_CREDENTIALS).map(([relay, { id, name }]) => ({
			id,
			name,
			type: 'jimengApi',
			data: { url: env.fake.relayBaseUrl(relay), apiKey: env.values.JIMENG_API_KEY, prices: '{}' },
		})),
	);
});

after(async () => {
	await env?.n8n.stopAll();
	await env?.fake.close();
});

describe('example workflows in real n8n (regular mode)', () => {
	test('1. generate (Bearer, Seedream group) writes every image to disk', async () => {
		env.fake.reset();
		const result = await env.n8n.execute('jimengGenerateToDisk');
		assert.equal(result.run?.status, 'success', describeRun(result));

		// one paid call for the one input item, carrying the workflow's parameters and the Bearer key
		assert.equal(env.fake.count('generations'), 1);
		assert.equal(env.fake.paidCalls(), 1);
		const call = env.fake.lastCall('generations');
		assert.equal(call.headers.authorization, `Bearer ${env.values.JIMENG_API_KEY}`);
		assert.equal(call.json.model, 'doubao-seedream-4-5-251128');
		assert.equal(call.json.prompt, node(env.examples.jimengGenerateToDisk, 'Generate images').parameters.prompt);
		assert.equal(call.json.sequential_image_generation, 'auto');
		assert.equal(call.json.sequential_image_generation_options?.max_images, 2);
		assert.equal(call.json.size, '2K');

		const generated = nodeOutput(result.run, 'Generate images');
		assert.equal(generated.length, 2, 'one item per image');
		generated.forEach((item, index) => {
			assert.equal(item.json.index, index);
			assert.equal(item.binary?.data?.mimeType, 'image/jpeg');
			assert.deepEqual(item.pairedItem, { item: 0 });
			// Ark's usage.generated_images (2) × the example credential's price (0.25 CNY per image)
			assert.deepEqual(item.json.cost, {
				amount: 0.25,
				currency: 'CNY',
				basis: 'image',
				units: { images: 1, calls: 0.5, outputTokens: 16384 }, // each item half of the one call
				estimated: true,
				priceSource: 'credential',
			});
		});
		assert.deepEqual(result.run.data.resultData.metadata, {
			jimeng_images: '2',
			jimeng_cost_CNY: '0.5',
			jimeng_cost_estimated: 'true',
		});

		const written = nodeOutput(result.run, 'Write images to disk');
		assert.equal(written.length, 2);
		const files = written.map((item) => item.json.fileName);
		assert.equal(new Set(files).size, 2, 'two distinct files');
		for (const file of files) {
			assert.equal(path.dirname(file), env.outputDir);
			assertImageFile(file, { type: 'jpeg', width: 2048, height: 2048 });
		}
		assertNoSecrets(result.stdout + result.stderr, env.values);
	});

	test('3. edit uploads the previous node\'s binary as multipart and writes the result', async () => {
		env.fake.reset();
		const result = await env.n8n.execute('jimengEditToDisk');
		assert.equal(result.run?.status, 'success', describeRun(result));

		assert.equal(env.fake.count('edits'), 1);
		assert.equal(env.fake.paidCalls(), 1);
		const call = env.fake.lastCall('edits');
		assert.match(String(call.headers['content-type']), /^multipart\/form-data; boundary=/);
		const image = call.multipart.files.find((file) => file.field === 'image' || file.name === 'image');
		assert.ok(image, `multipart has an "image" file part (got ${JSON.stringify(call.multipart.files.map((f) => f.field ?? f.name))})`);
		assert.ok(Buffer.from(image.data).equals(env.inputImageBytes), 'the uploaded bytes are the file read by the previous node');
		assert.equal(call.multipart.fields.prompt, node(env.examples.jimengEditToDisk, 'Edit image').parameters.prompt);

		const written = nodeOutput(result.run, 'Write edited image');
		assert.equal(written.length, 1);
		assertImageFile(written[0].json.fileName, { type: 'png', width: 1024, height: 1024 });
	});

	test('5. reads an image and its mask, inpaints, upscales to 4K and writes the result', async () => {
		env.fake.reset();
		const result = await env.n8n.execute('jimengInpaintUpscale');
		assert.equal(result.run?.status, 'success', describeRun(result));

		// two paid submits, both signed: the inpaint with the bytes read from disk, then the upscale of its output
		const submits = env.fake.callsTo('submit');
		assert.equal(submits.length, 2);
		assert.equal(env.fake.paidCalls(), 2);
		for (const submit of submits) assert.ok(submit.signature?.ok, 'signed with the example AK/SK');
		const [inpaint, upscale] = submits.map((call) => call.json);
		assert.equal(inpaint.req_key, 'jimeng_image2image_dream_inpaint');
		assert.deepEqual(inpaint.binary_data_base64, [
			env.inputImageBytes.toString('base64'),
			env.inputMaskBytes.toString('base64'),
		]);
		assert.equal(inpaint.prompt, node(env.examples.jimengInpaintUpscale, 'Inpaint').parameters.prompt);
		assert.equal(upscale.req_key, 'jimeng_i2i_seed3_tilesr_cvtob');
		assert.equal(upscale.resolution, '4k');
		// the upscale sent exactly the image the inpaint task produced (downloaded into n8n's binary store)
		const inpaintTask = submits[0].taskId;
		assert.deepEqual(upscale.binary_data_base64, [
			env.fake.imageFor(`task-${inpaintTask}-0-640x480.jpeg`).toString('base64'),
		]);
		assert.deepEqual(env.fake.callsTo('submit')[1].inputImages.map(({ type, width, height }) => ({ type, width, height })), [
			{ type: 'jpeg', width: 640, height: 480 },
		]);

		const written = nodeOutput(result.run, 'Write upscaled image');
		assert.equal(written.length, 1);
		assert.deepEqual(written[0].pairedItem, { item: 0 });
		assertImageFile(written[0].json.fileName, { type: 'png', width: 4096, height: 3072 });
		assertNoSecrets(result.stdout + result.stderr, env.values);
	});

	test('4. submit → Wait → check once loops until done, then writes the images', async () => {
		env.fake.reset();
		const result = await env.n8n.execute('jimengSubmitWaitLoop');
		assert.equal(result.run?.status, 'success', describeRun(result));

		// exactly one paid submit; the fake task went in_queue → generating → done, one status per check
		assert.equal(env.fake.count('submit'), 1);
		assert.equal(env.fake.paidCalls(), 1);
		assert.ok(env.fake.callsTo('submit')[0].signature?.ok, 'the submit carried a valid V4 signature');
		const [task] = env.fake.tasks.list();
		assert.equal(task.status, 'done');

		const checks = result.run.data.resultData.runData['Check task once'];
		const statuses = checks.map((runOfNode) => runOfNode.data.main[0][0].json.status);
		assert.deepEqual(statuses, ['in_queue', 'generating', 'done']);
		assert.equal(env.fake.count('getResult'), 3);
		assert.equal(result.run.data.resultData.runData['Wait 3 seconds'].length, 3);

		const submitted = nodeOutput(result.run, 'Submit task')[0].json;
		assert.equal(typeof submitted.taskId, 'string');
		assert.equal(submitted.taskId, task.id);

		const written = nodeOutput(result.run, 'Write images to disk');
		assert.equal(written.length, 1);
		assert.equal(written[0].json.taskId, task.id);
		assertImageFile(written[0].json.fileName, { type: 'jpeg', width: 2048, height: 2048 });
	});

	test('a refusing upstream fails the execution with the node\'s message', async (t) => {
		env.fake.reset();
		env.fake.fault('generations', { kind: 'http', status: REFUSAL.status, body: REFUSAL.body });
		const result = await env.n8n.execute('e2eGenerateFails');
		assert.notEqual(result.code, 0, 'n8n execute exits non-zero');
		assert.equal(result.run?.status, 'error', describeRun(result));
		const error = result.run.data.resultData.error;
		assert.equal(result.run.data.resultData.lastNodeExecuted, 'Generate images');
		const text = `${error.message}\n${error.description ?? ''}`;
		t.diagnostic(`n8n reported: ${text.replace(/\n/g, ' | ')}`);
		// the node's own sentence, the upstream's code and message, and what to do about it
		assert.match(error.message, /HTTP 400/, text);
		assert.match(error.message, /OutputImageSensitiveContentDetected/, text);
		assert.match(error.message, /may contain sensitive information/, text);
		assert.match(error.description ?? '', /moderation/i, text);
		assert.equal(env.fake.count('generations'), 1, 'a refused generation is not retried');
		assert.equal(nodeOutput(result.run, 'Write images to disk'), undefined, 'nothing downstream ran');
		assertNoSecrets(result.stdout + result.stderr, env.values);
	});

	test('Model By ID as an expression: two items, two models, one image each, nothing refused by n8n', async () => {
		env.fake.reset();
		const result = await env.n8n.execute('e2eModelExpression');
		assert.equal(result.run?.status, 'success', describeRun(result));
		assert.deepEqual(
			env.fake.callsTo('generations').map((call) => call.json.model).sort(),
			[...TWO_MODELS].sort(),
		);
		const images = nodeOutput(result.run, 'Generate images');
		assert.deepEqual(
			images.map((item) => [item.pairedItem.item, item.json.model]),
			TWO_MODELS.map((model, index) => [index, model]),
		);
		const written = nodeOutput(result.run, 'Write images to disk');
		assert.equal(written.length, 2);
		for (const item of written) assertImageFile(item.json.fileName, { type: 'jpeg', width: 2048, height: 2048 });
	});

	for (const relay of ['apimart', 'sub2api']) {
		test(`a relay that answers with a task (${relay}): one paid call, polled until done, images on disk`, async () => {
			env.fake.reset();
			const result = await env.n8n.execute(relay === 'apimart' ? 'e2eRelayApimart' : 'e2eRelaySub2api');
			assert.equal(result.run?.status, 'success', describeRun(result));
			assert.equal(env.fake.paidCalls(), 1);
			const [task] = env.fake.relayTasks.list();
			assert.ok(task && task.polls >= 1, 'the task was polled');
			if (relay === 'sub2api') assert.match(env.fake.lastCall('generations').path, /\/images\/generations\/async$/);
			const images = nodeOutput(result.run, relay === 'apimart' ? 'Generate images' : 'Wait for the task');
			assert.equal(images.length, 1);
			assert.equal(images[0].json.taskId, task.id);
			assert.deepEqual(images[0].pairedItem, { item: 0 });
			const written = nodeOutput(result.run, 'Write images to disk');
			assert.equal(written.length, 1);
			assertImageFile(written[0].json.fileName, { type: 'jpeg', width: 2048, height: 2048 });
			assertNoSecrets(result.stdout + result.stderr, env.values);
		});
	}

	test('with "On Error: Continue" the refusal becomes an error item paired with its input', async () => {
		env.fake.reset();
		env.fake.fault('generations', { kind: 'http', status: REFUSAL.status, body: REFUSAL.body });
		const result = await env.n8n.execute('e2eContinueOnFail');
		assert.equal(result.run?.status, 'success', describeRun(result));
		const items = nodeOutput(result.run, 'Generate images');
		assert.equal(items.length, 1);
		assert.match(JSON.stringify(items[0].json.error), /may contain sensitive information/);
		assert.equal(items[0].binary, undefined);
		assert.deepEqual(items[0].pairedItem, { item: 0 });
		assert.equal(env.fake.count('generations'), 1);
	});
});

describe('n8n start: production webhook, editor REST API, credential tests', () => {
	let server;
	let port;
	let cookie;

	// a web site that is not an API: its pages are HTML, /models included; nothing under /missing/
	const htmlSite = { server: undefined, url: '' };

	before(async () => {
		htmlSite.server = http.createServer((req, res) => {
			if (req.url.startsWith('/missing/')) {
				res.writeHead(404, { 'content-type': 'text/plain' });
				res.end('Not Found');
				return;
			}
			res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
			res.end('<!DOCTYPE html><html><body><h1>Welcome to our AI site</h1></body></html>');
		});
		await new Promise((resolve) => htmlSite.server.listen(0, '127.0.0.1', resolve));
		htmlSite.url = `http://127.0.0.1:${htmlSite.server.address().port}`;
		await env.n8n.publish('jimengWebhookVolc');
		port = await freePort();
		server = await env.n8n.start({
			port,
			logFile: path.join(env.root, 'n8n-start.log'),
			webhooks: ['jimeng-generate'],
		});
	});

	after(async () => {
		await server?.stop();
		htmlSite.server?.close();
	});

	/** JSON from n8n's internal REST API, as the editor calls it (session cookie after owner set-up). */
	async function rest(method, urlPath, body) {
		const response = await request(`http://127.0.0.1:${port}${urlPath}`, {
			method,
			headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = response.headers['set-cookie'];
		if (setCookie) cookie = [].concat(setCookie).map((c) => c.split(';')[0]).join('; ');
		const text = await response.body.text();
		assert.equal(response.statusCode, 200, `${method} ${urlPath}: ${text.slice(0, 500)}`);
		return JSON.parse(text);
	}

	test('2. webhook → generate (Volcengine AK/SK) → Respond to Webhook answers with the image bytes', async () => {
		env.fake.reset();
		const submit = await expectWebhookTaskImage(env.fake, port, 'a red fox in fresh snow', 120_000);
		assert.ok(submit.signature?.ok, 'signed with the example AK/SK');
		assert.equal(submit.json.req_key, 'jimeng_t2i_v40');
		assertNoSecrets(server.output(), env.values);
	});

	test('the editor lists both node types, their AI-tool variants, both credentials and the five examples', async () => {
		await rest('POST', '/rest/owner/setup', {
			email: 'e2e@example.com',
			firstName: 'E2E',
			lastName: 'Tester',
			password: `E2e-${crypto.randomUUID()}`,
		});
		const nodeTypes = (await rest('GET', '/types/nodes.json')).map((type) => type.name);
		for (const type of ['jimeng', 'jimengVisual']) {
			assert.ok(nodeTypes.includes(`n8n-nodes-jimeng-seedream.${type}`), `node type ${type} loaded from the community folder`);
			assert.ok(nodeTypes.includes(`n8n-nodes-jimeng-seedream.${type}Tool`), `usableAsTool gives ${type} a Tool variant`);
		}
		const credentialTypes = (await rest('GET', '/types/credentials.json')).map((type) => type.name);
		assert.ok(credentialTypes.includes('jimengApi'));
		assert.ok(credentialTypes.includes('jimengVolcengineApi'));
		const workflows = (await rest('GET', '/rest/workflows')).data.map((wf) => wf.id);
		for (const id of ['jimengGenerateToDisk', 'jimengWebhookVolc', 'jimengEditToDisk', 'jimengSubmitWaitLoop', 'jimengInpaintUpscale']) {
			assert.ok(workflows.includes(id), `workflow ${id} imported`);
		}
	});

	test('example 1\'s cost totals are in its execution\'s custom data, read through the REST API', async (t) => {
		// the owner was set up by the test above; the CLI runs of example 1 are in the same database
		const list = await rest('GET', `/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: 'jimengGenerateToDisk', status: ['success'] }))}`);
		const ids = list.data.results.map((execution) => execution.id);
		assert.ok(ids.length > 0, 'example 1 has a successful execution');
		const execution = (await rest('GET', `/rest/executions/${ids[ids.length - 1]}`)).data;
		t.diagnostic(`execution ${execution.id} customData: ${JSON.stringify(execution.customData)}`);
		assert.deepEqual(execution.customData, {
			jimeng_images: '2',
			jimeng_cost_CNY: '0.5',
			jimeng_cost_estimated: 'true',
		});
	});

	test('the credential test button: good keys pass, bad keys fail with the upstream\'s reason', async () => {
		const v = env.values;
		// as the editor sends it: the stored credential's id with the form's values
		const ids = { jimengApi: 'jimengBearerExample', jimengVolcengineApi: 'jimengVolcExample' };
		const testCredential = async (type, data) =>
			(await rest('POST', '/rest/credentials/test', { credentials: { id: ids[type], name: 'e2e', type, data } })).data;
		assert.deepEqual(await testCredential('jimengApi', { url: v.JIMENG_BASE_URL, apiKey: v.JIMENG_API_KEY }), {
			status: 'OK',
			message: 'Connection successful!',
		});
		const badBearer = await testCredential('jimengApi', { url: v.JIMENG_BASE_URL, apiKey: 'sk-not-the-key' });
		assert.equal(badBearer.status, 'Error');
		assert.match(badBearer.message, /refused the API key \(HTTP 401\)/);
		// each way a Bearer credential goes wrong gets its own words
		const bearerCases = [
			[{ apiKey: `Bearer ${v.JIMENG_API_KEY}` }, /starts with "Bearer "\. Enter only the key itself/],
			[{ apiKey: `${v.JIMENG_API_KEY.slice(0, 6)} ${v.JIMENG_API_KEY.slice(6)}` }, /contains a space or a line break/],
			[{ url: `${htmlSite.url}/missing` }, /Nothing answers at Base URL \+ \/models \(HTTP 404\): the Base URL is probably not the API root/],
			[{ url: v.JIMENG_BASE_URL.replace(/\/v1$/, '/nothing-here') }, /Nothing answers at Base URL \+ \/models \(HTTP 404\)/],
			[{ url: `${htmlSite.url}/` }, /answered with a web page, not the API/],
			[{ url: `http://127.0.0.1:${await freePort()}/v1` }, /ECONNREFUSED/],
		];
		for (const [change, expected] of bearerCases) {
			const answer = await testCredential('jimengApi', { url: v.JIMENG_BASE_URL, apiKey: v.JIMENG_API_KEY, ...change });
			assert.equal(answer.status, 'Error', JSON.stringify(change));
			assert.match(answer.message, expected);
			assert.ok(!answer.message.includes(v.JIMENG_API_KEY.slice(6)), 'the key is not echoed');
		}

		const volc = {
			accessKeyId: v.VOLC_ACCESS_KEY_ID,
			secretAccessKey: v.VOLC_SECRET_ACCESS_KEY,
			sessionToken: '',
			region: v.VOLC_REGION,
			endpoint: v.VOLC_ENDPOINT,
		};
		assert.equal((await testCredential('jimengVolcengineApi', volc)).status, 'OK');
		const badSecret = await testCredential('jimengVolcengineApi', { ...volc, secretAccessKey: 'not-the-secret' });
		assert.equal(badSecret.status, 'Error');
		assert.match(badSecret.message, /SignatureDoesNotMatch/);
		assert.ok(!badSecret.message.includes('not-the-secret'), 'the secret is not echoed');
		const badKeyId = await testCredential('jimengVolcengineApi', { ...volc, accessKeyId: 'AKLTunknown' });
		assert.match(badKeyId.message, /InvalidAccessKey/);
	});
});
