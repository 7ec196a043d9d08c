/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// Proves the fake upstream itself: signature verifier (reference vectors, tampering), envelopes,
// task state machine, multipart parsing, SSE framing, faults, counters and real image bytes.
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';

import {
	canonicalQueryString,
	readImageSize,
	signForTests,
	startFakeUpstream,
	verifyV4,
	xDateNow,
	encodeJpeg,
	encodePng,
	type FakeUpstream,
} from './fake-upstream';

const AK = 'AKLTexampleAccessKeyId';
const SK = 'ExampleSecretKey==';
const VECTOR_BODY = '{"req_key":"jimeng_t2i_v40","prompt":"a cat"}';
const VECTOR_BODY_HASH = 'ddcc4dcb0991020b69b5bf1e2c912f4e7bc139c7e3d8522da59d83db09fb9fcc';
const SUBMIT_QUERY = 'Action=CVSync2AsyncSubmitTask&Version=2022-08-31';
const GET_QUERY = 'Action=CVSync2AsyncGetResult&Version=2022-08-31';
const VECTOR5_BODY = '{"req_key":"jimeng_t2i_v40","task_id":"7392616336519610409","req_json":"{\\"return_url\\":true}"}';

/** The five known-answer vectors of upstream-apis.md §A.2.7, as the exact headers a client sends. */
function vectorHeaders(n: 1 | 2 | 3 | 4 | 5): { query: string; body: string; headers: Record<string, string> } {
	const signatures = {
		1: 'a423a8af08c6f68e4ed4a63a2109ce938ce242ebc8cd287d52995b259bb381c4',
		2: 'e67be1a59db70011662bafe67e8072beedcb286de5a9a14c011c9bd311dddd6e',
		3: 'f198fb04ee2f0e020389f8d514e23254040c33924b24dccf9a8ec8385b1626ac',
		4: '741ff47f6317c0b59dba781b6c29c14732cb05dc64a327b970f2115b1abf60f0',
		5: 'eae5aca1c6e1717660907fb6c9418cc193918f64f6f04e554b5df17a70e47efc',
	};
	const signed = {
		1: 'content-type;host;x-content-sha256;x-date',
		2: 'x-content-sha256;x-date',
		3: 'content-type;host;x-content-sha256;x-date;x-security-token',
		4: 'host;x-content-sha256;x-date',
		5: 'host;x-content-sha256;x-date',
	};
	const body = n === 5 ? VECTOR5_BODY : VECTOR_BODY;
	const headers: Record<string, string> = {
		host: 'visual.volcengineapi.com',
		'content-type': 'application/json',
		'x-date': '20250101T000000Z',
		'x-content-sha256': n === 5 ? '72bc0f27b583a6cd9fb1a5acdb4dcd116821b16384838a8e4fc7a8eebac52b1e' : VECTOR_BODY_HASH,
		authorization: `HMAC-SHA256 Credential=${AK}/20250101/cn-north-1/cv/request, SignedHeaders=${signed[n]}, Signature=${signatures[n]}`,
	};
	if (n === 3) headers['x-security-token'] = 'STSexampleToken';
	return { query: n === 5 ? GET_QUERY : SUBMIT_QUERY, body, headers };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read field by field in assertions
type Json = any;

interface RawResponse {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
	json: () => Json;
}

/** node:http client (fetch cannot set Host, which the reference vectors sign). */
function rawRequest(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<RawResponse> {
	return new Promise((resolve, reject) => {
		const req = http.request(url, { method: opts.method ?? 'POST', headers: opts.headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => {
				const body = Buffer.concat(chunks);
				resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body.toString('utf8')) });
			});
			res.on('error', reject);
		});
		req.on('error', reject);
		if (opts.body !== undefined) req.write(opts.body);
		req.end();
	});
}

/** A correctly signed call to the fake's visual API with the current time (test-only signer). */
async function volcCall(fake: FakeUpstream, action: string, body: unknown, cred: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = { accessKeyId: AK, secretAccessKey: SK }) {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	const query = `Action=${action}&Version=2022-08-31`;
	const host = new URL(fake.url).host;
	const headers = signForTests({ rawQuery: query, headers: { host, 'x-date': xDateNow(), 'content-type': 'application/json' }, body: text }, cred);
	return rawRequest(`${fake.url}/?${query}`, { headers, body: text });
}

function blob(data: Buffer, type?: string) {
	return new Blob([new Uint8Array(data)], type ? { type } : {});
}

