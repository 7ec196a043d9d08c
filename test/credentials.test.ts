/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * Both credentials' `authenticate` functions, called directly and over real HTTP (n8n's own outbound
 * HTTP client from n8n-core, to a server on 127.0.0.1:0). Every Volcengine request is checked by two
 * verifiers that do not use the signer under test: the fake upstream's server-side verifier
 * (test/fake-upstream/verifyV4.js, written by another engineer) and a re-derivation in this file that
 * follows the official Python SDK (SignerV4 + Util.norm_query) step by step.
 *
 * The credential tests (`test.request` + `rules`) run the way n8n's CredentialsTester runs them: a
 * declarative node whose only property routes `test.request`, executed by n8n-core (RoutingNode ->
 * httpRequestWithAuthentication -> authenticate), then the rules applied to the answer.
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INodeType,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { JimengApi } from '../credentials/JimengApi.credentials';
import { JimengVolcengineApi } from '../credentials/JimengVolcengineApi.credentials';
import { parsePriceOverrides } from '../nodes/Jimeng/money/pricing';
import { runNode } from './harness/runNode';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { verifyV4 } = require('./fake-upstream/verifyV4.js') as {
	verifyV4: (
		req: { method: string; path: string; rawQuery: string; headers: IncomingMessage['headers']; body: Buffer },
		options: { credentials: Array<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }> },
	) => { ok: true } | { ok: false; code: string; codeN: number; httpStatus: number; message: string };
};

// n8n-core's own copies, so requests go through exactly the client httpRequestWithAuthentication uses.
const coreRequire = createRequire(require.resolve('n8n-core'));
const { Container } = coreRequire('@n8n/di') as typeof import('@n8n/di');
const { OutboundHttp } = coreRequire('@n8n/backend-network') as typeof import('@n8n/backend-network');

const AK = 'AKLTtestAccessKey0001';
const SK = 'TUdJM05UZ3lNVEV5TkdZMFRVTXhNbUZpWkRjd00yUXlPR1U9SecretSK';
const STS_AK = 'AKTPtemporaryKey0002';
const STS_SK = 'c3RzU2VjcmV0S2V5VmFsdWVGb3JUZXN0cw==';
const STS_SESSION_VALUE = 'STS2eyJBY2Nlc3NLZXlJZCI6IkFLVFAifQ.token-value';
const BEARER_VALUE = 'sk-test-0123456789abcdefBearerKey';

interface Received {
	method: string;
	url: string;
	path: string;
	rawQuery: string;
	headers: IncomingMessage['headers'];
	rawHeaders: string[];
	body: Buffer;
	fakeVerifier: ReturnType<typeof verifyV4>;
	pythonStyle: { ok: boolean; reason?: string; signedHeaders?: string[] };
}

// ---------------------------------------------------------------------------------------------
// Independent re-derivation, following volc-sdk-python (SignerV4.py, Util.py) step by step.
// ---------------------------------------------------------------------------------------------

/** Python `urllib.parse.quote(s, safe='-_.~')` on the UTF-8 bytes. */
function pyQuote(value: string): string {
	let out = '';
	for (const byte of Buffer.from(value, 'utf8')) {
		const ch = String.fromCharCode(byte);
		out += /[A-Za-z0-9\-_.~]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
	}
	return out;
}

/** Python `parse_qsl(keep_blank_values=True)`: split on &, then =, unquote_plus. */
function pyParseQsl(raw: string): Array<[string, string]> {
	const unquotePlus = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
	return raw
		.split('&')
		.filter(Boolean)
		.map((part) => {
			const [k, ...rest] = part.split('=');
			return [unquotePlus(k), unquotePlus(rest.join('='))];
		});
}

/** Util.norm_query: sorted by key (Python's sort is stable), each key and value quoted. */
function pyNormQuery(raw: string): string {
	const pairs = pyParseQsl(raw);
	const order = pairs.map((p, i) => ({ p, i }));
	order.sort((a, b) => (a.p[0] === b.p[0] ? a.i - b.i : a.p[0] < b.p[0] ? -1 : 1));
	return order.map(({ p }) => `${pyQuote(p[0])}=${pyQuote(p[1])}`).join('&');
}

