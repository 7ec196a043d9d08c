/**
 * A credential the node cannot use is refused before the first call of the run, naming the
 * credential field, whatever the item count or Continue On Fail: empty or pasted-wrong keys and an
 * endpoint that is not an http(s) URL. Pure checks first, then the node in n8n's engine against the
 * fake upstream, which must receive nothing.
 */
import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { startFakeUpstream, type FakeUpstream } from './fake-upstream';
import { findSecretLeaks, runJimeng, runJimengVisual } from './harness/runNode';
import {
	checkApiCredential,
	checkVolcengineCredential,
} from '../nodes/Jimeng/auth/credentialChecks';
import { TEST_BEARER } from './openai-support';
import { TEST_AK, TEST_SK } from './volcengine-setup';

describe('credential checks (pure)', () => {
	const url = 'https://ark.cn-beijing.volces.com/api/v3';

	test.each([
		['empty', '', /API Key of the credential is empty/],
		['spaces only', '   \t', /API Key of the credential is empty/],
		['not a string', undefined, /API Key of the credential is empty/],
		['with "Bearer "', 'Bearer sk-abc', /starts with "Bearer "/],
		['with a line break', 'sk-abc\ndef', /contains a space or a line break/],
	])('API Key %s is refused', (_label, apiKey, message) => {
		const problem = checkApiCredential({ url, apiKey });
		expect(problem?.field).toBe('API Key');
		expect(problem?.problem).toMatch(message);
		expect(problem?.hint.length).toBeGreaterThan(20);
	});

	test('a key with spaces around it is what authenticate() sends trimmed: accepted', () => {
		expect(checkApiCredential({ url, apiKey: '  sk-abc  ' })).toBeUndefined();
	});

	test('the Base URL is checked first and named', () => {
		expect(checkApiCredential({ url: 'ark.cn-beijing.volces.com/api/v3', apiKey: 'k' })).toMatchObject(
			{ field: 'Base URL', problem: expect.stringMatching(/must start with http/) },
		);
		expect(checkApiCredential({ url: `${url}/images/generations`, apiKey: 'k' })).toMatchObject({
			field: 'Base URL',
		});
	});

	const volc = { accessKeyId: 'AKLTabc', secretAccessKey: 'c2VjcmV0', endpoint: '' };

	test.each([
		['Access Key ID empty', { accessKeyId: '' }, 'Access Key ID', /is empty/],
		['Access Key ID spaces', { accessKeyId: '  ' }, 'Access Key ID', /is empty/],
		['Secret Access Key empty', { secretAccessKey: '' }, 'Secret Access Key', /is empty/],
		['Secret with a space', { secretAccessKey: 'ab cd' }, 'Secret Access Key', /space/],
		['Endpoint without scheme', { endpoint: 'visual.volcengineapi.com' }, 'Endpoint', /http/],
		['Endpoint ftp', { endpoint: 'ftp://visual.volcengineapi.com' }, 'Endpoint', /http/],
	])('%s is refused', (_label, override, field, message) => {
		const problem = checkVolcengineCredential({ ...volc, ...override });
		expect(problem?.field).toBe(field);
		expect(problem?.problem).toMatch(message);
	});

	test('an empty Endpoint means the default one; an http(s) proxy is accepted', () => {
		expect(checkVolcengineCredential(volc)).toBeUndefined();
		expect(
			checkVolcengineCredential({ ...volc, endpoint: 'http://127.0.0.1:8080/proxy' }),
		).toBeUndefined();
	});
});