function bearer(key = 'sk-test') {
	return { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
}

async function postJson(url: string, body: unknown, key = 'sk-test') {
	return fetch(url, { method: 'POST', headers: bearer(key), body: JSON.stringify(body) });
}

/** Full PNG check: signature, chunk CRCs, IHDR, and the inflated data length. */
function decodePng(buf: Buffer) {
	expect(buf.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
	let offset = 8;
	const idat: Buffer[] = [];
	let ihdr: Buffer | undefined;
	while (offset < buf.length) {
		const length = buf.readUInt32BE(offset);
		const type = buf.toString('ascii', offset + 4, offset + 8);
		const data = buf.subarray(offset + 8, offset + 8 + length);
		expect(buf.readUInt32BE(offset + 8 + length)).toBe(zlib.crc32(buf.subarray(offset + 4, offset + 8 + length)));
		if (type === 'IHDR') ihdr = data;
		if (type === 'IDAT') idat.push(data);
		offset += 12 + length;
	}
	if (!ihdr) throw new Error('no IHDR');
	const width = ihdr.readUInt32BE(0);
	const height = ihdr.readUInt32BE(4);
	const bitDepth = ihdr[8];
	const raw = zlib.inflateSync(Buffer.concat(idat));
	expect(raw.length).toBe(height * (1 + Math.ceil((width * bitDepth) / 8)));
	return { width, height };
}

/** Baseline JPEG structure check: SOI, segments up to SOS, EOI at the end; dimensions from SOF0. */
function checkJpeg(buf: Buffer) {
	expect(buf.subarray(0, 2).toString('hex')).toBe('ffd8');
	expect(buf.subarray(-2).toString('hex')).toBe('ffd9');
	const markers: number[] = [];
	let i = 2;
	while (i < buf.length) {
		expect(buf[i]).toBe(0xff);
		const marker = buf[i + 1];
		markers.push(marker);
		if (marker === 0xda) break;
		i += 2 + buf.readUInt16BE(i + 2);
	}
	expect(markers).toEqual(expect.arrayContaining([0xe0, 0xdb, 0xc0, 0xc4, 0xda]));
	return readImageSize(buf);
}

function parseSse(text: string) {
	const frames: Array<{ event?: string; data: string }> = [];
	for (const block of text.split('\n\n')) {
		if (!block.trim()) continue;
		const lines = block.split('\n');
		const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
		const dataLines = lines.filter((l) => l.startsWith('data: '));
		expect(dataLines).toHaveLength(1); // single-line data, as the real Ark stream
		expect(lines.every((l) => l.startsWith('event: ') || l.startsWith('data: '))).toBe(true);
		frames.push({ event, data: dataLines[0].slice(6) });
	}
	return frames;
}

describe('V4 verifier (pure)', () => {
	const creds = [{ accessKeyId: AK, secretAccessKey: SK }];
	const asReq = (v: ReturnType<typeof vectorHeaders>) => ({ method: 'POST', path: '/', rawQuery: v.query, headers: v.headers, body: Buffer.from(v.body) });

	test.each([1, 2, 4, 5] as const)('accepts reference vector %i', (n) => {
		const result = verifyV4(asReq(vectorHeaders(n)), { credentials: creds, maxSkewMs: false });
		expect(result).toMatchObject({ ok: true, accessKeyId: AK });
	});

	test('accepts vector 3 (STS) only with the matching session token', () => {
		const v = vectorHeaders(3);
		expect(verifyV4(asReq(v), { credentials: [{ ...creds[0], sessionToken: 'STSexampleToken' }], maxSkewMs: false }).ok).toBe(true);
		expect(verifyV4(asReq(v), { credentials: [{ ...creds[0], sessionToken: 'other' }], maxSkewMs: false })).toMatchObject({ ok: false, code: 'InvalidSecretToken' });
		expect(verifyV4(asReq(v), { credentials: creds, maxSkewMs: false })).toMatchObject({ ok: false, code: 'InvalidSecretToken' });
	});

	test('rebuilds the canonical request and string to sign of vector 1', () => {
		const result = verifyV4(asReq(vectorHeaders(1)), { credentials: creds, maxSkewMs: false });
		if (!result.ok) throw new Error(result.message);
		expect(result.canonicalRequest).toBe(
			`POST\n/\n${SUBMIT_QUERY}\ncontent-type:application/json\nhost:visual.volcengineapi.com\nx-content-sha256:${VECTOR_BODY_HASH}\nx-date:20250101T000000Z\n\ncontent-type;host;x-content-sha256;x-date\n${VECTOR_BODY_HASH}`,
		);
		expect(result.stringToSign).toBe('HMAC-SHA256\n20250101T000000Z\n20250101/cn-north-1/cv/request\n9bb46f5ba9e8042d0bbbccf743df08507b3c3cac0bc3151af9b06606cef97f5b');
	});

	test('rejects tampering: body, signature, query, signed header value, secret, scope', () => {
		const base = vectorHeaders(4);
		const check = (mutate: (r: ReturnType<typeof asReq>) => void, code: string, options: Partial<Parameters<typeof verifyV4>[1]> = {}) => {
			const req = asReq(base);
			req.headers = { ...req.headers };
			mutate(req);
			expect(verifyV4(req, { credentials: creds, maxSkewMs: false, ...options })).toMatchObject({ ok: false, code });
		};
		check((r) => (r.body = Buffer.from(VECTOR_BODY.replace('cat', 'dog'))), 'SignatureDoesNotMatch'); // x-content-sha256 no longer matches
		check((r) => {
			r.body = Buffer.from(VECTOR_BODY.replace('cat', 'dog'));
			r.headers['x-content-sha256'] = 'e'.repeat(64);
		}, 'SignatureDoesNotMatch');
		check((r) => (r.headers.authorization = String(r.headers.authorization).replace(/Signature=./, 'Signature=0')), 'SignatureDoesNotMatch');
		check((r) => (r.rawQuery = GET_QUERY), 'SignatureDoesNotMatch');
		check((r) => (r.headers.host = 'visual.volcengineapi.com.evil'), 'SignatureDoesNotMatch');
		check((r) => (r.method = 'PUT'), 'SignatureDoesNotMatch');
		check(() => undefined, 'SignatureDoesNotMatch', { credentials: [{ accessKeyId: AK, secretAccessKey: 'wrong' }] });
		check(() => undefined, 'InvalidAccessKey', { credentials: [{ accessKeyId: 'AKLTother', secretAccessKey: SK }] });
		check((r) => (r.headers.authorization = String(r.headers.authorization).replace('/cv/', '/visual/')), 'ServiceNotFound');
		check((r) => (r.headers.authorization = String(r.headers.authorization).replace('cn-north-1', 'cn-beijing')), 'SignatureDoesNotMatch');
		check((r) => (r.headers.authorization = String(r.headers.authorization).replace('/request,', '/aws4_request,')), 'SignatureDoesNotMatch');
		check((r) => delete r.headers.authorization, 'MissingAuthenticationToken');
		check((r) => (r.headers.authorization = 'HMAC-SHA256 garbage'), 'MissingSignature');
		check((r) => (r.headers['x-security-token'] = 'STSexampleToken'), 'InvalidSecretToken'); // permanent key plus a token
	});

	test('checks X-Date skew against the clock (default 15 min)', () => {
		const req = asReq(vectorHeaders(4));
		const signedAt = Date.UTC(2025, 0, 1);
		expect(verifyV4(req, { credentials: creds, now: signedAt + 14 * 60_000 }).ok).toBe(true);
		expect(verifyV4(req, { credentials: creds, now: signedAt + 16 * 60_000 })).toMatchObject({ ok: false, code: 'InvalidTimestamp', httpStatus: 400 });
		expect(verifyV4(req, { credentials: creds, now: signedAt - 16 * 60_000 })).toMatchObject({ ok: false, code: 'InvalidTimestamp' });
		expect(verifyV4(req, { credentials: creds, now: signedAt + 50 * 60_000, maxSkewMs: 60 * 60_000 }).ok).toBe(true);
	});

	test('re-canonicalises the received query and honours the listed SignedHeaders order', () => {
		expect(canonicalQueryString('Version=2022-08-31&Action=CVSync2AsyncSubmitTask&Foo=a%20b*c~d/%C3%A9')).toBe(
			'Action=CVSync2AsyncSubmitTask&Foo=a%20b%2Ac~d%2F%C3%A9&Version=2022-08-31',
		);
		expect(canonicalQueryString('b=2&a=1&a=0&c')).toBe('a=1&a=0&b=2&c=');
		// signed over the canonical form, sent in another order and encoding
		const headers = signForTests(
			{ rawQuery: 'Action=X&Foo=a%20b&Version=2022-08-31', headers: { host: 'h', 'x-date': '20250101T000000Z' }, body: '' },
			{ accessKeyId: AK, secretAccessKey: SK, signedHeaders: ['x-date', 'host', 'x-content-sha256'] },
		);
		const req = { method: 'POST', path: '/', rawQuery: 'Version=2022-08-31&Foo=a+b&Action=X', headers, body: '' };
		expect(verifyV4(req, { credentials: creds, maxSkewMs: false }).ok).toBe(true);
		// X-Date must be signed
		const unsignedDate = signForTests({ rawQuery: 'a=1', headers: { host: 'h', 'x-date': '20250101T000000Z' }, body: '' }, { accessKeyId: AK, secretAccessKey: SK, signedHeaders: ['host'] });
		expect(verifyV4({ ...req, rawQuery: 'a=1', headers: unsignedDate }, { credentials: creds, maxSkewMs: false })).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
	});
});

describe('fake upstream over HTTP', () => {
	let fake: FakeUpstream;
	beforeAll(async () => {
		fake = await startFakeUpstream({ apiKey: 'sk-test', volcengine: { accessKeyId: AK, secretAccessKey: SK } });
	});
	afterAll(async () => fake.close());
	beforeEach(() => fake.reset());

	describe('Volcengine visual API', () => {
		test('the reference vectors reach the business layer when skew is disabled, and are rejected by the clock otherwise', async () => {
			const fixedClock = await startFakeUpstream({ volcengine: { accessKeyId: AK, secretAccessKey: SK, maxSkewMs: false } });
			const sts = await startFakeUpstream({ volcengine: { accessKeyId: AK, secretAccessKey: SK, sessionToken: 'STSexampleToken', maxSkewMs: false } });
			try {
				for (const n of [1, 2, 4] as const) {
					const v = vectorHeaders(n);
					const res = await rawRequest(`${fixedClock.url}/?${v.query}`, { headers: v.headers, body: v.body });
					expect(res.status).toBe(200);
					expect(res.json()).toMatchObject({ code: 10000, message: 'Success', status: 10000, data: { task_id: expect.stringMatching(/^\d{19}$/) } });
				}
				const v3 = vectorHeaders(3);
				expect((await rawRequest(`${sts.url}/?${v3.query}`, { headers: v3.headers, body: v3.body })).status).toBe(200);
				expect((await rawRequest(`${fixedClock.url}/?${v3.query}`, { headers: v3.headers, body: v3.body })).json().ResponseMetadata.Error.Code).toBe('InvalidSecretToken');
				const v5 = vectorHeaders(5);
				const got = await rawRequest(`${fixedClock.url}/?${v5.query}`, { headers: v5.headers, body: v5.body });
				expect(got.json()).toMatchObject({ code: 10000, data: { status: 'not_found' } });
				expect(fixedClock.count('submit')).toBe(4); // vectors 1, 2, 4 and the refused vector 3
				expect(fixedClock.callsTo('submit')[0].signature).toEqual({ ok: true, accessKeyId: AK, signedHeaders: ['content-type', 'host', 'x-content-sha256', 'x-date'] });

				const v4 = vectorHeaders(4);
				const stale = await rawRequest(`${fake.url}/?${v4.query}`, { headers: v4.headers, body: v4.body });
				expect(stale.status).toBe(400);
				expect(stale.json().ResponseMetadata).toMatchObject({ Action: 'CVSync2AsyncSubmitTask', Version: '2022-08-31', Service: 'cv', Region: 'cn-north-1', Error: { CodeN: 100006, Code: 'InvalidTimestamp' } });
				const tampered = await rawRequest(`${fixedClock.url}/?${v4.query}`, { headers: v4.headers, body: v4.body.replace('cat', 'cow') });
				expect(tampered.status).toBe(401);
				expect(tampered.json().ResponseMetadata.Error).toMatchObject({ CodeN: 100010, Code: 'SignatureDoesNotMatch' });
			} finally {
				await fixedClock.close();
				await sts.close();
			}
		});

		test('gateway errors: unknown AK, missing auth, unknown action, missing version', async () => {
			const badKey = await volcCall(fake, 'CVSync2AsyncSubmitTask', { req_key: 'jimeng_t2i_v40', prompt: 'x' }, { accessKeyId: 'AKLTnobody', secretAccessKey: SK });
			expect(badKey.status).toBe(401);
			expect(badKey.json().ResponseMetadata.Error).toMatchObject({ Code: 'InvalidAccessKey', CodeN: 100009 });
			const noAuth = await rawRequest(`${fake.url}/?${SUBMIT_QUERY}`, { body: '{}' });
			expect(noAuth.json().ResponseMetadata.Error.Code).toBe('MissingAuthenticationToken');
			const unknown = await volcCall(fake, 'CVProcessNope', {});
			expect(unknown.status).toBe(404);
			expect(unknown.json().ResponseMetadata.Error.Code).toBe('InvalidActionOrVersion');
			const noVersion = await rawRequest(`${fake.url}/?Action=CVSync2AsyncSubmitTask`, { body: '{}' });
			expect(noVersion.json().ResponseMetadata.Error).toMatchObject({ Code: 'MissingParameter', CodeN: 100002 });
			expect(fake.count('submit')).toBe(3);
			expect(fake.callsTo('submit').map((c) => c.status)).toEqual([401, 401, 400]);
		});

		test('seed 003: submit, poll in_queue -> generating -> done, URLs serve real JPEGs', async () => {
			const submitBody = { req_key: 'jimeng_t2i_v40', prompt: '一只可爱的柯基犬在草地上玩耍', scale: 0.5, force_single: true, min_ratio: 1 / 3, max_ratio: 3, size: 4194304 };
			const submitted = await volcCall(fake, 'CVSync2AsyncSubmitTask', submitBody);
			expect(submitted.status).toBe(200);
			const submitJson = submitted.json();
			expect(submitJson).toMatchObject({ code: 10000, status: 10000, message: 'Success', request_id: expect.any(String), time_elapsed: expect.stringMatching(/ms$/) });
			const taskId = submitJson.data.task_id;
			expect(typeof taskId).toBe('string');
			expect(taskId).toMatch(/^\d{19}$/);
			expect(Number.isSafeInteger(Number(taskId))).toBe(false); // would lose precision as a number
			expect(submitted.body.toString()).toContain(`"task_id":"${taskId}"`);
			expect(fake.lastCall('submit')?.json).toEqual(submitBody);

			const poll = () => volcCall(fake, 'CVSync2AsyncGetResult', { req_key: 'jimeng_t2i_v40', task_id: taskId, req_json: JSON.stringify({ return_url: true, logo_info: { add_logo: true, position: 0 } }) });
			const statuses = [];
			let last: RawResponse;
			do {
				last = await poll();
				statuses.push(last.json().data.status);
			} while (last.json().data.status !== 'done');
			expect(statuses).toEqual(['in_queue', 'generating', 'done']);
			const data = last.json().data;
			expect(data.binary_data_base64).toBeNull();
			expect(data.image_urls).toHaveLength(1); // force_single
			expect(fake.lastCall('getResult')?.reqJson).toEqual({ return_url: true, logo_info: { add_logo: true, position: 0 } });

			const image = await fetch(data.image_urls[0]);
			expect(image.status).toBe(200);
			expect(image.headers.get('content-type')).toBe('image/jpeg');
			const bytes = Buffer.from(await image.arrayBuffer());
			expect(checkJpeg(bytes)).toEqual({ type: 'jpeg', width: 2048, height: 2048 });
			expect(fake.counts()).toMatchObject({ submit: 1, getResult: 3, download: 1 });
			expect(fake.paidCalls()).toBe(1);
		});

		test('multi-image task answered as base64 without return_url; scenario dimensions', async () => {
			fake.configure({ volcengine: { inQueuePolls: 0, generatingPolls: 0 } });
			fake.tasks.next({ images: 3, width: 1664, height: 936, format: 'png' });
			const taskId = (await volcCall(fake, 'CVSync2AsyncSubmitTask', { req_key: 'jimeng_t2i_v40', prompt: 'three cats' })).json().data.task_id;
			const done = (await volcCall(fake, 'CVSync2AsyncGetResult', { req_key: 'jimeng_t2i_v40', task_id: taskId })).json();
			expect(done.data.status).toBe('done');
			expect(done.data.image_urls).toBeNull();
			expect(done.data.binary_data_base64).toHaveLength(3);
			const decoded = done.data.binary_data_base64.map((b: string) => decodePng(Buffer.from(b, 'base64')));
			expect(decoded).toEqual([{ width: 1664, height: 936 }, { width: 1664, height: 936 }, { width: 1664, height: 936 }]);
			expect(new Set(done.data.binary_data_base64).size).toBe(3); // different images
		});

		test('status paths: not_found, expired, failure code on GetResult, invalid id, req_json must be a string', async () => {
			const get = (body: unknown) => volcCall(fake, 'CVSync2AsyncGetResult', body);
			expect((await get({ req_key: 'jimeng_t2i_v40', task_id: '1234567890123456789' })).json()).toMatchObject({ code: 10000, data: { status: 'not_found' } });
			const expired = fake.tasks.create('jimeng_t2i_v40');
			fake.tasks.expire(expired.id);
			expect((await get({ req_key: 'jimeng_t2i_v40', task_id: expired.id })).json().data.status).toBe('expired');

			fake.tasks.next({ inQueuePolls: 0, generatingPolls: 0, failure: { code: 50413, message: 'Post Text Risk Not Pass' } });
			const id = (await volcCall(fake, 'CVSync2AsyncSubmitTask', { req_key: 'jimeng_t2i_v40', prompt: 'x' })).json().data.task_id;
			const failed = await get({ req_key: 'jimeng_t2i_v40', task_id: id });
			expect(failed.status).toBe(400);
			expect(failed.json()).toMatchObject({ code: 50413, status: 50413, data: null, message: 'Post Text Risk Not Pass' });

			const invalid = await get({ req_key: 'jimeng_t2i_v40', task_id: 'abc' });
			expect([invalid.status, invalid.json().code]).toEqual([400, 50215]);
			const objectReqJson = await get({ req_key: 'jimeng_t2i_v40', task_id: id, req_json: { return_url: true } });
			expect([objectReqJson.status, objectReqJson.json().code]).toEqual([400, 50204]);
			const otherKey = await get({ req_key: 'jimeng_t2i_v31', task_id: id });
			expect(otherKey.json().code).toBe(50215);
		});

		test('submit validation: unknown req_key 50400, bad params 50200, data: prefix 50207, i2i base64 accepted', async () => {
			const submitCall = (body: unknown) => volcCall(fake, 'CVSync2AsyncSubmitTask', body);
			const unknown = await submitCall({ req_key: 'jimeng_t2i_v99', prompt: 'x' });
			expect([unknown.status, unknown.json().code, unknown.json().data]).toEqual([400, 50400, null]);
			expect((await submitCall({ req_key: 'jimeng_t2i_v40', prompt: 'x'.repeat(801) })).json().code).toBe(50200);
			expect((await submitCall({ req_key: 'jimeng_t2i_v40', prompt: 'x', size: 100 })).json().code).toBe(50200);
			expect((await submitCall({ req_key: 'jimeng_t2i_v40', prompt: 'x', image_urls: Array(11).fill('https://a/b.png') })).json().code).toBe(50200);
			const png = encodePng(64, 48, [1, 2, 3]).toString('base64');
			expect((await submitCall({ req_key: 'jimeng_i2i_v30', prompt: 'x', binary_data_base64: [`data:image/png;base64,${png}`] })).json().code).toBe(50207);
			expect((await submitCall({ req_key: 'jimeng_i2i_v30', prompt: 'x', binary_data_base64: [png, png] })).json().code).toBe(50200);
			const ok = await submitCall({ req_key: 'jimeng_i2i_v30', prompt: 'x', binary_data_base64: [png] });
			expect(ok.json().code).toBe(10000);
			expect(fake.lastCall('submit')?.inputImages).toEqual([{ source: 'base64', bytes: Buffer.from(png, 'base64').length, type: 'png', width: 64, height: 48 }]);
			fake.configure({ volcengine: { unknownReqKeyCode: 50215 } });
			expect((await submitCall({ req_key: 'nope', prompt: 'x' })).json().code).toBe(50215);
		});

		test('business faults carry the HTTP status of their code; faults are consumed per call', async () => {
			fake.fault('submit', { kind: 'volcBusiness', code: 50430 }, 1);
			fake.fault('submit', { kind: 'rateLimit', retryAfter: 2 });
			fake.fault('getResult', { kind: 'volcBusiness', code: 50500 });
			const body = { req_key: 'jimeng_t2i_v40', prompt: 'x' };
			const first = await volcCall(fake, 'CVSync2AsyncSubmitTask', body);
			expect([first.status, first.json().code, first.json().data]).toEqual([429, 50430, null]);
			const second = await volcCall(fake, 'CVSync2AsyncSubmitTask', body);
			expect([second.status, second.json().code, second.headers['retry-after']]).toEqual([429, 50429, '2']);
			const third = await volcCall(fake, 'CVSync2AsyncSubmitTask', body);
			expect(third.json().code).toBe(10000);
			const poll = await volcCall(fake, 'CVSync2AsyncGetResult', { req_key: 'jimeng_t2i_v40', task_id: third.json().data.task_id });
			expect([poll.status, poll.json().code]).toEqual([500, 50500]);
			expect(fake.callsTo('submit').map((c) => c.fault)).toEqual(['volcBusiness', 'rateLimit', undefined]);
			// a fault is not consumed by a request that fails signature verification
			fake.fault('submit', 'serverError');
			await volcCall(fake, 'CVSync2AsyncSubmitTask', body, { accessKeyId: AK, secretAccessKey: 'wrong' });
			expect(fake.pendingFaults('submit')).toBe(1);
		});

		test('STS credentials: token must be present, signed and equal', async () => {
			const sts = await startFakeUpstream({ volcengine: { accessKeyId: 'AKTPtemp', secretAccessKey: 'tempSecret', sessionToken: 'tok-1' } });
			try {
				const body = { req_key: 'jimeng_t2i_v40', prompt: 'x' };
				const ok = await volcCall(sts, 'CVSync2AsyncSubmitTask', body, { accessKeyId: 'AKTPtemp', secretAccessKey: 'tempSecret', sessionToken: 'tok-1' });
				expect(ok.json().code).toBe(10000);
				expect(sts.lastCall('submit')?.signature).toMatchObject({ ok: true, signedHeaders: ['host', 'x-content-sha256', 'x-date', 'x-security-token'] });
				const wrong = await volcCall(sts, 'CVSync2AsyncSubmitTask', body, { accessKeyId: 'AKTPtemp', secretAccessKey: 'tempSecret', sessionToken: 'tok-2' });
				expect([wrong.status, wrong.json().ResponseMetadata.Error.Code]).toEqual([401, 'InvalidSecretToken']);
				const missing = await volcCall(sts, 'CVSync2AsyncSubmitTask', body, { accessKeyId: 'AKTPtemp', secretAccessKey: 'tempSecret' });
				expect(missing.json().ResponseMetadata.Error.Code).toBe('InvalidSecretToken');
			} finally {
				await sts.close();
			}
		});
	});

	describe('OpenAI-compatible and Ark routes', () => {
		test('seed 000: generations with a URL answer; the image downloads without the Bearer token', async () => {
			const body = { model: 'jimeng-4.0', prompt: '一只可爱的熊猫在图书馆看书', n: 1, size: '1024x1024' };
			const res = await postJson(`${fake.openaiBaseUrl}/images/generations`, body);
			expect(res.status).toBe(200);
			const json = await res.json();
			expect(Object.keys(json).sort()).toEqual(['created', 'data']);
			expect(json.data).toEqual([{ url: expect.stringMatching(/\/files\/.+\.png\?signed=[0-9a-f]+/) }]);
			expect(fake.lastCall('generations')?.json).toEqual(body);

			const image = await fetch(json.data[0].url);
			expect(image.headers.get('content-type')).toBe('image/png');
			expect(decodePng(Buffer.from(await image.arrayBuffer()))).toEqual({ width: 1024, height: 1024 });
			expect(fake.lastCall('download')?.headers.authorization).toBeUndefined();
			// a presigned URL refuses a second auth mechanism, and a forged signature
			expect((await fetch(json.data[0].url, { headers: { authorization: 'Bearer sk-test' } })).status).toBe(400);
			expect((await fetch(json.data[0].url.replace(/signed=[0-9a-f]+/, 'signed=00'))).status).toBe(403);
			expect(fake.counts()).toMatchObject({ generations: 1, download: 3 });
		});

		test('seed 001: ratio + resolution and reference image URLs; revised_prompt when configured', async () => {
			fake.configure({ openai: { revisedPrompt: 'A realistic image' } });
			const body = { model: 'jimeng-4.0', prompt: '参考图片生成写实类型的图像', n: 1, image: ['https://example.com/reference.png'], ratio: '16:9', resolution: '2k' };
			const json = await (await postJson(`${fake.openaiBaseUrl}/images/generations`, body)).json();
			expect(json.data).toEqual([{ url: expect.stringContaining('-2560x1440.png'), revised_prompt: 'A realistic image' }]);
			expect(fake.lastCall('generations')?.inputImages).toEqual([{ source: 'url', url: 'https://example.com/reference.png' }]);
			const star = await (await postJson(`${fake.openaiBaseUrl}/images/generations`, { model: 'jimeng-4.0', prompt: 'cat', n: 1, size: '1024*768' })).json();
			expect(star.data[0].url).toContain('-1024x768.png');
		});

		test('seed 002: gpt-image-2 answers b64_json by default with OpenAI usage; data: URI references are decoded', async () => {
			const ref = `data:image/jpeg;base64,${encodeJpeg(320, 200, [9, 9, 9]).toString('base64')}`;
			const body = { model: 'gpt-image-2', prompt: 'A futuristic skyline at dusk', size: '1024x1536', quality: 'medium', background: 'opaque', output_format: 'png', output_compression: 80, moderation: 'low', user: 'u1', image: ref };
			const json = await (await postJson(`${fake.openaiBaseUrl}/images/generations`, body)).json();
			expect(json).toMatchObject({ created: expect.any(Number), size: '1024x1536', quality: 'medium', output_format: 'png', usage: { total_tokens: expect.any(Number), input_tokens_details: expect.any(Object) } });
			expect(decodePng(Buffer.from(json.data[0].b64_json, 'base64'))).toEqual({ width: 1024, height: 1536 });
			expect(fake.lastCall('generations')?.inputImages).toEqual([{ source: 'data', mimeType: 'image/jpeg', bytes: expect.any(Number), type: 'jpeg', width: 320, height: 200 }]);
			const jpeg = await (await postJson(`${fake.openaiBaseUrl}/images/generations`, { ...body, image: undefined, output_format: 'jpeg', response_format: 'url' })).json();
			expect(jpeg.data[0].url).toMatch(/\.jpeg\?/);
			const badRef = await postJson(`${fake.openaiBaseUrl}/images/generations`, { ...body, image: 'data:image/png;base64,AAAA' });
			expect(badRef.status).toBe(400);
		});

		test('seed 004: Ark SSE stream with a partial failure, completed usage and [DONE]', async () => {
			fake.configure({ openai: { failIndexes: [1] } });
			const body = {
				model: 'doubao-seedream-4-5-251128',
				prompt: '生成3张女孩和奶牛玩偶在游乐园开心地坐过山车的图片，涵盖早晨、中午、晚上',
				image: ['https://ark-project.tos-cn-beijing.volces.com/doc_image/seedream4_imagesToimages_1.png', 'https://ark-project.tos-cn-beijing.volces.com/doc_image/seedream4_imagesToimages_2.png'],
				sequential_image_generation: 'auto',
				n: 3,
				response_format: 'url',
				size: '2K',
				stream: true,
				watermark: true,
			};
			const res = await postJson(`${fake.openaiBaseUrl}/images/generations`, body);
			expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
			const text = await res.text();
			expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
			const frames = parseSse(text);
			expect(frames.map((f) => f.event)).toEqual([
				'image_generation.partial_succeeded',
				'image_generation.partial_failed',
				'image_generation.partial_succeeded',
				'image_generation.completed',
				undefined,
			]);
			const parsed = frames.slice(0, 4).map((f) => JSON.parse(f.data));
			parsed.forEach((p, i) => expect(p.type).toBe(frames[i].event));
			expect(parsed[0]).toMatchObject({ image_index: 0, url: expect.stringContaining('-2048x2048.jpeg'), size: '2048x2048', model: body.model });
			expect(parsed[1]).toMatchObject({ image_index: 1, error: { code: 'OutputImageSensitiveContentDetected' } });
			expect(parsed[3].usage).toEqual({ generated_images: 2, output_tokens: expect.any(Number), total_tokens: expect.any(Number) });
			expect(checkJpeg(Buffer.from(await (await fetch(parsed[2].url)).arrayBuffer()))).toEqual({ type: 'jpeg', width: 2048, height: 2048 });

			// validation errors are plain JSON even with stream:true
			const invalid = await postJson(`${fake.arkBaseUrl}/images/generations`, { ...body, size: 'huge' });
			expect(invalid.status).toBe(400);
			expect(invalid.headers.get('content-type')).toMatch(/application\/json/);
			expect((await invalid.json()).error).toMatchObject({ code: 'InvalidParameter', param: 'size', type: 'BadRequest' });
		});

		test('seed 004 non-stream via relay and Ark: usage shapes, data[].size, error entries', async () => {
			fake.configure({ openai: { failIndexes: [0] } });
			const body = { model: 'doubao-seedream-4-0-250828', prompt: 'p', n: '2', size: '2048x2048' };
			const relay = await (await postJson(`${fake.openaiBaseUrl}/images/generations`, body)).json();
			expect(relay.data[0]).toEqual({ error: { code: 'OutputImageSensitiveContentDetected', message: expect.any(String) } });
			expect(relay.data[1]).toEqual({ url: expect.any(String), size: '2048x2048' });
			expect(relay.usage).toMatchObject({ prompt_tokens: 0, completion_tokens: 0, prompt_tokens_details: { cached_tokens_details: {} }, output_tokens: expect.any(Number) });
			const ark = await (await postJson(`${fake.arkBaseUrl}/images/generations`, { ...body, response_format: 'b64_json' })).json();
			expect(ark).toMatchObject({ model: body.model, usage: { generated_images: 1 } });
			expect(checkJpeg(Buffer.from(ark.data[1].b64_json, 'base64'))).toEqual({ type: 'jpeg', width: 2048, height: 2048 });
		});

		test('streaming can stop with a fatal error frame', async () => {
			fake.configure({ openai: { streamFatalAfter: 1 } });
			const res = await postJson(`${fake.arkBaseUrl}/images/generations`, { model: 'doubao-seedream-4-5-251128', prompt: 'p', n: 3, stream: true });
			const frames = parseSse(await res.text());
			expect(frames.map((f) => f.event)).toEqual(['image_generation.partial_succeeded', 'error']);
			expect(JSON.parse(frames[1].data).error.code).toBe('InternalServiceError');
		});

		test('edits multipart: image[] x2 + mask + scalar fields are parsed and checked', async () => {
			const form = new FormData();
			form.append('model', 'doubao-seedream-4-5-251128');
			form.append('prompt', 'A cute baby sea otter wearing a beret.');
			form.append('n', '2');
			form.append('size', '1024x1024');
			form.append('response_format', 'url');
			form.append('image[]', blob(encodePng(300, 200, [1, 1, 1]), 'image/png'), 'a.png');
			form.append('image[]', blob(encodeJpeg(640, 480, [2, 2, 2]), 'image/jpeg'), 'b.jpg');
			form.append('mask', blob(encodePng(300, 200, [0, 0, 0]), 'image/png'), 'mask.png');
			const res = await fetch(`${fake.openaiBaseUrl}/images/edits`, { method: 'POST', headers: { authorization: 'Bearer sk-test' }, body: form });
			expect(res.status).toBe(200);
			const json = await res.json();
			expect(json.data).toHaveLength(2);
			const call = fake.lastCall('edits');
			expect(call?.multipart?.fields).toEqual({ model: 'doubao-seedream-4-5-251128', prompt: 'A cute baby sea otter wearing a beret.', n: '2', size: '1024x1024', response_format: 'url' });
			expect(call?.multipart?.files.map((f) => [f.field, f.filename, f.mimeType])).toEqual([
				['image[]', 'a.png', 'image/png'],
				['image[]', 'b.jpg', 'image/jpeg'],
				['mask', 'mask.png', 'image/png'],
			]);
			expect(call?.inputImages?.map((i) => [i.type, i.width, i.height])).toEqual([
				['png', 300, 200],
				['jpeg', 640, 480],
			]);
			expect(call?.mask).toMatchObject({ width: 300, height: 200 });
			expect(call?.multipart?.files[1].data.equals(encodeJpeg(640, 480, [2, 2, 2]))).toBe(true);

			const single = new FormData();
			single.append('image', blob(encodePng(10, 10, [1, 1, 1]), 'image/png'), 'input.png');
			single.append('model', 'jimeng-4.0');
			single.append('prompt', '添加科幻元素');
			single.append('n', '1');
			expect((await fetch(`${fake.openaiBaseUrl}/images/edits`, { method: 'POST', headers: { authorization: 'Bearer sk-test' }, body: single })).status).toBe(200);
			expect(fake.lastCall('edits')?.inputImages?.[0]).toMatchObject({ field: 'image', width: 10, height: 10 });
		});

		test('edits rejects a missing image, a non-image file and a JPEG mask; Ark has no edits', async () => {
			const post = (form: FormData) => fetch(`${fake.openaiBaseUrl}/images/edits`, { method: 'POST', headers: { authorization: 'Bearer sk-test' }, body: form });
			const noImage = new FormData();
			noImage.append('prompt', 'x');
			expect((await post(noImage)).status).toBe(400);
			const notImage = new FormData();
			notImage.append('image', blob(Buffer.from('hello'), 'image/png'), 'x.png');
			expect((await (await post(notImage)).json()).error.param).toBe('image');
			const jpegMask = new FormData();
			jpegMask.append('image[0]', blob(encodePng(8, 8, [1, 1, 1])), 'a.png');
			jpegMask.append('mask', blob(encodeJpeg(8, 8, [1, 1, 1])), 'm.jpg');
			expect((await (await post(jpegMask)).json()).error.param).toBe('mask');
			const ark = await postJson(`${fake.arkBaseUrl}/images/edits`, { model: 'm', prompt: 'p', image: 'https://a/b.png' });
			expect(ark.status).toBe(404);
			expect((await ark.json()).error.type).toBe('NotFound');
		});

		test('edits JSON with images[].image_url (seed 002)', async () => {
			const dataUri = `data:image/png;base64,${encodePng(50, 40, [1, 2, 3]).toString('base64')}`;
			const body = { model: 'gpt-image-2', prompt: '换种风格', size: '1024x1024', quality: 'medium', images: [{ image_url: 'https://example.com/base-image.png' }, { image_url: dataUri }] };
			const json = await (await postJson(`${fake.openaiBaseUrl}/images/edits`, body)).json();
			expect(json.data[0].b64_json).toEqual(expect.any(String));
			expect(fake.lastCall('edits')?.inputImages).toEqual([
				{ source: 'url', url: 'https://example.com/base-image.png' },
				{ source: 'data', mimeType: 'image/png', bytes: expect.any(Number), type: 'png', width: 50, height: 40 },
			]);
		});

		test('models list and Bearer errors in the OpenAI and Ark envelopes', async () => {
			const list = await (await fetch(`${fake.openaiBaseUrl}/models`, { headers: bearer() })).json();
			expect(list.object).toBe('list');
			const ids = list.data.map((m: { id: string }) => m.id);
			expect(ids).toEqual(expect.arrayContaining(['jimeng-4.5', 'doubao-seedream-4-5-251128', 'gpt-image-2', 'gpt-4o-mini']));
			list.data.forEach((m: { object: string }) => expect(m.object).toBe('model'));

			const openaiDenied = await fetch(`${fake.openaiBaseUrl}/models`, { headers: bearer('sk-wrong') });
			expect(openaiDenied.status).toBe(401);
			expect((await openaiDenied.json()).error).toEqual({ message: expect.any(String), type: 'invalid_request_error', param: null, code: 'invalid_api_key' });
			const arkDenied = await postJson(`${fake.arkBaseUrl}/images/generations`, { model: 'm', prompt: 'p' }, 'nope');
			expect(arkDenied.status).toBe(401);
			expect((await arkDenied.json()).error).toMatchObject({ code: 'AuthenticationError', type: 'Unauthorized', param: '' });
			expect(fake.count('models')).toBe(2);
			expect(fake.lastCall('generations')?.authError).toBe('invalid_api_key');
			expect(fake.paidCalls()).toBe(1); // received, even though refused
		});
	});

	describe('faults, overrides, counters', () => {
		const gen = () => postJson(`${fake.openaiBaseUrl}/images/generations`, { model: 'jimeng-4.0', prompt: 'p' });

		test('429 with Retry-After for the next N calls, then normal', async () => {
			fake.fault('generations', { kind: 'rateLimit', retryAfter: 7 }, 2);
			const first = await gen();
			expect([first.status, first.headers.get('retry-after')]).toEqual([429, '7']);
			expect((await first.json()).error.type).toBe('rate_limit_error');
			expect((await gen()).status).toBe(429);
			expect((await gen()).status).toBe(200);
			expect(fake.count('generations')).toBe(3);
		});

		test('5xx, malformed JSON, relay error body, reset connection', async () => {
			fake.fault('generations', { kind: 'serverError', status: 503 });
			fake.fault('generations', 'malformed');
			fake.fault('generations', { kind: 'relayError', code: -2006, message: '积分不足' });
			fake.fault('generations', 'reset');
			const err = await gen();
			expect(err.status).toBe(503);
			expect((await err.json()).error.type).toBe('server_error');
			const malformed = await gen();
			expect(malformed.status).toBe(200);
			await expect(malformed.json()).rejects.toThrow();
			const relay = await gen();
			expect([relay.status, await relay.json()]).toEqual([200, { code: -2006, message: '积分不足', data: null }]);
			await expect(gen()).rejects.toThrow();
			expect(fake.callsTo('generations').map((c) => [c.fault, c.status])).toEqual([
				['serverError', 503],
				['malformed', 200],
				['relayError', 200],
				['reset', 0],
			]);
		});

		test('a slow response completes, and close() ends a pending one at once', async () => {
			fake.fault('download', { kind: 'delay', ms: 30 });
			const url = fake.fileUrl('gen-1-0-16x16.png');
			expect((await fetch(url)).status).toBe(200);
			expect(fake.lastCall('download')?.fault).toBe('delay');

			const other = await startFakeUpstream();
			other.fault('models', { kind: 'delay', ms: 10 * 60_000 });
			const pending = fetch(`${other.openaiBaseUrl}/models`, { headers: bearer() });
			await new Promise<void>((resolve) => {
				const poll = () => (other.count('models') > 0 ? resolve() : setImmediate(poll));
				poll();
			});
			await other.close();
			await expect(pending).rejects.toThrow();
		});

		test('override replaces or decorates a route; reset clears everything', async () => {
			fake.override('generations', async (call, { next }) => {
				if (call.json?.model === 'gpt-image-2' && call.json?.response_format === 'url') {
					return { status: 400, body: { error: { message: 'image_url_not_available', type: 'invalid_request_error', code: 'image_url_not_available', param: null } } };
				}
				const reply = await next();
				return { ...reply, headers: { ...reply.headers, 'x-relay': 'fake' } };
			});
			const refused = await postJson(`${fake.openaiBaseUrl}/images/generations`, { model: 'gpt-image-2', prompt: 'p', response_format: 'url' });
			expect((await refused.json()).error.code).toBe('image_url_not_available');
			const decorated = await gen();
			expect(decorated.headers.get('x-relay')).toBe('fake');
			fake.fault('submit', 'reset', 5);
			fake.reset();
			expect(fake.calls).toHaveLength(0);
			expect(fake.pendingFaults('submit')).toBe(0);
			expect((await gen()).headers.get('x-relay')).toBeNull();
			expect(fake.counts()).toEqual({ generations: 1, edits: 0, models: 0, submit: 0, getResult: 0, visual: 0, download: 0, relayTask: 0, unknown: 0 });
		});
	});
});

describe('images', () => {
	test.each([
		[1, 1],
		[7, 5],
		[1024, 1024],
		[2560, 1440],
		[4096, 4096],
	])('PNG and JPEG %ix%i decode to their dimensions', (width, height) => {
		expect(decodePng(encodePng(width, height, [10, 20, 30]))).toEqual({ width, height });
		expect(readImageSize(encodePng(width, height, [10, 20, 30]))).toEqual({ type: 'png', width, height });
		expect(checkJpeg(encodeJpeg(width, height, [10, 20, 30]))).toEqual({ type: 'jpeg', width, height });
	});
});

describe('standalone process', () => {
	test('cli.js starts on an ephemeral port, prints its URL, is controllable over HTTP and stops on SIGTERM', async () => {
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- the fake must run as its own process for the e2e tests
		const child = spawn(process.execPath, [path.join(__dirname, 'fake-upstream', 'cli.js'), '--port', '0', '--api-key', 'sk-cli', '--access-key-id', AK, '--secret-access-key', SK], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		try {
			const line = await new Promise<string>((resolve, reject) => {
				let out = '';
				child.stdout.on('data', (c: Buffer) => {
					out += c.toString();
					if (out.includes('\n')) resolve(out.split('\n')[0]);
				});
				child.on('exit', (code) => reject(new Error(`exited ${code}`)));
			});
			const info = JSON.parse(line);
			expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
			expect(info.port).toBeGreaterThan(0);
			await fetch(`${info.url}/__fake/fault`, { method: 'POST', body: JSON.stringify({ route: 'generations', spec: { kind: 'rateLimit', retryAfter: 1 }, times: 1 }) });
			expect((await postJson(`${info.openaiBaseUrl}/images/generations`, { model: 'jimeng-4.0', prompt: 'p' }, 'sk-cli')).status).toBe(429);
			expect((await postJson(`${info.openaiBaseUrl}/images/generations`, { model: 'jimeng-4.0', prompt: 'p' }, 'sk-cli')).status).toBe(200);
			expect(await (await fetch(`${info.url}/__fake/counts`)).json()).toMatchObject({ generations: 2 });
			const calls = await (await fetch(`${info.url}/__fake/calls?route=generations`)).json();
			expect(calls.map((c: { fault?: string; status: number }) => [c.fault ?? null, c.status])).toEqual([
				['rateLimit', 429],
				[null, 200],
			]);
		} finally {
			const exited = new Promise((resolve) => child.on('exit', resolve));
			child.kill('SIGTERM');
			expect(await exited).toBe(0);
		}
	});
});