function pyVerify(
	req: Omit<Received, 'fakeVerifier' | 'pythonStyle'>,
	keys: Record<string, { secret: string; token?: string }>,
): Received['pythonStyle'] {
	const auth = String(req.headers.authorization ?? '');
	const match =
		/^HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
			auth,
		);
	if (!match) return { ok: false, reason: `malformed Authorization: ${auth.slice(0, 40)}` };
	const [, accessKeyId, shortDate, region, service, signedHeaderList, signature] = match;
	const key = keys[accessKeyId];
	if (!key) return { ok: false, reason: 'unknown AK' };
	const signedHeaders = signedHeaderList.split(';');
	for (const required of ['host', 'x-content-sha256', 'x-date', ...(key.token ? ['x-security-token'] : [])]) {
		if (!signedHeaders.includes(required)) return { ok: false, reason: `${required} not signed` };
	}
	if ([...signedHeaders].sort().join(';') !== signedHeaderList) return { ok: false, reason: 'SignedHeaders not sorted' };
	if (key.token && req.headers['x-security-token'] !== key.token) return { ok: false, reason: 'token mismatch' };
	const xDate = String(req.headers['x-date'] ?? '');
	if (xDate.slice(0, 8) !== shortDate) return { ok: false, reason: 'date mismatch' };

	const bodyHash = createHash('sha256').update(req.body).digest('hex');
	if (req.headers['x-content-sha256'] !== bodyHash) return { ok: false, reason: 'X-Content-Sha256 is not the hash of the bytes received' };
	const canonicalHeaders = signedHeaders
		.map((name) => {
			let value = String(req.headers[name] ?? '').trim();
			if (name === 'host') value = value.replace(/:(80|443)$/, '');
			return `${name}:${value}\n`;
		})
		.join('');
	const canonicalRequest = [
		req.method,
		req.path,
		pyNormQuery(req.rawQuery),
		canonicalHeaders,
		signedHeaderList,
		bodyHash,
	].join('\n');
	const scope = `${shortDate}/${region}/${service}/request`;
	const stringToSign = `HMAC-SHA256\n${xDate}\n${scope}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
	let k: Buffer | string = key.secret;
	for (const part of [shortDate, region, service, 'request']) k = createHmac('sha256', k).update(part).digest();
	const expected = createHmac('sha256', k).update(stringToSign).digest('hex');
	return expected === signature ? { ok: true, signedHeaders } : { ok: false, reason: 'signature mismatch' };
}

// ---------------------------------------------------------------------------------------------
// A tiny upstream on 127.0.0.1:0
// ---------------------------------------------------------------------------------------------

const received: Received[] = [];
let businessCode = 50215;
let server: Server;
let baseUrl = '';

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json') {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
	res.end(text);
}

function handle(req: IncomingMessage, res: ServerResponse, body: Buffer) {
	const url = req.url ?? '/';
	const q = url.indexOf('?');
	const path = q === -1 ? url : url.slice(0, q);
	const rawQuery = q === -1 ? '' : url.slice(q + 1);
	const base = { method: req.method ?? '', url, path, rawQuery, headers: req.headers, rawHeaders: req.rawHeaders, body };

	if (path.startsWith('/html')) return send(res, 404, '<html><body>Not Found</body></html>', 'text/html');
	// a web site that is not an API: a page for every path
	if (path.startsWith('/site')) return send(res, 200, '<!DOCTYPE html><html><body>Welcome</body></html>', 'text/html');

	if (path.endsWith('/models')) {
		received.push({ ...base, fakeVerifier: { ok: true }, pythonStyle: { ok: true } });
		if (req.headers.authorization !== `Bearer ${BEARER_VALUE}`) {
			return send(res, 401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } });
		}
		return send(res, 200, { object: 'list', data: [{ id: 'jimeng-4.0', object: 'model' }] });
	}

	const fakeVerifier = verifyV4(
		{ method: base.method, path, rawQuery, headers: req.headers, body },
		{
			credentials: [
				{ accessKeyId: AK, secretAccessKey: SK },
				{ accessKeyId: STS_AK, secretAccessKey: STS_SK, sessionToken: STS_SESSION_VALUE },
			],
		},
	);
	const pythonStyle = pyVerify(base, { [AK]: { secret: SK }, [STS_AK]: { secret: STS_SK, token: STS_SESSION_VALUE } });
	received.push({ ...base, fakeVerifier, pythonStyle });

	const params = new URLSearchParams(rawQuery);
	const meta = {
		RequestId: '20250101000000TEST',
		Action: params.get('Action'),
		Version: params.get('Version'),
		Service: 'cv',
		Region: 'cn-north-1',
	};
	if (!fakeVerifier.ok) {
		return send(res, fakeVerifier.httpStatus, {
			ResponseMetadata: { ...meta, Error: { CodeN: fakeVerifier.codeN, Code: fakeVerifier.code, Message: fakeVerifier.message } },
		});
	}
	if (params.get('Action') === 'CVSync2AsyncGetResult') {
		return send(res, 400, {
			code: businessCode,
			data: null,
			message: businessCode === 50400 ? 'Access Denied' : 'Input invalid for this service.',
			request_id: '20250101000000TEST',
			status: businessCode,
			time_elapsed: '1.2ms',
		});
	}
	return send(res, 200, {
		code: 10000,
		data: { task_id: '7392616336519610409' },
		message: 'Success',
		request_id: '20250101000000TEST',
		status: 10000,
		time_elapsed: '3.1ms',
	});
}

beforeAll(async () => {
	server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => handle(req, res, Buffer.concat(chunks)));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
	received.length = 0;
	businessCode = 50215;
});

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const volc = new JimengVolcengineApi();
const bearer = new JimengApi();

function volcCredentials(overrides: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject {
	return { accessKeyId: AK, secretAccessKey: SK, sessionToken: '', region: 'cn-north-1', endpoint: baseUrl, ...overrides };
}

/** Send options as n8n-core's httpRequestWithAuthentication does after authenticate. */
async function sendThroughN8n(options: IHttpRequestOptions) {
	// Typed locally: n8n-core's backend-network carries its own n8n-workflow copy.
	const client = Container.get(OutboundHttp).requests() as unknown as {
		request(options: IHttpRequestOptions): Promise<{ statusCode: number; body: IDataObject }>;
	};
	return await client.request({ ...options, returnFullResponse: true, ignoreHttpStatusErrors: true });
}

function headerValue(options: IHttpRequestOptions, name: string): unknown {
	const entry = Object.entries(options.headers ?? {}).find(([key]) => key.toLowerCase() === name.toLowerCase());
	return entry?.[1];
}

function everythingIn(options: IHttpRequestOptions): string {
	const body = Buffer.isBuffer(options.body) ? options.body.toString('utf8') : JSON.stringify(options.body ?? '');
	return `${JSON.stringify({ ...options, body: undefined })}\n${body}`;
}

function rawRequestText(request: Received): string {
	return `${request.method} ${request.url}\n${request.rawHeaders.join('\n')}\n\n${request.body.toString('utf8')}`;
}

function expectAccepted(request: Received) {
	expect(request.fakeVerifier).toEqual(expect.objectContaining({ ok: true }));
	expect(request.pythonStyle).toEqual(expect.objectContaining({ ok: true }));
}

// ---------------------------------------------------------------------------------------------
// Volcengine AK/SK
// ---------------------------------------------------------------------------------------------

describe('JimengVolcengineApi.authenticate', () => {
	test('signs a transport-style request (baseURL + relative url, object body); both verifiers accept it', async () => {
		const options = await volc.authenticate(volcCredentials(), {
			baseURL: baseUrl,
			url: '/?Action=CVSync2AsyncSubmitTask&Version=2022-08-31',
			method: 'POST',
			body: { req_key: 'jimeng_t2i_v40', prompt: '一只戴帽子的猫, a cat in a hat', size: 4194304, force_single: true },
			json: true,
		});
		expect(options.baseURL).toBeUndefined();
		expect(options.qs).toBeUndefined();
		expect(options.url).toBe(`${baseUrl}/?Action=CVSync2AsyncSubmitTask&Version=2022-08-31`);
		expect(typeof options.body).toBe('string');
		expect(headerValue(options, 'content-type')).toBe('application/json');
		expect(String(headerValue(options, 'authorization'))).toMatch(
			new RegExp(`^HMAC-SHA256 Credential=${AK}/\\d{8}/cn-north-1/cv/request, SignedHeaders=host;x-content-sha256;x-date, Signature=[0-9a-f]{64}$`),
		);

		const response = await sendThroughN8n(options);
		expect(response.statusCode).toBe(200);
		expect(response.body).toEqual(expect.objectContaining({ code: 10000, data: { task_id: '7392616336519610409' } }));
		expect(received).toHaveLength(1);
		expectAccepted(received[0]);
		// The bytes hashed are the bytes sent, and they are the JSON of the body object.
		expect(received[0].body.toString('utf8')).toBe(options.body);
		expect(received[0].headers['x-content-sha256']).toBe(createHash('sha256').update(received[0].body).digest('hex'));
		expect(JSON.parse(received[0].body.toString('utf8'))).toEqual({
			req_key: 'jimeng_t2i_v40',
			prompt: '一只戴帽子的猫, a cat in a hat',
			size: 4194304,
			force_single: true,
		});
	});

	test('one changed body byte after signing is rejected by both verifiers (the check can fail)', async () => {
		const options = await volc.authenticate(volcCredentials(), {
			url: '/?Action=CVSync2AsyncSubmitTask&Version=2022-08-31',
			method: 'POST',
			body: { req_key: 'jimeng_t2i_v40', prompt: 'a cat' },
		});
		const response = await sendThroughN8n({ ...options, body: String(options.body).replace('a cat', 'a bat') });
		expect(response.statusCode).toBe(401);
		expect(response.body).toEqual({
			ResponseMetadata: expect.objectContaining({ Error: expect.objectContaining({ Code: 'SignatureDoesNotMatch' }) }),
		});
		expect(received[0].pythonStyle.ok).toBe(false);
	});

	test('without baseURL the endpoint from the credential is used, and a wrong secret is rejected', async () => {
		const good = await volc.authenticate(volcCredentials(), {
			url: '/?Action=CVSync2AsyncGetResult&Version=2022-08-31',
			method: 'POST',
			body: { req_key: 'jimeng_t2i_v40', task_id: '7392616336519610409' },
		});
		expect(good.url.startsWith(`${baseUrl}/?`)).toBe(true);
		const bad = await volc.authenticate(volcCredentials({ secretAccessKey: `${SK}x` }), {
			url: '/?Action=CVSync2AsyncGetResult&Version=2022-08-31',
			method: 'POST',
			body: { req_key: 'jimeng_t2i_v40', task_id: '7392616336519610409' },
		});
		expect((await sendThroughN8n(good)).statusCode).toBe(400); // business answer: signature accepted
		expect((await sendThroughN8n(bad)).statusCode).toBe(401);
		expectAccepted(received[0]);
		expect(received[1].fakeVerifier).toEqual(expect.objectContaining({ ok: false, code: 'SignatureDoesNotMatch' }));
		expect(received[1].pythonStyle.ok).toBe(false);
	});

	test('STS: X-Security-Token is sent and signed; a wrong token is refused', async () => {
		const request: IHttpRequestOptions = {
			baseURL: baseUrl,
			url: '/?Action=CVSync2AsyncSubmitTask&Version=2022-08-31',
			method: 'POST',
			body: { req_key: 'jimeng_t2i_v40', prompt: 'sts' },
		};
		const options = await volc.authenticate(
			volcCredentials({ accessKeyId: STS_AK, secretAccessKey: STS_SK, sessionToken: STS_SESSION_VALUE }),
			{ ...request },
		);
		expect(headerValue(options, 'x-security-token')).toBe(STS_SESSION_VALUE);
		expect(String(headerValue(options, 'authorization'))).toContain(
			'SignedHeaders=host;x-content-sha256;x-date;x-security-token,',
		);
		expect((await sendThroughN8n(options)).statusCode).toBe(200);
		expectAccepted(received[0]);
		expect(received[0].pythonStyle.signedHeaders).toContain('x-security-token');

		const wrongToken = await volc.authenticate(
			volcCredentials({ accessKeyId: STS_AK, secretAccessKey: STS_SK, sessionToken: `${STS_SESSION_VALUE}-old` }),
			{ ...request },
		);
		expect((await sendThroughN8n(wrongToken)).body).toEqual({
			ResponseMetadata: expect.objectContaining({ Error: expect.objectContaining({ Code: 'InvalidSecretToken' }) }),
		});
	});

	test('qs is folded into the canonical query of the returned URL (sorted, RFC 3986, repeated keys in order)', async () => {
		const options = await volc.authenticate(volcCredentials(), {
			baseURL: `${baseUrl}/`,
			url: '?Version=2022-08-31',
			qs: { Action: 'CVSync2AsyncSubmitTask', Foo: 'a b*c~d/é', List: ['2', '1'], Skip: undefined },
			method: 'POST',
			body: { req_key: 'jimeng_t2i_v40', prompt: 'qs' },
		});
		expect(options.qs).toBeUndefined();
		expect(options.url).toBe(
			`${baseUrl}/?Action=CVSync2AsyncSubmitTask&Foo=a%20b%2Ac~d%2F%C3%A9&List=2&List=1&Version=2022-08-31`,
		);
		expect((await sendThroughN8n(options)).statusCode).toBe(200);
		expectAccepted(received[0]);
		expect(received[0].rawQuery).toBe('Action=CVSync2AsyncSubmitTask&Foo=a%20b%2Ac~d%2F%C3%A9&List=2&List=1&Version=2022-08-31');
	});

	test('string and Buffer bodies are sent byte for byte as hashed (JSON padding that axios would trim is trimmed first)', async () => {
		const json = '{"req_key":"jimeng_t2i_v40","prompt":"猫"}';
		const bodies: Array<IHttpRequestOptions['body']> = [json, `  ${json}\n`, Buffer.from(json, 'utf8')];
		for (const body of bodies) {
			const options = await volc.authenticate(volcCredentials(), {
				url: '/?Action=CVSync2AsyncSubmitTask&Version=2022-08-31',
				method: 'POST',
				body,
			});
			expect((await sendThroughN8n(options)).statusCode).toBe(200);
		}
		expect(received).toHaveLength(3);
		for (const request of received) {
			expectAccepted(request);
			expect(request.body.toString('utf8')).toBe(json);
		}
	});

	test('an absolute url with its own query and no body signs the empty body', async () => {
		const options = await volc.authenticate(volcCredentials(), {
			url: `${baseUrl}/?Action=CVSync2AsyncSubmitTask&Version=2022-08-31`,
			method: 'GET',
		});
		expect(options.body).toBeUndefined();
		expect(headerValue(options, 'x-content-sha256')).toBe(
			'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
		);
		expect((await sendThroughN8n(options)).statusCode).toBe(200);
		expectAccepted(received[0]);
		expect(received[0].body.length).toBe(0);
	});

	test('re-signing already signed options (n8n retries after a 401) replaces the signature headers', async () => {
		const first = await volc.authenticate(volcCredentials(), {
			baseURL: baseUrl,
			url: '/?Action=CVSync2AsyncSubmitTask&Version=2022-08-31',
			method: 'POST',
			body: { req_key: 'jimeng_t2i_v40', prompt: 'again' },
			headers: { 'x-date': '19990101T000000Z', authorization: 'stale' },
		});
		const second = await volc.authenticate(volcCredentials(), { ...first });
		const names = Object.keys(second.headers ?? {}).map((name) => name.toLowerCase());
		expect(names.filter((name) => name === 'authorization')).toHaveLength(1);
		expect(names.filter((name) => name === 'x-date')).toHaveLength(1);
		expect(second.body).toBe(first.body);
		expect((await sendThroughN8n(second)).statusCode).toBe(200);
		expectAccepted(received[0]);
	});

	test('the secret key appears nowhere: not in the options returned, not in the bytes on the wire', async () => {
		const options = await volc.authenticate(
			volcCredentials({ accessKeyId: STS_AK, secretAccessKey: STS_SK, sessionToken: STS_SESSION_VALUE }),
			{ baseURL: baseUrl, url: '/?Action=CVSync2AsyncSubmitTask&Version=2022-08-31', method: 'POST', body: { req_key: 'jimeng_t2i_v40', prompt: 'leak?' } },
		);
		expect(everythingIn(options)).not.toContain(STS_SK);
		for (const [name, value] of Object.entries(options.headers ?? {})) {
			if (name.toLowerCase() !== 'x-security-token') expect(String(value)).not.toContain(STS_SESSION_VALUE);
			if (name.toLowerCase() !== 'authorization') expect(String(value)).not.toContain(STS_AK);
		}
		await sendThroughN8n(options);
		expect(rawRequestText(received[0])).not.toContain(STS_SK);
	});

	test('multipart bodies are refused rather than signed wrongly', async () => {
		const form = new FormData();
		form.append('a', 'b');
		await expect(
			volc.authenticate(volcCredentials(), { url: '/?Action=X&Version=Y', method: 'POST', body: form }),
		).rejects.toThrow(/Multipart/);
	});
});

// ---------------------------------------------------------------------------------------------
// Bearer
// ---------------------------------------------------------------------------------------------

describe('JimengApi.authenticate', () => {
	test('sets Authorization: Bearer (replacing any earlier one) and keeps the rest of the request', async () => {
		const options = await bearer.authenticate(
			{ url: `${baseUrl}/v1`, apiKey: ` ${BEARER_VALUE}\n` },
			{ baseURL: `${baseUrl}/v1`, url: '/models', method: 'GET', headers: { authorization: 'Bearer old', Accept: 'application/json' } },
		);
		expect(options.headers).toEqual({ Accept: 'application/json', Authorization: `Bearer ${BEARER_VALUE}` });
		expect(options.url).toBe('/models');
		expect(options.baseURL).toBe(`${baseUrl}/v1`);
		const response = await sendThroughN8n(options);
		expect(response.statusCode).toBe(200);
		expect(received[0].headers.authorization).toBe(`Bearer ${BEARER_VALUE}`);
	});

	test('a wrong key is refused by the upstream (the check can fail)', async () => {
		const options = await bearer.authenticate({ url: `${baseUrl}/v1`, apiKey: 'sk-wrong' }, { baseURL: `${baseUrl}/v1`, url: '/models' });
		expect((await sendThroughN8n(options)).statusCode).toBe(401);
	});
});

// ---------------------------------------------------------------------------------------------
// Credential tests, run as n8n's CredentialsTester runs them
// ---------------------------------------------------------------------------------------------

/** The temporary node n8n's CredentialsTester builds: one property whose routing.request is test.request. */
function credentialTestNode(type: ICredentialType): INodeType {
	return {
		description: {
			displayName: 'Credential Test',
			name: 'credentialTest',
			group: ['transform'],
			version: 1,
			description: 'Runs a credential test request',
			defaults: { name: 'Credential Test' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: type.name, required: true }],
			properties: [
				{ displayName: 'Temp', name: 'temp', type: 'string', default: '', routing: { request: type.test!.request } },
			],
		},
	};
}

/** lodash.get for dotted keys, as the tester uses. */
function getPath(data: unknown, key: string): unknown {
	return key.split('.').reduce<unknown>((value, part) => (value as IDataObject | undefined)?.[part], data);
}

/** What CredentialsTester.runRequestTest returns, given the credential type and data. */
async function runCredentialTest(type: ICredentialType, data: ICredentialDataDecryptedObject) {
	const result = await runNode(credentialTestNode(type), { parameters: {}, credentials: { [type.name]: data } });
	if (result.error) {
		const httpCode = Number(result.error.httpCode);
		for (const rule of type.test?.rules ?? []) {
			if (rule.type === 'responseCode' && rule.properties.value === httpCode) {
				return { status: 'Error', message: rule.properties.message, authenticateCalls: result.authenticateCalls.length };
			}
		}
		return { status: 'Error', message: result.error.message, authenticateCalls: result.authenticateCalls.length };
	}
	for (const rule of type.test?.rules ?? []) {
		if (rule.type === 'responseSuccessBody' && getPath(result.items[0]?.json, rule.properties.key) === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message, authenticateCalls: result.authenticateCalls.length };
		}
	}
	return { status: 'OK', message: 'Connection successful!', authenticateCalls: result.authenticateCalls.length };
}

describe('credential test of JimengVolcengineApi (n8n-core RoutingNode + rules)', () => {
	test('valid keys pass although the dummy GetResult answers a business error (HTTP 400, 50215)', async () => {
		const outcome = await runCredentialTest(volc, volcCredentials());
		expect(outcome).toEqual({ status: 'OK', message: 'Connection successful!', authenticateCalls: 1 });
		expect(received).toHaveLength(1);
		expectAccepted(received[0]);
		expect(received[0].rawQuery).toBe('Action=CVSync2AsyncGetResult&Version=2022-08-31');
		expect(JSON.parse(received[0].body.toString('utf8'))).toEqual({ req_key: 'jimeng_t2i_v40', task_id: '0' });
	});

	test('valid STS keys pass', async () => {
		const outcome = await runCredentialTest(
			volc,
			volcCredentials({ accessKeyId: STS_AK, secretAccessKey: STS_SK, sessionToken: STS_SESSION_VALUE }),
		);
		expect(outcome.status).toBe('OK');
		expectAccepted(received[0]);
	});

	test.each([
		['InvalidAccessKey', { accessKeyId: 'AKLTunknown' }],
		['SignatureDoesNotMatch', { secretAccessKey: 'wrong-secret' }],
		['SignatureDoesNotMatch', { region: 'cn-beijing' }],
		['InvalidSecretToken', { accessKeyId: STS_AK, secretAccessKey: STS_SK, sessionToken: 'expired' }],
		['InvalidSecretToken', { accessKeyId: STS_AK, secretAccessKey: STS_SK, sessionToken: '' }],
	])('bad keys fail with the gateway code %s', async (code, overrides) => {
		const outcome = await runCredentialTest(volc, volcCredentials(overrides));
		expect(outcome.status).toBe('Error');
		expect(outcome.message.startsWith(`${code}: `)).toBe(true);
		expect(outcome.message).not.toContain(SK);
		expect(received).toHaveLength(1); // no second (retried) request
	});

	test('50400 (the test req_key is not activated) passes: the keys got through the gateway', async () => {
		businessCode = 50400;
		const outcome = await runCredentialTest(volc, volcCredentials());
		expect(outcome.status).toBe('OK');
		expect(received).toHaveLength(1);
		expectAccepted(received[0]);
	});

	test('an endpoint that is not the visual API (HTML 404) fails', async () => {
		const outcome = await runCredentialTest(volc, volcCredentials({ endpoint: `${baseUrl}/html` }));
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toMatch(/did not answer like the Volcengine visual API/);
	});
});

describe('credential test rules of JimengVolcengineApi (pure)', () => {
	const rules = volc.test.rules ?? [];
	const firstMatch = (body: unknown) =>
		rules.find((rule) => rule.type === 'responseSuccessBody' && getPath(body, rule.properties.key) === rule.properties.value);
	const gatewayBody = (code: string) => ({ ResponseMetadata: { RequestId: 'r', Error: { CodeN: 1, Code: code, Message: 'm' } } });

	test('the request keeps HTTP errors for the rules and targets GetResult with a dummy task', () => {
		expect(volc.test.request).toEqual(
			expect.objectContaining({
				baseURL: '={{$credentials.endpoint}}',
				url: '/?Action=CVSync2AsyncGetResult&Version=2022-08-31',
				method: 'POST',
				ignoreHttpStatusErrors: true,
				body: { req_key: 'jimeng_t2i_v40', task_id: '0' },
			}),
		);
	});

	test.each(['InvalidAccessKey', 'SignatureDoesNotMatch', 'InvalidSecretToken', 'InvalidTimestamp', 'AccessDenied', 'MissingAuthenticationToken', 'ServiceNotFound'])(
		'gateway error %s matches its own rule',
		(code) => {
			expect(firstMatch(gatewayBody(code))?.properties.message.startsWith(`${code}: `)).toBe(true);
		},
	);

	test('an unknown gateway code still fails (catch-all)', () => {
		expect(firstMatch(gatewayBody('SomethingNew'))?.properties.message).toMatch(/did not answer like/);
	});

	test('business errors and success match no rule (the keys were accepted)', () => {
		for (const code of [10000, 50215, 50411, 50429, 50500]) {
			expect(firstMatch({ code, message: 'x', data: null, request_id: 'r', status: code })).toBeUndefined();
		}
	});
});

describe('credential test of JimengApi (Bearer)', () => {
	test('GET {url}/models: trailing slashes stripped, valid key passes, wrong key fails', async () => {
		expect(bearer.test.request).toEqual(expect.objectContaining({ url: '/models', method: 'GET' }));
		expect(await runCredentialTest(bearer, { url: `${baseUrl}/v1//`, apiKey: BEARER_VALUE })).toEqual(
			expect.objectContaining({ status: 'OK' }),
		);
		expect(received[0].url).toBe('/v1/models');
		expect(received[0].headers.authorization).toBe(`Bearer ${BEARER_VALUE}`);

		const bad = await runCredentialTest(bearer, { url: `${baseUrl}/v1`, apiKey: 'sk-wrong' });
		expect(bad.status).toBe('Error');
		expect(bad.message).toMatch(/^The service refused the API key \(HTTP 401\)/);
		expect(bad.message).not.toContain(BEARER_VALUE);
	});

	test.each([
		// functions: the server's URL is known only once the tests run
		['a key pasted with "Bearer "', () => ({ apiKey: `Bearer ${BEARER_VALUE}` }), /starts with "Bearer "\. Enter only the key itself/, 0],
		['a key with a space in it', () => ({ apiKey: `${BEARER_VALUE.slice(0, 5)} ${BEARER_VALUE.slice(5)}` }), /contains a space or a line break/, 0],
		['a Base URL where nothing answers /models (404)', () => ({ url: `${baseUrl}/html` }), /Nothing answers at Base URL \+ \/models \(HTTP 404\)/, 1],
		['a Base URL that is a web site', () => ({ url: `${baseUrl}/site` }), /answered with a web page, not the API/, 1],
	])('%s: its own message', async (_case, change, expected, requests) => {
		const outcome = await runCredentialTest(bearer, { url: `${baseUrl}/v1`, apiKey: BEARER_VALUE, ...change() });
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toMatch(expected);
		expect(outcome.message).not.toContain(BEARER_VALUE.slice(5));
		// the key problems are refused before any request (the page routes are not recorded)
		if (requests === 0) expect(received).toHaveLength(0);
	});
});

