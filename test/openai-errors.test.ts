/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * Upstream error envelopes, retry policy (only what cannot double-bill) and the
 * zero-paid-calls-on-bad-input rule, through n8n's engine against the fake upstream.
 */
import { createServer } from 'node:net';

import type { INodeParameters } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { RETRY_ADVICE } from '../nodes/Jimeng/errors/failure';

import { runJimeng } from './harness/runNode';
import {
	TEST_BEARER,
	expectImageItem,
	expectNoLeaks,
	modelById,
	pngInput,
	runOpenAi,
	useFakeUpstream,
} from './openai-support';

const fixture = useFakeUpstream();

const generate = (extra: INodeParameters = {}): INodeParameters => ({
	operation: 'generate',
	model: modelById('doubao-seedream-4-5-251128'),
	prompt: 'a red apple on a wooden table',
	size: 'size',
	customSize: '2K',
	...extra,
});

function expectApiError(result: Awaited<ReturnType<typeof runOpenAi>>) {
	expect(result.status).toBe('error');
	expect(result.error?.thrown).toBeInstanceOf(NodeApiError);
	expect(result.error?.itemIndex).toBe(0);
	expectNoLeaks(result);
	return result.error!;
}

describe('error envelopes become NodeApiErrors quoting the upstream message and code', () => {
	test('OpenAI-style 401 (wrong key): auth advice, key never shown', async () => {
		const { fake } = fixture;
		const wrongBearer = 'sk-wrong-key-should-not-leak-987654';
		const bad = await runJimeng({
			parameters: generate(),
			credentials: { jimengApi: { url: fake.openaiBaseUrl, apiKey: wrongBearer } },
		});
		expect(bad.status).toBe('error');
		expect(bad.error?.thrown).toBeInstanceOf(NodeApiError);
		expect(bad.error!.httpCode).toBe('401');
		expect(bad.error!.message).toMatch(/HTTP 401/);
		expect(bad.error!.message).toMatch(/\[invalid_api_key\]/);
		expect(bad.error!.description).toMatch(/API key/);
		expect(bad.serializedRun).not.toContain(wrongBearer);
		expect(bad.logs.join('\n')).not.toContain(wrongBearer);
	});

	test.each([
		[
			'Ark moderation (400 InputTextSensitiveContentDetected)',
			400,
			{
				error: {
					code: 'InputTextSensitiveContentDetected',
					message:
						'The request failed because the input text may contain sensitive information. Request id: 0217',
					param: '',
					type: 'BadRequest',
				},
			},
			/Rephrase the prompt/,
		],
		[
			'Ark quota (403 AccountOverdueError)',
			403,
			{
				error: {
					code: 'AccountOverdueError',
					message:
						'The request failed because your account has an overdue balance. Request id: 0218',
					param: '',
					type: 'Forbidden',
				},
			},
			/Top up/,
		],
		[
			'Ark model not open (404 ModelNotOpen)',
			404,
			{
				error: {
					code: 'ModelNotOpen',
					message:
						'Your account has not activated the model doubao-seedream-4-5. Please activate the model service in the Ark Console. Request id: 0219',
					param: '',
					type: 'NotFound',
				},
			},
			/Activate it/,
		],
		[
			'Ark unknown endpoint (404 InvalidEndpointOrModel.NotFound)',
			404,
			{
				error: {
					code: 'InvalidEndpointOrModel.NotFound',
					message:
						'The model or endpoint ep-x does not exist or you do not have access to it. Request id: 0220',
					param: '',
					type: 'NotFound',
				},
			},
			/model ID/,
		],
		[
			'OpenAI insufficient_quota (400)',
			400,
			{
				error: {
					message: 'You exceeded your current quota, please check your plan and billing details.',
					type: 'insufficient_quota',
					param: null,
					code: 'insufficient_quota',
				},
			},
			/Top up/,
		],
	])('%s', async (_name, status, body, advice) => {
		const { fake } = fixture;
		fake.fault('generations', {
			kind: 'http',
			status,
			body,
			headers: { 'content-type': 'application/json' },
		});
		const result = await runOpenAi({ fake, base: 'ark', parameters: generate() });
		const error = expectApiError(result);
		const upstream = (body as { error: { code: string; message: string } }).error;
		expect(error.message).toContain(upstream.message);
		expect(error.message).toContain(`[${upstream.code}]`);
		expect(error.httpCode).toBe(String(status));
		expect(error.description).toMatch(advice);
		expect(fake.count('generations')).toBe(1);
	});

	test.each([
		[-2009, '[请求jimeng失败]: 积分不足', /Top up/],
		[-2006, '内容违规，请修改提示词', /Rephrase/],
		[-2002, 'token已失效', /API key/],
	])('relay HTTP 200 with code %i', async (code, message, advice) => {
		const { fake } = fixture;
		fake.fault('generations', { kind: 'relayError', code, message });
		const result = await runOpenAi({
			fake,
			parameters: generate({ model: modelById('jimeng-4.5'), size: 'default' }),
		});
		const error = expectApiError(result);
		expect(error.message).toContain(message);
		expect(error.message).toContain(`[${code}]`);
		expect(error.description).toMatch(advice);
		expect(fake.count('generations')).toBe(1);
	});

	test('a relay that echoes the key in its message has it redacted', async () => {
		const { fake } = fixture;
		fake.override('generations', () => ({
			status: 401,
			body: {
				error: {
					message: `Invalid token ${TEST_BEARER}`,
					type: 'new_api_error',
					code: 'invalid_token',
				},
			},
		}));
		const result = await runOpenAi({ fake, parameters: generate() });
		const error = expectApiError(result);
		expect(error.message).toContain('Invalid token ***');
	});

	test('malformed JSON on HTTP 200 is an error, not retried', async () => {
		const { fake } = fixture;
		fake.fault('generations', 'malformed');
		const result = await runOpenAi({ fake, parameters: generate() });
		const error = expectApiError(result);
		expect(error.message).toMatch(/not JSON/);
		expect(fake.count('generations')).toBe(1);
	});
});

