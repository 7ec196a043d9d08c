/**
 * Money safety on the Volcengine visual API (issue 10): a paid task id is never lost (fix 2), a
 * failed task ends the wait at once (fix 3), echoed keys never leak (fix 8), the service's own
 * reason is kept beside ours (fix 9). Real signed HTTP against the fake, in n8n's engine.
 */
import { NodeApiError } from 'n8n-workflow';

import { keptOf } from '../nodes/Jimeng/errors/errors';
import { RETRY_ADVICE } from '../nodes/Jimeng/errors/failure';
import type { FakeUpstream } from './fake-upstream';
import { findSecretLeaks } from './harness/runNode';
import {
	STS_AK,
	STS_SESSION_VALUE,
	STS_SK,
	TEST_AK,
	runVolc,
	startVolcFake,
	volcCredentials,
} from './volcengine-setup';

let fake: FakeUpstream;
beforeAll(async () => {
	fake = await startVolcFake();
});
afterAll(async () => await fake.close());
beforeEach(() => fake.reset());

const SUBMIT = {
	operation: 'submitTask',
	model: 'jimeng_t2i_v40',
	prompt: '一只可爱的柯基犬在草地上玩耍',
	forceSingle: true,
};
const GENERATE = { ...SUBMIT, operation: 'generate', options: { maxPollInterval: 1 } };

describe('fix 2: the OpenAPI-style submit answer {ResponseMetadata, Result: {TaskId}} (seed 003)', () => {
	it('Submit Task outputs its task id (a 19-digit id kept exactly)', async () => {
		const taskId = '7392616336519610409';
		fake.override('submit', () => ({
			status: 200,
			headers: { 'content-type': 'application/json' },
			// Written as a number on purpose: JSON.parse would round it.
			body: `{"ResponseMetadata":{"RequestId":"20251122125632C2F5E590C119678DDDF2","Action":"CVSync2AsyncSubmitTask","Version":"2022-08-31"},"Result":{"TaskId":${taskId}}}`,
		}));
		const result = await runVolc(fake, SUBMIT);
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			{
				json: {
					taskId,
					reqKey: 'jimeng_t2i_v40',
					requestId: '20251122125632C2F5E590C119678DDDF2',
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(fake.count('submit')).toBe(1);
	});
});

describe('fix 3: GetResult answering 50500 / 50501 means the task failed', () => {
	it.each([50500, 50501])('%d ends the wait at the first answer, naming the task', async (code) => {
		const task = fake.tasks.create('jimeng_t2i_v40', { inQueuePolls: 1 });
		fake.fault('getResult', { kind: 'volcBusiness', code, message: 'Internal Error' });
		const started = Date.now();
		const result = await runVolc(fake, {
			operation: 'waitForResult',
			timeout: 8,
			options: { maxPollInterval: 1 },
			taskId: task.id,
			taskModel: 'jimeng_t2i_v40',
		});
		expect(Date.now() - started).toBeLessThan(4000);
		expect(fake.count('getResult')).toBe(1);
		expect(result.error?.thrown).toBeInstanceOf(NodeApiError);
		expect(result.error?.message).toMatch(
			new RegExp(
				`^The Jimeng (algorithm )?service failed with an internal error \\[${code}, request ID \\w+\\]: Internal Error$`,
			),
		);
		expect(result.error?.description).toMatch(/The task failed at Volcengine/);
		expect(keptOf(result.error?.thrown)).toMatchObject({
			taskId: task.id,
			reqKey: 'jimeng_t2i_v40',
		});
	});

	it('a submit answered 50500 is one call and says it may have been charged, without retry advice', async () => {
		fake.fault('submit', { kind: 'volcBusiness', code: 50500 });
		const result = await runVolc(fake, GENERATE);
		expect(fake.count('submit')).toBe(1);
		expect(result.error?.message).toMatch(
			/^The Jimeng service failed with an internal error \[50500/,
		);
		expect(result.error?.description).toMatch(/may have been charged/);
		expect(`${result.error?.message} ${result.error?.description}`).not.toMatch(RETRY_ADVICE);
	});
});

describe('fix 8: an error body echoing the signed headers leaks no key', () => {
	it('Authorization (access key id) and X-Security-Token (session token) are redacted everywhere', async () => {
		fake.override('submit', (call) => ({
			status: 403,
			headers: { 'content-type': 'application/json' },
			body: {
				ResponseMetadata: {
					RequestId: 'RECHO',
					Error: {
						Code: 'AccessDenied',
						Message: `denied; Authorization: ${String(call.headers.authorization)}; X-Security-Token: ${String(call.headers['x-security-token'])}`,
					},
				},
			},
		}));
		for (const continueOnFail of [false, true]) {
			const result = await runVolc(fake, SUBMIT, {
				continueOnFail,
				credentials: volcCredentials(fake, {
					accessKeyId: STS_AK,
					secretAccessKey: STS_SK,
					sessionToken: STS_SESSION_VALUE,
				}),
			});
			expect(findSecretLeaks(result, [STS_AK, STS_SESSION_VALUE, STS_SK])).toEqual([]);
			const shown = continueOnFail ? String(result.items[0].json.error) : result.error!.message;
			expect(shown).toMatch(
				/^The Access Key is not allowed to call the visual API \[AccessDenied, request ID RECHO\]: denied; Authorization: HMAC-SHA256 Credential=\*\*\*\//,
			);
			expect(shown).toContain('X-Security-Token: ***');
		}
	});

	it('a permanent key echoed in a business error is redacted too', async () => {
		fake.override('submit', () => ({
			status: 400,
			headers: { 'content-type': 'application/json' },
			body: {
				code: 50200,
				data: null,
				message: `bad request from ${TEST_AK}`,
				request_id: 'RK',
				status: 50200,
			},
		}));
		const result = await runVolc(fake, SUBMIT);
		expect(findSecretLeaks(result, [TEST_AK])).toEqual([]);
		expect(result.error?.message).toContain('bad request from ***');
	});
});

describe("fix 9: the service's own reason is kept beside ours", () => {
	it('a known business code keeps the upstream message in message and in a continue-on-fail item', async () => {
		fake.tasks.next({
			submitFailure: { code: 50200, message: 'prompt is longer than 800 characters' },
		});
		const failed = await runVolc(fake, GENERATE);
		expect(failed.error?.message).toMatch(
			/^Volcengine rejected the request parameters \[50200, request ID \w+\]: prompt is longer than 800 characters$/,
		);
		expect(failed.error?.description).toMatch(/Nothing was charged/);

		fake.tasks.next({
			submitFailure: { code: 50200, message: 'prompt is longer than 800 characters' },
		});
		const kept = await runVolc(fake, GENERATE, { continueOnFail: true });
		expect(kept.items[0].json).toMatchObject({
			error: expect.stringMatching(
				/rejected the request parameters .*: prompt is longer than 800 characters$/,
			),
			code: '50200',
		});
	});
});