describe('Prices field of both credentials', () => {
	const credentials = [new JimengApi(), new JimengVolcengineApi()];

	test.each(credentials.map((c) => [c.name, c] as const))(
		'%s: an untouched Prices field is valid JSON (the editor shows no error) and means "no own prices"',
		(_name, credential) => {
			const prices = credential.properties.find((p) => p.name === 'prices');
			expect(prices?.type).toBe('json');
			expect(() => JSON.parse(String(prices?.default))).not.toThrow();
			expect(parsePriceOverrides(prices?.default)).toEqual({ prices: {} });
		},
	);

	test('wrong JSON is named as such, with the parser\'s own words', () => {
		expect(parsePriceOverrides('{"jimeng-4.0": ').problem).toMatch(/^it is not valid JSON \(.+\)$/);
	});
});

describe('Jimeng API credential: what the Test button says', () => {
	const credential = new JimengApi();
	const request = { url: 'https://host/v1/models', method: 'GET' as const, headers: { authorization: 'Bearer old' } };

	test.each([
		['Bearer sk-abc123', /starts with "Bearer "\. Enter only the key itself/],
		['sk-abc 123', /contains a space or a line break/],
		['', /API Key of the credential is empty/],
	])('a key like %j is refused before anything is sent, with what to do', async (apiKey, expected) => {
		await expect(credential.authenticate({ url: 'https://host/v1', apiKey }, request)).rejects.toThrow(expected);
	});

	test('a good key replaces any Authorization header', async () => {
		const signed = await credential.authenticate({ url: 'https://host/v1', apiKey: ' sk-abc123 ' }, request);
		expect(signed.headers).toEqual({ Authorization: 'Bearer sk-abc123' });
	});

	test('rules for a wrong key, a key without access, a Base URL that is not the API root, a web page', () => {
		const rules = credential.test.rules ?? [];
		const byCode = Object.fromEntries(
			rules.filter((rule) => rule.type === 'responseCode').map((rule) => [rule.properties.value, rule.properties.message]),
		);
		expect(Object.keys(byCode).sort()).toEqual(['401', '403', '404', '405']);
		expect(byCode[401]).toMatch(/refused the API key/);
		expect(byCode[404]).toMatch(/not the API root/);
		// n8n reads a 2xx answer's rules with lodash get: an HTML page's first character is "<".
		const page = rules.find((rule) => rule.type === 'responseSuccessBody');
		expect(page?.properties).toMatchObject({ key: '0', value: '<' });
		expect('<!DOCTYPE html>'[Number(page?.properties.key)]).toBe(page?.properties.value);
		expect(({ object: 'list', data: [] } as Record<string, unknown>)[String(page?.properties.key)]).toBeUndefined();
	});
});