describe('retries: only what cannot double-bill', () => {
	test('429 with Retry-After: waits as told, then one successful (billed) call', async () => {
		const { fake } = fixture;
		fake.fault('generations', { kind: 'rateLimit', retryAfter: 1 });
		const result = await runOpenAi({ fake, parameters: generate() });
		expect(result.error).toBeUndefined();
		const calls = fake.callsTo('generations');
		expect(calls.map((call) => call.status)).toEqual([429, 200]);
		expect(calls[1].time - calls[0].time).toBeGreaterThanOrEqual(950);
		expect(result.logs.some((line) => /retrying in 1000 ms/.test(line))).toBe(true);
		expect(result.items).toHaveLength(1);
		expectImageItem(result.items[0], { type: 'jpeg', width: 2048, height: 2048 });
		expectNoLeaks(result);
	});

	test('429 with a Retry-After too long to wait is reported with rate-limit advice', async () => {
		const { fake } = fixture;
		fake.fault('generations', { kind: 'rateLimit', retryAfter: 3600 });
		const result = await runOpenAi({ fake, parameters: generate() });
		const error = expectApiError(result);
		expect(error.httpCode).toBe('429');
		expect(error.description).toMatch(/rate-limiting/);
		expect(fake.count('generations')).toBe(1);
	});

	test('a 5xx of a generation is never repeated', async () => {
		const { fake } = fixture;
		fake.fault('generations', { kind: 'serverError', status: 502 });
		const result = await runOpenAi({ fake, parameters: generate() });
		const error = expectApiError(result);
		expect(error.httpCode).toBe('502');
		expect(error.description).toMatch(/did not repeat it/);
		expect(fake.count('generations')).toBe(1);
	});

	test('a reset connection (maybe accepted) is never repeated', async () => {
		const { fake } = fixture;
		fake.fault('generations', 'reset');
		const result = await runOpenAi({ fake, parameters: generate() });
		const error = expectApiError(result);
		expect(error.message).toMatch(
			/^The connection to the image API broke before the answer arrived/,
		);
		expect(error.description).toMatch(/may have been charged/);
		expect(error.description).toMatch(/did not repeat it/);
		expect(`${error.message} ${error.description}`).not.toMatch(RETRY_ADVICE);
		expect(fake.count('generations')).toBe(1);
	});

	test('a refused connection (nothing accepted) is retried, then reported', async () => {
		const { fake } = fixture;
		const port = await new Promise<number>((resolve) => {
			const probe = createServer();
			probe.listen(0, '127.0.0.1', () => {
				const { port: free } = probe.address() as { port: number };
				probe.close(() => resolve(free));
			});
		});
		const result = await runOpenAi({
			fake,
			url: `http://127.0.0.1:${port}/v1`,
			parameters: generate(),
		});
		const error = expectApiError(result);
		expect(error.message).toMatch(/^The image API refused the connection \[ECONNREFUSED\]/);
		expect(error.description).toMatch(/Nothing was charged/);
		expect(result.logs.filter((line) => /retrying in/.test(line))).toHaveLength(2);
	});
});

