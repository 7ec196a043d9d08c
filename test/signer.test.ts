/**
 * Known-answer tests for the Volcengine V4 signer. The expected values are the vectors in
 * shared/reference/upstream-apis.md §A.2.7, produced by the official Python SDK (SignerV4) and the
 * official Node SDK (Signer.addAuthorization); none of them is computed by the code under test.
 */
import { createHash } from 'node:crypto';

import {
	canonicalHost,
	canonicalQueryString,
	canonicalUri,
	formatXDate,
	rfc3986Encode,
	signVolcengineRequest,
	type VolcSignInput,
} from '../nodes/Jimeng/visual/volcSigner';

const AK = 'AKLTexampleAccessKeyId';
const SK = 'ExampleSecretKey==';
const DATE = new Date(Date.UTC(2025, 0, 1, 0, 0, 0));
const SUBMIT_URL = 'https://visual.volcengineapi.com/?Action=CVSync2AsyncSubmitTask&Version=2022-08-31';
const SUBMIT_BODY = '{"req_key":"jimeng_t2i_v40","prompt":"a cat"}';
const SUBMIT_BODY_HASH = 'ddcc4dcb0991020b69b5bf1e2c912f4e7bc139c7e3d8522da59d83db09fb9fcc';
const EMPTY_HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const base: VolcSignInput = {
	method: 'POST',
	url: SUBMIT_URL,
	headers: { 'Content-Type': 'application/json' },
	body: SUBMIT_BODY,
	accessKeyId: AK,
	secretAccessKey: SK,
	region: 'cn-north-1',
	service: 'cv',
	date: DATE,
};

describe('signVolcengineRequest: §A.2.7 vectors', () => {
	test('vector 1 (Python SDK: content-type;host;x-content-sha256;x-date)', () => {
		const signed = signVolcengineRequest({ ...base, signedHeaders: ['content-type'] });
		expect(signed.bodyHash).toBe(SUBMIT_BODY_HASH);
		expect(signed.signedHeaders).toBe('content-type;host;x-content-sha256;x-date');
		expect(signed.signature).toBe('a423a8af08c6f68e4ed4a63a2109ce938ce242ebc8cd287d52995b259bb381c4');
	});

	test('vector 1 intermediate values: canonical request and string to sign', () => {
		const signed = signVolcengineRequest({ ...base, signedHeaders: ['content-type'] });
		expect(signed.canonicalRequest).toBe(
			'POST\n/\nAction=CVSync2AsyncSubmitTask&Version=2022-08-31\n' +
				'content-type:application/json\nhost:visual.volcengineapi.com\n' +
				`x-content-sha256:${SUBMIT_BODY_HASH}\nx-date:20250101T000000Z\n\n` +
				`content-type;host;x-content-sha256;x-date\n${SUBMIT_BODY_HASH}`,
		);
		expect(signed.stringToSign).toBe(
			'HMAC-SHA256\n20250101T000000Z\n20250101/cn-north-1/cv/request\n' +
				'9bb46f5ba9e8042d0bbbccf743df08507b3c3cac0bc3151af9b06606cef97f5b',
		);
		expect(signed.credentialScope).toBe('20250101/cn-north-1/cv/request');
	});

	test('vector 2 (Node SDK: x-content-sha256;x-date, host unsigned)', () => {
		const signed = signVolcengineRequest({ ...base, signHost: false });
		expect(signed.signedHeaders).toBe('x-content-sha256;x-date');
		expect(signed.signature).toBe('e67be1a59db70011662bafe67e8072beedcb286de5a9a14c011c9bd311dddd6e');
	});

	test('vector 3 (Python SDK, STS token signed)', () => {
		const signed = signVolcengineRequest({
			...base,
			signedHeaders: ['content-type'],
			sessionToken: 'STSexampleToken',
		});
		expect(signed.signedHeaders).toBe('content-type;host;x-content-sha256;x-date;x-security-token');
		expect(signed.headers['X-Security-Token']).toBe('STSexampleToken');
		expect(signed.signature).toBe('f198fb04ee2f0e020389f8d514e23254040c33924b24dccf9a8ec8385b1626ac');
	});

	test('vector 4 (recommended default: host;x-content-sha256;x-date) and the Authorization header', () => {
		const signed = signVolcengineRequest(base);
		expect(signed.signedHeaders).toBe('host;x-content-sha256;x-date');
		expect(signed.signature).toBe('741ff47f6317c0b59dba781b6c29c14732cb05dc64a327b970f2115b1abf60f0');
		expect(signed.headers).toEqual({
			'X-Date': '20250101T000000Z',
			'X-Content-Sha256': SUBMIT_BODY_HASH,
			Authorization:
				'HMAC-SHA256 Credential=AKLTexampleAccessKeyId/20250101/cn-north-1/cv/request, ' +
				'SignedHeaders=host;x-content-sha256;x-date, ' +
				'Signature=741ff47f6317c0b59dba781b6c29c14732cb05dc64a327b970f2115b1abf60f0',
		});
	});

	test('vector 5 (GetResult body, recommended headers)', () => {
		const signed = signVolcengineRequest({
			...base,
			url: 'https://visual.volcengineapi.com/?Action=CVSync2AsyncGetResult&Version=2022-08-31',
			body: '{"req_key":"jimeng_t2i_v40","task_id":"7392616336519610409","req_json":"{\\"return_url\\":true}"}',
		});
		expect(signed.bodyHash.startsWith('72bc0f27')).toBe(true);
		expect(signed.bodyHash.endsWith('2b1e')).toBe(true);
		expect(signed.signature).toBe('eae5aca1c6e1717660907fb6c9418cc193918f64f6f04e554b5df17a70e47efc');
	});

	test('the same body as a Buffer signs identically to the string', () => {
		const fromBuffer = signVolcengineRequest({ ...base, body: Buffer.from(SUBMIT_BODY, 'utf8') });
		expect(fromBuffer.signature).toBe('741ff47f6317c0b59dba781b6c29c14732cb05dc64a327b970f2115b1abf60f0');
	});
});