describe('in n8n: refused before any call', () => {
	let fake: FakeUpstream;
	beforeAll(async () => {
		fake = await startFakeUpstream({
			apiKey: TEST_BEARER,
			volcengine: { credentials: [{ accessKeyId: TEST_AK, secretAccessKey: TEST_SK }] },
		});
	});
	beforeEach(() => fake.reset());
	afterAll(async () => await fake.close());

	const openaiGenerate: INodeParameters = {
		operation: 'generate',
		model: { __rl: true, mode: 'id', value: 'jimeng-4.0' },
		prompt: 'a red apple',
	};
	const volcGenerate: INodeParameters = {
		operation: 'generate',
		prompt: 'a red apple',
	};

	/** Each backend is its own node type: the visual API's parameters have no resource-locator model. */
	const runFor = (parameters: INodeParameters) =>
		typeof parameters.model === 'object' ? runJimeng : runJimengVisual;

	interface Case {
		label: string;
		parameters: INodeParameters;
		credentials: (fake: FakeUpstream) => Record<string, ICredentialDataDecryptedObject>;
		message: RegExp;
		field: string;
	}
	const openaiCredential = (apiKey: string, url?: string) => (f: FakeUpstream) => ({
		jimengApi: { url: url ?? f.openaiBaseUrl, apiKey },
	});
	const volcCredential = (overrides: ICredentialDataDecryptedObject) => (f: FakeUpstream) => ({
		jimengVolcengineApi: {
			accessKeyId: TEST_AK,
			secretAccessKey: TEST_SK,
			sessionToken: '',
			region: 'cn-north-1',
			endpoint: f.volcEndpoint,
			...overrides,
		},
	});

	const cases: Case[] = [
		{
			label: 'empty API Key',
			parameters: openaiGenerate,
			credentials: openaiCredential(''),
			message: /API Key of the credential is empty/,
			field: 'API Key',
		},
		{
			label: 'API Key of spaces',
			parameters: openaiGenerate,
			credentials: openaiCredential('   '),
			message: /API Key of the credential is empty/,
			field: 'API Key',
		},
		{
			label: 'API Key pasted with "Bearer "',
			parameters: openaiGenerate,
			credentials: openaiCredential(`Bearer ${TEST_BEARER}`),
			message: /starts with "Bearer "/,
			field: 'API Key',
		},
		{
			label: 'Base URL not http(s)',
			parameters: openaiGenerate,
			credentials: openaiCredential(TEST_BEARER, 'localhost/v1'),
			message: /must start with http/,
			field: 'Base URL',
		},
		{
			label: 'empty Access Key ID',
			parameters: volcGenerate,
			credentials: volcCredential({ accessKeyId: '' }),
			message: /Access Key ID of the credential is empty/,
			field: 'Access Key ID',
		},
		{
			label: 'empty Secret Access Key',
			parameters: volcGenerate,
			credentials: volcCredential({ secretAccessKey: ' ' }),
			message: /Secret Access Key of the credential is empty/,
			field: 'Secret Access Key',
		},
		{
			label: 'Endpoint not http(s)',
			parameters: volcGenerate,
			credentials: volcCredential({ endpoint: 'visual.volcengineapi.com' }),
			message: /Endpoint of the credential is not an http\(s\) URL/,
			field: 'Endpoint',
		},
	];

	test.each(cases)('$label: three items, nothing sent', async (c) => {
		const result = await runFor(c.parameters)({
			parameters: c.parameters,
			credentials: c.credentials(fake),
			input: [{ json: {} }, { json: {} }, { json: {} }],
		});
		expect(result.error?.message).toMatch(c.message);
		expect(result.error?.description).toContain(`check ${c.field}.`);
		expect(result.error?.description).toMatch(/Nothing was sent\.$/);
		expect(fake.calls).toHaveLength(0);
		expect(findSecretLeaks(result, [TEST_BEARER, TEST_SK])).toEqual([]);
	});

	test('Continue On Fail does not turn a bad credential into one paid call per item', async () => {
		const result = await runJimengVisual({
			parameters: { ...volcGenerate, operation: 'submitTask' },
			credentials: volcCredential({ accessKeyId: '' })(fake),
			input: [{ json: {} }, { json: {} }],
			continueOnFail: true,
		});
		expect(result.error?.message).toMatch(/Access Key ID of the credential is empty/);
		expect(fake.calls).toHaveLength(0);
	});

	test('control: the same runs with good credentials reach the fake', async () => {
		const openai = await runJimeng({
			parameters: openaiGenerate,
			credentials: openaiCredential(`  ${TEST_BEARER}  `)(fake),
			input: [{ json: {} }],
		});
		expect(openai.error).toBeUndefined();
		expect(openai.items).toHaveLength(1);
		const volc = await runJimengVisual({
			parameters: { ...volcGenerate, operation: 'submitTask' },
			credentials: volcCredential({})(fake),
			input: [{ json: {} }],
		});
		expect(volc.error).toBeUndefined();
		expect(fake.paidCalls()).toBe(2);
	});
});