describe('partial results survive', () => {
	test('an error entry in data[] is an {index, error} item; the good images are kept', async () => {
		const { fake } = fixture;
		fake.configure({ openai: { failIndexes: [1] } });
		const result = await runOpenAi({
			fake,
			base: 'ark',
			parameters: generate({ options: { sequentialImageGeneration: 'auto', maxImages: 3 } }),
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expectImageItem(result.items[0], { type: 'jpeg', width: 2048, height: 2048 });
		expect(result.items[1].binary).toBeUndefined();
		expect(result.items[1].json).toMatchObject({
			index: 1,
			code: 'OutputImageSensitiveContentDetected',
		});
		expect(result.items[1].json.error).toMatch(/sensitive information/);
		expect(result.items[1].pairedItem).toEqual({ item: 0 });
		expectImageItem(result.items[2], { type: 'jpeg', width: 2048, height: 2048 });
		expect(result.items[2].json.index).toBe(2);
	});

	test('SSE: a partial_failed frame is reported in its place', async () => {
		const { fake } = fixture;
		fake.configure({ openai: { failIndexes: [1] } });
		const result = await runOpenAi({
			fake,
			base: 'ark',
			parameters: generate({
				options: { sequentialImageGeneration: 'auto', maxImages: 3, stream: true },
			}),
		});
		expect(result.error).toBeUndefined();
		expect(fake.lastCall('generations')!.json).toMatchObject({
			stream: true,
			sequential_image_generation: 'auto',
			sequential_image_generation_options: { max_images: 3 },
		});
		expect(
			result.items.map((item) => [item.json.index, item.binary ? 'image' : item.json.code]),
		).toEqual([
			[0, 'image'],
			[1, 'OutputImageSensitiveContentDetected'],
			[2, 'image'],
		]);
		expect(result.items[0].json.usage).toMatchObject({ generated_images: 2 });
	});

	test('SSE: a fatal error frame after the first image keeps it and reports the rest', async () => {
		const { fake } = fixture;
		fake.configure({ openai: { streamFatalAfter: 1 } });
		const result = await runOpenAi({
			fake,
			base: 'ark',
			parameters: generate({
				options: { sequentialImageGeneration: 'auto', maxImages: 3, stream: true },
			}),
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		expectImageItem(result.items[0], { type: 'jpeg', width: 2048, height: 2048 });
		expect(result.items[1].json).toMatchObject({ index: 1, code: 'InternalServiceError' });
	});

	test('SSE: a fatal error before any image fails the node with the upstream message', async () => {
		const { fake } = fixture;
		fake.configure({ openai: { streamFatalAfter: 0 } });
		const result = await runOpenAi({
			fake,
			base: 'ark',
			parameters: generate({ options: { stream: true } }),
		});
		const error = expectApiError(result);
		expect(error.message).toContain('[InternalServiceError]');
	});

	test('every image failing moderation fails the item with moderation advice', async () => {
		const { fake } = fixture;
		fake.configure({ openai: { failIndexes: [0] } });
		const result = await runOpenAi({ fake, base: 'ark', parameters: generate() });
		const error = expectApiError(result);
		expect(error.message).toContain('OutputImageSensitiveContentDetected');
		expect(error.description).toMatch(/Rephrase/);
	});
});

describe('bad input is rejected before any request', () => {
	const cases: Array<[string, INodeParameters, RegExp, ReturnType<typeof pngInput>?, string?]> = [
		['empty prompt', generate({ prompt: '   ' }), /prompt is empty/],
		['unknown size format', generate({ customSize: 'huge' }), /not a size format/],
		[
			'too many references for the model',
			generate({
				model: modelById('doubao-seededit-3-0-i2i-250628'),
				referenceImages: {
					images: [
						{ source: 'url', url: 'https://a/1.png' },
						{ source: 'url', url: 'https://a/2.png' },
					],
				},
			}),
			/Reference Images: SeedEdit 3\.0 takes at most 1 input image,/,
		],
		[
			'reference URL that is not http(s)',
			generate({ referenceImages: { images: [{ source: 'url', url: 'file:///etc/passwd' }] } }),
			/not an http\(s\) URL/,
		],
		[
			'missing binary property',
			generate({ referenceImages: { images: [{ source: 'binary', binaryPropertyName: 'nope' }] } }),
			/no binary property "nope"/,
			pngInput({ data: { width: 8, height: 8 } }),
		],
		[
			'non-image binary',
			{
				operation: 'edit',
				model: modelById('gpt-image-2'),
				prompt: 'x',
				inputImages: 'doc',
			},
			/not a PNG, JPEG, WebP or GIF/,
			{
				json: {},
				binary: {
					doc: {
						data: Buffer.from('hello, not an image'),
						mimeType: 'text/plain',
						fileName: 'a.txt',
					},
				},
			},
		],
		[
			'mask without image',
			{
				operation: 'edit',
				model: modelById('gpt-image-2'),
				prompt: 'x',
				inputImages: '',
				options: { maskBinaryProperty: 'mask' },
			},
			/No input image/,
			pngInput({ mask: { width: 8, height: 8 } }),
		],
		[
			'mask with the Ark generations style',
			{
				operation: 'edit',
				model: modelById('doubao-seedream-4-5-251128'),
				requestStyle: 'generations',
				prompt: 'x',
				options: { maskBinaryProperty: 'mask' },
			},
			/mask cannot be sent/,
			pngInput({ data: { width: 8, height: 8 }, mask: { width: 8, height: 8 } }),
		],
		[
			'invalid additional body fields',
			generate({ options: { additionalBodyFields: '{"negative_prompt": ' } }),
			/not valid JSON/,
		],
		[
			'wrong base URL',
			generate(),
			/already ends with "\/images\/generations"/,
			undefined,
			'/v1/images/generations',
		],
	];

	// Rest parameters: rows are shorter than five, and jest would take a fifth named one for `done`.
	test.each(cases)('%s', async (...row) => {
		const [, parameters, message, input, urlSuffix] = row;
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			url: urlSuffix ? `${fake.url}${urlSuffix}` : undefined,
			parameters,
			input: input ? [input] : undefined,
		});
		expect(result.status).toBe('error');
		expect(result.error?.thrown).toBeInstanceOf(NodeOperationError);
		expect(result.error!.message).toMatch(message);
		expect(result.error!.itemIndex).toBe(0);
		expect(fake.paidCalls()).toBe(0);
		expect(fake.calls).toHaveLength(0);
		expectNoLeaks(result);
	});
});

describe('continue on fail', () => {
	test('a bad item becomes {error} paired to it; the next item still runs', async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			continueOnFail: true,
			input: [{ json: { prompt: '' } }, { json: { prompt: 'a blue bird' } }],
			parameters: generate({ prompt: '={{ $json.prompt }}' }),
		});
		expect(result.status).toBe('success');
		expect(result.items).toHaveLength(2);
		expect(result.items[0].json.error).toMatch(/prompt is empty/);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expectImageItem(result.items[1], { type: 'jpeg', width: 2048, height: 2048, pairedItem: 1 });
		expect(fake.paidCalls()).toBe(1);
		expect(fake.lastCall('generations')!.json.prompt).toBe('a blue bird');
	});

	test('an upstream error becomes {error} with the advice, and no secret', async () => {
		const { fake } = fixture;
		fake.fault('generations', { kind: 'relayError', code: -2009, message: '积分不足' });
		const result = await runOpenAi({ fake, continueOnFail: true, parameters: generate() });
		expect(result.status).toBe('success');
		expect(result.items).toEqual([
			expect.objectContaining({
				json: expect.objectContaining({ error: expect.stringContaining('积分不足') }),
				pairedItem: { item: 0 },
			}),
		]);
		expect(result.items[0].json.details).toMatch(/Top up/);
		expectNoLeaks(result);
	});
});