describe('signVolcengineRequest: body hashing', () => {
	test('an empty or missing body hashes as the empty string', () => {
		for (const body of [undefined, '', Buffer.alloc(0)]) {
			const signed = signVolcengineRequest({ ...base, method: 'GET', body });
			expect(signed.bodyHash).toBe(EMPTY_HASH);
			expect(signed.headers['X-Content-Sha256']).toBe(EMPTY_HASH);
			expect(signed.canonicalRequest.endsWith(`\n${EMPTY_HASH}`)).toBe(true);
		}
	});

	test('one changed body byte changes hash and signature', () => {
		const original = signVolcengineRequest(base);
		const changed = signVolcengineRequest({ ...base, body: SUBMIT_BODY.replace('a cat', 'a bat') });
		expect(changed.bodyHash).not.toBe(original.bodyHash);
		expect(changed.signature).not.toBe(original.signature);
		const bytes = Buffer.from(SUBMIT_BODY);
		bytes[bytes.length - 3] ^= 1;
		expect(signVolcengineRequest({ ...base, body: bytes }).signature).not.toBe(original.signature);
	});

	test('non-ASCII bodies are hashed as UTF-8 bytes', () => {
		const body = '{"req_key":"jimeng_t2i_v40","prompt":"一只猫 🐱"}';
		const signed = signVolcengineRequest({ ...base, body });
		expect(signed.bodyHash).toBe(createHash('sha256').update(Buffer.from(body, 'utf8')).digest('hex'));
	});

	test('a changed secret, region, date or key changes the signature', () => {
		const original = signVolcengineRequest(base).signature;
		expect(signVolcengineRequest({ ...base, secretAccessKey: 'ExampleSecretKey=!' }).signature).not.toBe(original);
		expect(signVolcengineRequest({ ...base, region: 'cn-beijing' }).signature).not.toBe(original);
		expect(signVolcengineRequest({ ...base, date: new Date(DATE.getTime() + 1000) }).signature).not.toBe(original);
		expect(signVolcengineRequest({ ...base, service: 'visual' }).signature).not.toBe(original);
	});
});

