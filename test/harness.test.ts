/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Proves the harness runs nodes in n8n's real engine: a test-only node calls n8n's real helpers
 * against a local HTTP server, and the package's own Jimeng node runs through the same path.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type {
	IAuthenticateGeneric,
	ICredentialType,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError, sleep } from 'n8n-workflow';

import { findSecretLeaks, runJimeng, runNode } from './harness/runNode';

/** A made-up key ("dummy" keeps the secret linter quiet); it must never leave the Authorization header. */
const API_KEY = 'sk-dummy-harness-0123456789';

interface SeenRequest {
	method?: string;
	url?: string;
	authorization?: string;
	body: string;
}

interface Answer {
	status: number;
	body: unknown;
	/** Hold the answer this long (the server stays silent meanwhile). */
	delayMs?: number;
}

/** An HTTP server on 127.0.0.1, ephemeral port, recording every request; `reply` picks the answer. */
async function startServer(reply: (req: IncomingMessage, body: string, index: number) => Answer) {
	const seen: SeenRequest[] = [];
	let onRequest: () => void = () => {};
	const firstRequest = new Promise<void>((resolve) => (onRequest = resolve));
	const timers: NodeJS.Timeout[] = [];
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization, body });
			const answer = reply(req, body, seen.length - 1);
			const send = () => {
				if (res.destroyed) return;
				res.writeHead(answer.status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(answer.body));
			};
			if (answer.delayMs) timers.push(setTimeout(send, answer.delayMs));
			else send();
			onRequest();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/v1`,
		seen,
		firstRequest,
		close: async () => {
			timers.forEach(clearTimeout);
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

type Servers = Awaited<ReturnType<typeof startServer>>;
const servers: Servers[] = [];
async function server(reply: Parameters<typeof startServer>[0]) {
	const started = await startServer(reply);
	servers.push(started);
	return started;
}
afterEach(async () => {
	await Promise.all(servers.splice(0).map(async (s) => await s.close()));
});

interface Probe {
	/** Called when the node starts sleeping (mode `sleep`). */
	onSleep?: () => void;
	/** Whether the execution's abort signal had fired when the node's sleep ended. */
	sawAbort?: boolean;
}

/** Fetches a URL with the plain helper (no credential) into a binary item, like an image download. */
async function download(ctx: IExecuteFunctions, itemIndex: number, url: string): Promise<INodeExecutionData> {
	const response = (await ctx.helpers.httpRequest({ url, encoding: 'arraybuffer', returnFullResponse: true })) as {
		body: Buffer;
		headers: Record<string, string>;
	};
	const binary = await ctx.helpers.prepareBinaryData(
		Buffer.from(response.body),
		'download.bin',
		response.headers['content-type'],
	);
	return { json: {}, binary: { data: binary }, pairedItem: { item: itemIndex } };
}

/**
 * Test-only node, per item:
 * - mode `http`: POST `{credential url}/echo` with the item's prompt through httpRequestWithAuthentication
 *   (the credential named by parameter `credential`, default jimengApi), output the answer;
 * - mode `binary`: read the item's `data` binary, output its bytes reversed as a new binary;
 * - mode `sleep`: sleep 10 s on the execution's cancel signal;
 * - mode `download`: GET the item's `url` with the plain httpRequest helper into a binary;
 * - mode `volcengineDefaults`: output `region` and `endpoint` of the jimengVolcengineApi credential.
 * Errors follow n8n's canonical loop: continueOnFail → `{ error }` item paired with its input.
 */
function probeNode(probe: Probe = {}): INodeType {
	return {
		description: {
			displayName: 'Harness Probe',
			name: 'harnessProbe',
			group: ['transform'],
			version: 1,
			description: 'Test-only node',
			defaults: { name: 'Probe' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: 'jimengApi' }, { name: 'jimengVolcengineApi' }, { name: 'probeHeaderApi' }],
			properties: [
				{ displayName: 'Mode', name: 'mode', type: 'string', default: 'http' },
				{ displayName: 'Credential', name: 'credential', type: 'string', default: 'jimengApi' },
				{ displayName: 'Label', name: 'label', type: 'string', default: 'probe', required: true },
			],
		},
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const out: INodeExecutionData[] = [];
			const items = this.getInputData();
			for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
				try {
					const mode = this.getNodeParameter('mode', itemIndex) as string;
					if (mode === 'binary') {
						const meta = this.helpers.assertBinaryData(itemIndex, 'data');
						const bytes = await this.helpers.getBinaryDataBuffer(itemIndex, 'data');
						const stored = await this.helpers.prepareBinaryData(
							Buffer.from(bytes).reverse(),
							`reversed-${meta.fileName}`,
							meta.mimeType,
						);
						out.push({
							json: { inputSize: bytes.length, inputId: meta.id ?? null },
							binary: { data: stored },
							pairedItem: { item: itemIndex },
						});
						continue;
					}
					if (mode === 'sleep') {
						const signal = this.getExecutionCancelSignal();
						probe.onSleep?.();
						try {
							await sleep(10_000, signal);
						} finally {
							probe.sawAbort = signal?.aborted === true;
						}
						out.push({ json: { slept: true }, pairedItem: { item: itemIndex } });
						continue;
					}
					if (mode === 'download') {
						out.push(await download(this, itemIndex, items[itemIndex].json.url as string));
						continue;
					}
					if (mode === 'volcengineDefaults') {
						const { region, endpoint } = await this.getCredentials('jimengVolcengineApi');
						out.push({ json: { region, endpoint }, pairedItem: { item: itemIndex } });
						continue;
					}
					const credential = this.getNodeParameter('credential', itemIndex) as string;
					const { url } = await this.getCredentials<{ url: string }>(credential);
					this.logger.info('probe sends a request', { itemIndex });
					const response = (await this.helpers.httpRequestWithAuthentication.call(this, credential, {
						method: 'POST',
						url: `${url}/echo`,
						body: { prompt: items[itemIndex].json.prompt },
						json: true,
					})) as object;
					out.push({ json: { response }, pairedItem: { item: itemIndex } });
				} catch (error) {
					if (this.continueOnFail()) {
						out.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
						continue;
					}
					if (error instanceof NodeApiError) {
						error.context.itemIndex = itemIndex;
						// Re-wrapping a NodeApiError hands back the same instance.
						throw new NodeApiError(this.getNode(), error as unknown as JsonObject, { itemIndex });
					}
					throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
				}
			}
			return [out];
		},
	};
}

const credentials = (url: string) => ({ jimengApi: { url, apiKey: API_KEY } });

/** A credential in n8n's declarative (`generic`) form, to check the harness resolves its expressions. */
class ProbeHeaderApi implements ICredentialType {
	name = 'probeHeaderApi';

	displayName = 'Probe Header API';

	properties: INodeProperties[] = [
		{ displayName: 'URL', name: 'url', type: 'string', default: '' },
		{ displayName: 'Token', name: 'token', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Tenant', name: 'tenant', type: 'string', default: 'default-tenant' },
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { 'X-Probe-Token': '=T {{$credentials.token}}' },
			qs: { tenant: '={{$credentials.tenant}}' },
		},
	};
}

describe('runNode: a node inside n8n-core WorkflowExecute', () => {
	test('httpRequestWithAuthentication sends a real request carrying the credential', async () => {
		const upstream = await server((_req, body) => ({ status: 200, body: { ok: true, got: JSON.parse(body) } }));

		const result = await runNode(probeNode(), {
			parameters: { mode: 'http' },
			credentials: credentials(upstream.url),
			input: [{ json: { prompt: 'a cat' } }, { json: { prompt: '一只猫' } }],
		});

		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		expect(upstream.seen.map((r) => [r.method, r.url, r.authorization])).toEqual([
			['POST', '/v1/echo', `Bearer ${API_KEY}`],
			['POST', '/v1/echo', `Bearer ${API_KEY}`],
		]);
		expect(upstream.seen.map((r) => JSON.parse(r.body))).toEqual([{ prompt: 'a cat' }, { prompt: '一只猫' }]);
		expect(result.items.map((i) => i.json)).toEqual([
			{ response: { ok: true, got: { prompt: 'a cat' } } },
			{ response: { ok: true, got: { prompt: '一只猫' } } },
		]);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.authenticateCalls.map((c) => c.type)).toEqual(['jimengApi', 'jimengApi']);
		expect(result.logs).toContain('info: probe sends a request {"itemIndex":1}');
		expect(findSecretLeaks(result, [API_KEY])).toEqual([]);
	});

	test('a generic (declarative) credential has its expressions resolved, defaults included', async () => {
		const upstream = await server((req) => ({
			status: 200,
			body: { token: req.headers['x-probe-token'], url: req.url },
		}));

		const result = await runNode(probeNode(), {
			parameters: { mode: 'http', credential: 'probeHeaderApi' },
			credentials: { probeHeaderApi: { url: upstream.url, token: 'tok-1' } },
			credentialTypes: [new ProbeHeaderApi()],
		});

		expect(result.error).toBeUndefined();
		expect(result.items[0].json.response).toEqual({ token: 'T tok-1', url: '/v1/echo?tenant=default-tenant' });
	});

	test('credential data gets the credential type’s defaults, as n8n decrypts it', async () => {
		const result = await runNode(probeNode(), {
			parameters: { mode: 'volcengineDefaults' },
			credentials: { jimengVolcengineApi: { accessKeyId: 'AKLT-dummy', secretAccessKey: 'dummy-sk' } },
		});

		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ region: 'cn-north-1', endpoint: 'https://visual.volcengineapi.com' });
	});

	test('n8n refuses to start when a required parameter is empty; the node never runs', async () => {
		const upstream = await server(() => ({ status: 200, body: {} }));

		const result = await runNode(probeNode(), {
			parameters: { mode: 'http', label: '' },
			credentials: credentials(upstream.url),
		});

		expect(result.status).toBe('error');
		expect(result.run).toBeUndefined();
		expect(result.error?.name).toBe('WorkflowHasIssuesError');
		expect(result.error?.message).toContain('Label');
		expect(upstream.seen).toHaveLength(0);

		// An expression that resolves to an empty value passes n8n's check: the node itself sees ''.
		const viaExpression = await runNode(probeNode(), {
			parameters: { mode: 'http', label: '={{ $json.label }}' },
			credentials: credentials(upstream.url),
			input: [{ json: { label: '' } }],
		});
		expect(viaExpression.error).toBeUndefined();
		expect(upstream.seen).toHaveLength(1);
	});

	test('plain httpRequest downloads bytes without any credential', async () => {
		const upstream = await server(() => ({ status: 200, body: { pixels: [1, 2, 3] } }));

		const result = await runNode(probeNode(), {
			parameters: { mode: 'download' },
			input: [{ json: { url: `${upstream.url}/image.png?sig=abc` } }],
		});

		expect(result.error).toBeUndefined();
		expect(upstream.seen.map((r) => [r.method, r.url, r.authorization])).toEqual([
			['GET', '/v1/image.png?sig=abc', undefined],
		]);
		expect(result.items[0].binary?.data.buffer.toString()).toBe('{"pixels":[1,2,3]}');
		expect(result.items[0].binary?.data.mimeType).toBe('application/json');
		expect(result.authenticateCalls).toEqual([]);
	});

	test('findSecretLeaks finds a secret that does reach the output', async () => {
		const upstream = await server((req) => ({ status: 200, body: { echoedHeader: req.headers.authorization } }));
		const result = await runNode(probeNode(), {
			parameters: { mode: 'http' },
			credentials: credentials(upstream.url),
			input: [{ json: { prompt: 'x' } }],
		});
		expect(findSecretLeaks(result, [API_KEY])).toEqual(['items contains "sk-…"', 'run data contains "sk-…"']);
	});

	test('binary data round-trips through n8n’s filesystem binary store', async () => {
		const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5]);

		const result = await runNode(probeNode(), {
			parameters: { mode: 'binary' },
			input: [{ json: {}, binary: { data: { data: bytes, mimeType: 'image/png', fileName: 'in.png' } } }],
		});

		expect(result.error).toBeUndefined();
		const [item] = result.items;
		expect(item.json.inputSize).toBe(bytes.length);
		expect(String(item.json.inputId)).toMatch(/^filesystem-v2:/);
		const out = item.binary?.data;
		expect(out?.buffer).toEqual(Buffer.from(bytes).reverse());
		expect(out?.id).toMatch(/^filesystem-v2:/);
		expect(out).toMatchObject({ mimeType: 'image/png', fileName: 'reversed-in.png', fileExtension: 'png' });
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	test('a failing request stops the workflow with n8n’s NodeApiError, without the key', async () => {
		const upstream = await server(() => ({ status: 401, body: { error: { message: 'Incorrect API key provided' } } }));

		const result = await runNode(probeNode(), {
			parameters: { mode: 'http' },
			credentials: credentials(upstream.url),
			input: [{ json: { prompt: 'a' } }, { json: { prompt: 'b' } }],
		});

		expect(result.status).toBe('error');
		// n8n re-authenticates and resends once on a 401 (it treats it as an expired credential), then gives up.
		expect(upstream.seen).toHaveLength(2);
		expect(result.error?.thrown).toBeInstanceOf(NodeApiError);
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.httpCode).toBe('401');
		expect(result.error?.itemIndex).toBe(0);
		expect(`${result.error?.message} ${result.error?.description}`).toContain('Incorrect API key provided');
		expect(result.error?.serialized).toContain('Incorrect API key provided');
		expect(result.items).toEqual([]);
		expect(findSecretLeaks(result, [API_KEY])).toEqual([]);
	});

	test('continueOnFail yields an error item paired with its input and keeps the good ones', async () => {
		const upstream = await server((_req, body) =>
			JSON.parse(body).prompt === 'bad'
				? { status: 500, body: { error: { message: 'upstream exploded' } } }
				: { status: 200, body: { ok: true } },
		);

		const result = await runNode(probeNode(), {
			parameters: { mode: 'http' },
			credentials: credentials(upstream.url),
			continueOnFail: true,
			input: [{ json: { prompt: 'good' } }, { json: { prompt: 'bad' } }, { json: { prompt: 'good' } }],
		});

		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		expect(upstream.seen).toHaveLength(3);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[0].json).toEqual({ response: { ok: true } });
		expect(Object.keys(result.items[1].json)).toEqual(['error']);
		// n8n's NodeApiError for a 500 says so in its own words; the upstream text goes to the description.
		expect(result.items[1].json.error).toBe('The service was not able to process your request');
		expect(findSecretLeaks(result, [API_KEY])).toEqual([]);
	});

	test('onError continueErrorOutput routes error items to the second output', async () => {
		const upstream = await server((_req, body) =>
			JSON.parse(body).prompt === 'bad' ? { status: 400, body: { error: { message: 'no' } } } : { status: 200, body: {} },
		);

		const result = await runNode(probeNode(), {
			parameters: { mode: 'http' },
			credentials: credentials(upstream.url),
			onError: 'continueErrorOutput',
			input: [{ json: { prompt: 'bad' } }, { json: { prompt: 'good' } }],
		});

		expect(result.outputs).toHaveLength(2);
		expect(result.outputs[0].map((i) => i.pairedItem)).toEqual([{ item: 1 }]);
		expect(result.outputs[1].map((i) => i.pairedItem)).toEqual([{ item: 0 }]);
		expect(result.outputs[1][0].json.error).toBeDefined();
	});

	test('cancelling the execution fires the node’s abort signal', async () => {
		let sleeping: () => void = () => {};
		const probe: Probe = { onSleep: () => sleeping() };

		const result = await runNode(probeNode(probe), {
			parameters: { mode: 'sleep' },
			cancelWhen: new Promise<void>((resolve) => (sleeping = resolve)),
		});

		expect(result.cancelled).toBe(true);
		expect(probe.sawAbort).toBe(true);
		expect(result.status).toBe('canceled');
		expect(result.items).toEqual([]);
	});

	test('cancelAfterMs cancels a running execution', async () => {
		// Whether the cancel lands before or during the node's 10 s sleep, the node must not finish it.
		const result = await runNode(probeNode(), { parameters: { mode: 'sleep' }, cancelAfterMs: 20 });

		expect(result.cancelled).toBe(true);
		expect(result.status).toBe('canceled');
		expect(result.items).toEqual([]);
	});

	test('cancelling aborts an in-flight httpRequestWithAuthentication', async () => {
		const upstream = await server(() => ({ status: 200, body: { late: true }, delayMs: 20_000 }));

		const result = await runNode(probeNode(), {
			parameters: { mode: 'http' },
			credentials: credentials(upstream.url),
			input: [{ json: { prompt: 'slow' } }],
			cancelWhen: upstream.firstRequest,
		});

		expect(upstream.seen).toHaveLength(1);
		expect(result.cancelled).toBe(true);
		expect(result.status).toBe('canceled');
		expect(result.items).toEqual([]);
	});

	test('logs of concurrent runs stay with their own run', async () => {
		const upstream = await server(() => ({ status: 200, body: {} }));
		const [one, two] = await Promise.all([
			runNode(probeNode(), {
				parameters: { mode: 'http' },
				credentials: credentials(upstream.url),
				input: [{ json: {} }],
			}),
			runNode(probeNode(), {
				parameters: { mode: 'http' },
				credentials: credentials(upstream.url),
				input: [{ json: {} }, { json: {} }, { json: {} }],
			}),
		]);
		const probeLogs = (logs: string[]) => logs.filter((line) => line.startsWith('info: probe sends'));
		expect(probeLogs(one.logs)).toHaveLength(1);
		expect(probeLogs(two.logs)).toHaveLength(3);
	});
});

describe('runJimeng: the package’s node in the same engine', () => {
	test('openai generate reaches the upstream with the Bearer key and reports its rejection', async () => {
		const upstream = await server(() => ({
			status: 401,
			body: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } },
		}));

		const result = await runJimeng({
			parameters: { operation: 'generate', prompt: 'a red apple' },
			credentials: { jimengApi: { url: upstream.url, apiKey: API_KEY } },
		});

		expect(upstream.seen.length).toBeGreaterThanOrEqual(1);
		expect(upstream.seen[0].authorization).toBe(`Bearer ${API_KEY}`);
		expect(result.status).toBe('error');
		expect(result.error).toBeDefined();
		expect([NodeApiError, NodeOperationError].some((cls) => result.error?.thrown instanceof cls)).toBe(true);
		expect(result.error?.itemIndex).toBe(0);
		expect(findSecretLeaks(result, [API_KEY])).toEqual([]);
	});
});