describe('review: secrets, empty answers and downloads', () => {
	test('a key pasted with a trailing newline is still redacted when a relay echoes it', async () => {
		const { fake } = fixture;
		fake.override('generations', () => ({
			status: 401,
			body: { error: { message: `Invalid token ${TEST_BEARER}`, code: 'invalid_token' } },
		}));
		const result = await runJimeng({
			parameters: generate(),
			credentials: { jimengApi: { url: fake.openaiBaseUrl, apiKey: `${TEST_BEARER}\n` } },
		});
		const error = expectApiError(result);
		expect(error.message).toContain('Invalid token ***');
	});

	test('a data[] error entry that echoes the key is redacted in its item and the log', async () => {
		const { fake } = fixture;
		fake.override('generations', (_call, { fileUrl }) => ({
			status: 200,
			body: {
				created: 1,
				data: [
					{ url: fileUrl('gen-x-0-64x64.png') },
					{ error: { code: 'bad_key', message: `quota of ${TEST_BEARER} is used up` } },
				],
			},
		}));
		const result = await runOpenAi({ fake, parameters: generate() });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		expect(result.items[1].json.error).toContain('quota of *** is used up');
		expectNoLeaks(result);
	});

	test('an SSE partial_failed frame that echoes the key is redacted', async () => {
		const { fake } = fixture;
		fake.override('generations', (_call, { fileUrl }) => ({
			status: 200,
			headers: { 'content-type': 'text/event-stream' },
			body: [
				`data: ${JSON.stringify({ type: 'image_generation.partial_succeeded', image_index: 0, url: fileUrl('gen-x-0-64x64.png') })}`,
				`data: ${JSON.stringify({ type: 'image_generation.partial_failed', image_index: 1, error: { code: 'x', message: `key ${TEST_BEARER} refused` } })}`,
				'data: [DONE]',
				'',
			].join('\n\n'),
		}));
		const result = await runOpenAi({
			fake,
			parameters: generate({ options: { stream: true } }),
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		expect(result.items[1].json.error).toContain('key *** refused');
		expectNoLeaks(result);
	});

	test('HTTP 200 with an empty data[] fails instead of succeeding with no items', async () => {
		const { fake } = fixture;
		fake.override('generations', () => ({ status: 200, body: { created: 1, data: [] } }));
		const result = await runOpenAi({ fake, parameters: generate() });
		const error = expectApiError(result);
		expect(error.message).toMatch(/no image/i);
		expect(fake.count('generations')).toBe(1);
	});

	test('a download answering Retry-After: 3600 is reported, not waited out', async () => {
		const { fake } = fixture;
		fake.fault('download', { kind: 'http', status: 503, headers: { 'retry-after': '3600' } });
		const result = await runOpenAi({ fake, continueOnFail: true, parameters: generate() });
		expect(result.status).toBe('success');
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toMatch(/HTTP 503/);
		expect(fake.count('download')).toBe(1);
		expect(fake.paidCalls()).toBe(1);
	}, 15_000);

	test('when every download fails, the continue-on-fail item still holds the paid image URLs', async () => {
		const { fake } = fixture;
		fake.override('generations', () => ({
			status: 200,
			body: { created: 1, data: [{ url: `${fake.url}/files/missing.png?signed=abc` }] },
		}));
		const result = await runOpenAi({ fake, continueOnFail: true, parameters: generate() });
		expect(result.status).toBe('success');
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toMatch(/download/i);
		expect(result.items[0].json.urls).toEqual([`${fake.url}/files/missing.png?signed=abc`]);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
	});

	test('an SSE answer is read as SSE even when stream was asked for through additional fields', async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			base: 'ark',
			parameters: generate({ options: { additionalBodyFields: '{"stream": "true"}' } }),
		});
		expect(result.error).toBeUndefined();
		expect(fake.lastCall('generations')!.json.stream).toBe('true');
		expect(result.items).toHaveLength(1);
		expectImageItem(result.items[0], { type: 'jpeg', width: 2048, height: 2048 });
		expect(fake.paidCalls()).toBe(1);
	});
});