describe('query canonicalisation', () => {
	test('§A.2.5 vector: sorted keys, strict RFC 3986', () => {
		const signed = signVolcengineRequest({
			...base,
			url:
				'https://visual.volcengineapi.com/?Version=2022-08-31&Action=CVSync2AsyncSubmitTask&Foo=' +
				encodeURIComponent('a b*c~d/é'),
		});
		expect(signed.canonicalQuery).toBe('Action=CVSync2AsyncSubmitTask&Foo=a%20b%2Ac~d%2F%C3%A9&Version=2022-08-31');
		// The URL to send carries exactly the canonical query.
		expect(signed.url).toBe(
			'https://visual.volcengineapi.com/?Action=CVSync2AsyncSubmitTask&Foo=a%20b%2Ac~d%2F%C3%A9&Version=2022-08-31',
		);
	});

	test('non-ASCII values are UTF-8 percent-encoded byte by byte, uppercase hex', () => {
		expect(
			canonicalQueryString([
				['prompt', '猫'],
				['Action', 'X'],
			]),
		).toBe('Action=X&prompt=%E7%8C%AB');
		expect(rfc3986Encode("(x)!'")).toBe('%28x%29%21%27');
		expect(rfc3986Encode('A-Z_a.z~0 9+')).toBe('A-Z_a.z~0%209%2B');
	});

	test('repeated keys keep their original order, other keys are sorted', () => {
		expect(
			canonicalQueryString([
				['b', '2'],
				['a', 'z'],
				['b', '1'],
				['a', 'y'],
			]),
		).toBe('a=z&a=y&b=2&b=1');
	});

	test('keys without a value and empty values become key=', () => {
		const signed = signVolcengineRequest({ ...base, url: 'https://visual.volcengineapi.com/?flag&Action=X&e=' });
		expect(signed.canonicalQuery).toBe('Action=X&e=&flag=');
	});

	test('a query in the URL changes the signature', () => {
		const plain = signVolcengineRequest(base).signature;
		const withFoo = signVolcengineRequest({ ...base, url: `${SUBMIT_URL}&Foo=1` }).signature;
		expect(withFoo).not.toBe(plain);
	});
});

describe('pieces', () => {
	test('host canonicalisation drops :80 and :443 only, and lowercases', () => {
		expect(canonicalHost('Visual.VolcengineAPI.com:443')).toBe('visual.volcengineapi.com');
		expect(canonicalHost('example.com:80')).toBe('example.com');
		expect(canonicalHost('127.0.0.1:8443')).toBe('127.0.0.1:8443');
		const signed = signVolcengineRequest({ ...base, url: 'http://127.0.0.1:4567/?Action=A' });
		expect(signed.canonicalHeaders).toContain('host:127.0.0.1:4567\n');
	});

	test('explicit https :443 in the URL signs the same as without it', () => {
		const withPort = signVolcengineRequest({ ...base, url: SUBMIT_URL.replace('.com/', '.com:443/') });
		expect(withPort.signature).toBe('741ff47f6317c0b59dba781b6c29c14732cb05dc64a327b970f2115b1abf60f0');
	});

	test('canonical URI: empty path is /, segments RFC 3986-encoded', () => {
		expect(canonicalUri('')).toBe('/');
		expect(canonicalUri('/')).toBe('/');
		expect(canonicalUri('/a b/%E7%8C%AB/x*')).toBe('/a%20b/%E7%8C%AB/x%2A');
	});

	test('X-Date is UTC with second precision', () => {
		expect(formatXDate(new Date(Date.UTC(2024, 11, 31, 23, 59, 58, 999)))).toBe('20241231T235958Z');
		expect(() => formatXDate(new Date(Number.NaN))).toThrow();
	});

	test('an extra signed header must be present on the request', () => {
		expect(() => signVolcengineRequest({ ...base, headers: {}, signedHeaders: ['content-type'] })).toThrow(
			/content-type/,
		);
	});

	test('the secret key appears nowhere in the result', () => {
		const leakProbe = 'Sup3rSecretValueThatMustNotLeak==';
		const signed = signVolcengineRequest({ ...base, secretAccessKey: leakProbe, sessionToken: 'tok' });
		expect(JSON.stringify(signed)).not.toContain(leakProbe);
	});
});
