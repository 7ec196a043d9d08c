/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * Every way a paid OpenAI-compatible call can fail, through n8n's engine against the fake upstream:
 * the final `message` (not n8n's stock text) and the `description` both say what happened and
 * whether it may have been charged, and neither tells the user to retry (issue 10, fixes 1 and 4).
 */
import { createServer } from 'node:net';

import type { INodeParameters } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { RETRY_ADVICE } from '../nodes/Jimeng/errors/failure';
import type { FaultSpec } from './fake-upstream';
import { expectNoLeaks, modelById, runOpenAi, useFakeUpstream } from './openai-support';

const fixture = useFakeUpstream();

const generate = (options: INodeParameters = {}): INodeParameters => ({
	operation: 'generate',
	model: modelById('doubao-seedream-4-5-251128'),
	prompt: 'a red apple on a wooden table',
	size: 'size',
	customSize: '2K',
	options,
});

/** Texts n8n puts in place of a message it recognises: they advise retries or blame the server. */
const N8N_STOCK =
	/Retry on Fail|retry the request|perhaps the server is offline|The connection timed out/i;

async function freePort(): Promise<number> {
	return await new Promise<number>((resolve) => {
		const probe = createServer();
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as { port: number };
			probe.close(() => resolve(port));
		});
	});
}

const SSE = { 'content-type': 'text/event-stream' };

const kinds: Array<[string, FaultSpec | 'refused', INodeParameters, RegExp, RegExp]> = [
	[
		'timeout',
		{ kind: 'delay', ms: 2500 },
		{ timeout: 1 },
		/^The image API did not answer within the timeout \(1 s\)/,
		/may have been charged/,
	],
	[
		'reset',
		'reset',
		{},
		/^The connection to the image API broke before the answer arrived/,
		/may have been charged/,
	],
	[
		'refused',
		'refused',
		{},
		/^The image API refused the connection \[ECONNREFUSED\]/,
		/Nothing was charged/,
	],
	[
		'5xx',
		{ kind: 'serverError', status: 502 },
		{},
		/^The image API returned an error \(HTTP 502\)/,
		/may have been charged/,
	],
	[
		'malformed body',
		'malformed',
		{},
		/^The image API answered with something that is not JSON/,
		/may have been charged/,
	],
	[
		'HTML body',
		{
			kind: 'http',
			status: 200,
			body: '<!DOCTYPE html><html><head><title>Welcome to nginx</title></head><body>hi</body></html>',
			headers: { 'content-type': 'text/html' },
		},
		{},
		/^The image API answered with a web page instead of JSON: Welcome to nginx/,
		/may have been charged/,
	],
	[
		'truncated SSE',
		{
			kind: 'http',
			status: 200,
			headers: SSE,
			body: 'event: image_generation.partial_succeeded\ndata: {"type":"image_generation.partial_succeeded","image_index":0,"url":"https://x',
		},
		{ stream: true },
		/^The image stream broke off before any image arrived \[STREAM_TRUNCATED\]/,
		/may have been charged/,
	],
];

describe('a failed paid call says whether it may have been charged, in message and description', () => {
	test.each(kinds)('%s', async (_kind, fault, options, message, charge) => {
		const { fake } = fixture;
		let url: string | undefined;
		if (fault === 'refused') url = `http://127.0.0.1:${await freePort()}/api/v3`;
		else fake.fault('generations', fault);
		const result = await runOpenAi({ fake, base: 'ark', url, parameters: generate(options) });
		expect(result.status).toBe('error');
		const error = result.error!;
		expect(error.thrown).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(message);
		expect(error.description).toMatch(charge);
		const shown = `${error.message}\n${error.description}`;
		expect(shown).not.toMatch(N8N_STOCK);
		expect(shown).not.toMatch(RETRY_ADVICE);
		expectNoLeaks(result);
		// A call that may have been accepted is never repeated.
		if (fault !== 'refused') expect(fake.count('generations')).toBe(1);
	});
});

describe('HTTP 429 insufficient_quota is an empty balance, not a rate limit (fix 4)', () => {
	test.each([
		['insufficient_quota', 'insufficient_quota'],
		['credit_balance_exhausted', 'insufficient_quota'],
	])('code %s: one call, top-up advice, nothing charged', async (code, type) => {
		const { fake } = fixture;
		fake.fault('generations', {
			kind: 'http',
			status: 429,
			headers: { 'content-type': 'application/json' },
			body: {
				error: {
					message: 'You exceeded your current quota, please check your plan and billing details.',
					type,
					param: null,
					code,
				},
			},
		});
		const result = await runOpenAi({ fake, parameters: generate() });
		expect(result.status).toBe('error');
		expect(fake.count('generations')).toBe(1);
		expect(result.error!.message).toBe(
			`The image API returned an error (HTTP 429) [${code}]: You exceeded your current quota, please check your plan and billing details.`,
		);
		expect(result.error!.description).toMatch(/Top up/);
		expect(result.error!.description).toMatch(/Nothing was charged/);
		expect(result.error!.description).not.toMatch(/rate-limit|parallel/i);
		expect(result.logs.filter((line) => /retrying in/.test(line))).toHaveLength(0);
	});

	test('a plain 429 rate limit is still waited out and retried', async () => {
		const { fake } = fixture;
		fake.fault('generations', { kind: 'rateLimit', retryAfter: 0 }, 1);
		const result = await runOpenAi({ fake, parameters: generate() });
		expect(result.error).toBeUndefined();
		expect(fake.count('generations')).toBe(2);
	});
});
