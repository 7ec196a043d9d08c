/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Submit Task, Wait for Result (wait and check-once) and the waiting inside Generate: every task
 * status, transient faults while polling, timeout with a resumable error, and cancellation.
 */
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { keptOf } from '../nodes/Jimeng/errors/errors';

import { readImageSize, type FakeUpstream } from './fake-upstream';
import {
	SEED_BODY,
	expectAllSignaturesValid,
	runVolc,
	startVolcFake,
	volcCredentials,
	whenCalls,
} from './volcengine-setup';

let fake: FakeUpstream;

beforeAll(async () => {
	fake = await startVolcFake();
});
afterAll(async () => {
	await fake.close();
});
beforeEach(() => fake.reset());

const FAST = { maxPollInterval: 1 };
const SUBMIT = {
	operation: 'submitTask',
	model: 'jimeng_t2i_v40',
	prompt: '一只可爱的柯基犬在草地上玩耍',
	size: '2K',
	forceSingle: true,
};
const WAIT = { operation: 'waitForResult', options: FAST };
const CHECK_ONCE = { operation: 'waitForResult', waitMode: 'checkOnce' };

describe('Submit Task', () => {
	it('outputs the task id as a string with reqKey and requestId, and does not poll', async () => {
		const result = await runVolc(fake, SUBMIT);
		expect(result.error).toBeUndefined();
		expect(fake.count('submit')).toBe(1);
		expect(fake.count('getResult')).toBe(0);
		const [task] = fake.tasks.list();
		expect(result.items).toEqual([
			{
				json: { taskId: task.id, reqKey: 'jimeng_t2i_v40', requestId: expect.any(String) },
				pairedItem: { item: 0 },
			},
		]);
		expect(task.submitBody).toEqual(SEED_BODY);
	});

	it('keeps a 19-digit task id exact even when the upstream sends it as a JSON number', async () => {
		fake.override('submit', () => ({
			status: 200,
			headers: { 'content-type': 'application/json' },
			body: '{"code":10000,"data":{"task_id":7392616336519610409},"message":"Success","request_id":"REQNUM","status":10000,"time_elapsed":"5ms"}',
		}));
		const result = await runVolc(fake, SUBMIT);
		expect(result.items[0].json).toEqual({
			taskId: '7392616336519610409',
			reqKey: 'jimeng_t2i_v40',
			requestId: 'REQNUM',
		});
		// What a plain JSON.parse would have produced instead:
		expect(String(JSON.parse('{"id":7392616336519610409}').id)).not.toBe('7392616336519610409');
	});
});

describe('Wait for Result', () => {
	it('reads taskId and reqKey from the incoming item (the Submit Task output) and outputs the images', async () => {
		const submitted = await runVolc(fake, SUBMIT);
		fake.configure({ volcengine: { imageCount: 2 } });
		const result = await runVolc(fake, WAIT, { input: [{ json: submitted.items[0].json }] });
		expect(result.error).toBeUndefined();
		const taskId = submitted.items[0].json.taskId;
		expect(fake.callsTo('getResult').map((call) => call.json.task_id)).toEqual([
			taskId,
			taskId,
			taskId,
		]);
		expect(result.items).toHaveLength(1); // force_single was set at submit
		expect(result.items[0].json).toMatchObject({
			taskId,
			reqKey: 'jimeng_t2i_v40',
			index: 0,
			status: 'done',
		});
		expect(readImageSize(result.items[0].binary!.data.buffer)).toMatchObject({
			width: 2048,
			height: 2048,
		});
		expectAllSignaturesValid(fake);
	});

	it('walks in_queue → generating → done with Check Once, as a Wait + If loop would', async () => {
		const task = fake.tasks.create('jimeng_t2i_v31', { images: 2, width: 1328, height: 1328 });
		const input = [{ json: { taskId: task.id, reqKey: 'jimeng_t2i_v31' } }];

		const first = await runVolc(fake, CHECK_ONCE, { input });
		expect(first.items).toEqual([
			{
				json: {
					taskId: task.id,
					reqKey: 'jimeng_t2i_v31',
					status: 'in_queue',
					done: false,
					requestId: expect.any(String),
				},
				pairedItem: { item: 0 },
			},
		]);
		const second = await runVolc(fake, CHECK_ONCE, { input });
		expect(second.items[0].json).toMatchObject({ status: 'generating', done: false });

		const third = await runVolc(fake, CHECK_ONCE, { input });
		expect(third.items).toHaveLength(2);
		third.items.forEach((item, index) => {
			expect(item.json).toMatchObject({
				taskId: task.id,
				reqKey: 'jimeng_t2i_v31',
				status: 'done',
				done: true,
				index,
			});
			expect(readImageSize(item.binary!.data.buffer)).toMatchObject({ width: 1328, height: 1328 });
		});
		expect(fake.count('getResult')).toBe(3);
	});

	it('Check Once retries a transient failure of its one look', async () => {
		const task = fake.tasks.create('jimeng_t2i_v40');
		fake.fault('getResult', 'reset');
		const result = await runVolc(fake, CHECK_ONCE, {
			input: [{ json: { taskId: task.id, reqKey: 'jimeng_t2i_v40' } }],
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ status: 'in_queue', done: false });
		expect(fake.count('getResult')).toBe(2);
	});

	it('rejects a missing task id before calling anything', async () => {
		const result = await runVolc(fake, WAIT, { input: [{ json: { somethingElse: 1 } }] });
		expect(result.error?.message).toBe('Task ID is empty');
		expect(result.error?.description).toMatch(/Submit Task/);
		expect(fake.calls).toHaveLength(0);
	});

	it('not_found: fails with what it means, and continueOnFail keeps taskId/reqKey/status', async () => {
		const input = [{ json: { taskId: '7000000000000000001', reqKey: 'jimeng_t2i_v40' } }];
		const failed = await runVolc(fake, WAIT, { input });
		expect(failed.error?.thrown).toBeInstanceOf(NodeApiError);
		expect(failed.error?.message).toMatch(
			/no task with this ID.*7000000000000000001.*\[not_found, request ID/,
		);
		expect(failed.error?.description).toMatch(/12 hours/);
		expect(fake.count('getResult')).toBe(1);

		const continued = await runVolc(fake, WAIT, { input, continueOnFail: true });
		expect(continued.items).toEqual([
			{
				json: expect.objectContaining({
					error: expect.stringMatching(/not_found/),
					taskId: '7000000000000000001',
					reqKey: 'jimeng_t2i_v40',
					status: 'not_found',
				}),
				pairedItem: { item: 0 },
			},
		]);
	});

	it('expired: fails and says to submit again', async () => {
		const task = fake.tasks.create('jimeng_t2i_v40', { status: 'expired' });
		const result = await runVolc(fake, WAIT, {
			input: [{ json: { taskId: task.id, reqKey: 'jimeng_t2i_v40' } }],
		});
		expect(result.error?.message).toMatch(/expired/);
		expect(result.error?.description).toMatch(/12 hours/);
	});

	it('done with a failure code (50511 output review): fails with the code, not retried', async () => {
		const task = fake.tasks.create('jimeng_t2i_v40', { failure: { code: 50511 } });
		const result = await runVolc(fake, WAIT, {
			input: [{ json: { taskId: task.id, reqKey: 'jimeng_t2i_v40' } }],
		});
		expect(result.error?.message).toMatch(
			/generated image did not pass content review \[50511, request ID/,
		);
		expect(result.error?.httpCode).toBe('400');
		expect(keptOf(result.error?.thrown)).toEqual({
			taskId: task.id,
			reqKey: 'jimeng_t2i_v40',
			status: 'generating',
		});
		expect(fake.count('getResult')).toBe(3);
	});

	it('a wrong req_key for the task (50215) names the task id and model as the things to check', async () => {
		const task = fake.tasks.create('jimeng_t2i_v40');
		const result = await runVolc(fake, WAIT, {
			input: [{ json: { taskId: task.id, reqKey: 'jimeng_t2i_v31' } }],
		});
		expect(result.error?.message).toMatch(/\[50215/);
		expect(result.error?.description).toMatch(/task ID and the model/);
		expect(fake.count('getResult')).toBe(1);
	});

	it('recovers from transient faults while polling (reset, 5xx, HTML 502, 50429, 50430, unreadable 200)', async () => {
		const task = fake.tasks.create('jimeng_t2i_v40', { inQueuePolls: 2, generatingPolls: 2 });
		const script: Array<
			'ok' | 'reset' | { status: number; body: unknown; headers?: Record<string, string> }
		> = [
			'reset',
			'ok',
			{
				status: 503,
				body: {
					ResponseMetadata: {
						RequestId: 'R503',
						Error: { Code: 'InternalServiceTimeout', Message: 'timeout' },
					},
				},
			},
			'ok',
			{
				status: 502,
				body: '<html><body>502 Bad Gateway</body></html>',
				headers: { 'content-type': 'text/html' },
			},
			{
				status: 429,
				body: {
					code: 50429,
					data: null,
					message: 'Request Has Reached API Limit',
					request_id: 'R429',
					status: 50429,
				},
			},
			'ok',
			{
				status: 429,
				body: {
					code: 50430,
					data: null,
					message: 'Concurrent Limit',
					request_id: 'R430',
					status: 50430,
				},
			},
			{ status: 200, body: '{"code":10000,"data":{"status":"gen' },
			'ok',
			'ok',
		];
		let call = 0;
		fake.override('getResult', () => {
			const step = script[call++] ?? 'ok';
			if (step === 'ok') return undefined;
			if (step === 'reset') return 'reset';
			return step;
		});
		const result = await runVolc(fake, WAIT, {
			input: [{ json: { taskId: task.id, reqKey: 'jimeng_t2i_v40' } }],
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].binary?.data).toBeDefined();
		expect(call).toBe(script.length);
		expect(result.logs.filter((line) => line.includes('trying again'))).toHaveLength(6);
	});

	it('a network fault of a kind not listed anywhere (an unparsable HTTP answer) does not end the wait either', async () => {
		const task = fake.tasks.create('jimeng_t2i_v40');
		// A middlebox between n8n and Volcengine: the first connection gets bytes that are not HTTP
		// (Node reports HPE_INVALID_CONSTANT), later ones are passed through to the fake.
		let connections = 0;
		const sockets = new Set<Socket>();
		const proxy = createServer((socket) => {
			sockets.add(socket);
			if (++connections === 1) {
				socket.end('garbage\r\n\r\n');
				return;
			}
			const upstream = connect(fake.port, '127.0.0.1');
			sockets.add(upstream);
			socket.pipe(upstream).pipe(socket);
			upstream.on('error', () => socket.destroy());
			socket.on('error', () => upstream.destroy());
		});
		await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
		try {
			const { port } = proxy.address() as AddressInfo;
			const result = await runVolc(fake, WAIT, {
				input: [{ json: { taskId: task.id, reqKey: 'jimeng_t2i_v40' } }],
				credentials: volcCredentials(fake, { endpoint: `http://127.0.0.1:${port}` }),
			});
			expect(result.error).toBeUndefined();
			expect(result.items[0].binary?.data).toBeDefined();
			expect(result.logs.filter((line) => line.includes('trying again'))).toHaveLength(1);
			expect(fake.count('getResult')).toBe(3);
		} finally {
			for (const socket of sockets) socket.destroy();
			await new Promise((resolve) => proxy.close(resolve));
		}
	});

	it('a permanent error while polling (gateway AccessDenied) ends the wait at once, with the task id kept', async () => {
		const task = fake.tasks.create('jimeng_t2i_v40');
		fake.fault('getResult', { kind: 'volcGateway', code: 'AccessDenied' });
		const result = await runVolc(fake, WAIT, {
			input: [{ json: { taskId: task.id, reqKey: 'jimeng_t2i_v40' } }],
			continueOnFail: true,
		});
		expect(fake.count('getResult')).toBe(1);
		expect(result.items[0].json).toMatchObject({
			error: expect.stringMatching(/AccessDenied/),
			taskId: task.id,
			reqKey: 'jimeng_t2i_v40',
		});
	});
});

describe('timeout is resumable', () => {
	it('names the task id and how to resume; continueOnFail keeps it; Wait for Result then picks it up', async () => {
		fake.tasks.next({ inQueuePolls: 1000 });
		const generate = { ...SUBMIT, operation: 'generate', timeout: 2, options: FAST };

		const failed = await runVolc(fake, generate);
		const [task] = fake.tasks.list();
		expect(failed.error?.thrown).toBeInstanceOf(NodeOperationError);
		expect(failed.error?.message).toBe(`Task ${task.id} was not done after 2 s (status: in_queue)`);
		expect(failed.error?.description).toMatch(
			new RegExp(`"Wait for Result" \\(Task ID ${task.id}, Model jimeng_t2i_v40\\)`),
		);
		expect(keptOf(failed.error?.thrown)).toEqual({
			taskId: task.id,
			reqKey: 'jimeng_t2i_v40',
			status: 'in_queue',
		});
		expect(fake.count('submit')).toBe(1);

		fake.tasks.next({ inQueuePolls: 1000 });
		const continued = await runVolc(fake, generate, { continueOnFail: true });
		expect(fake.count('submit')).toBe(2);
		const second = fake.tasks.list()[1];
		expect(continued.items).toHaveLength(1);
		const errorItem = continued.items[0];
		expect(errorItem.json).toMatchObject({
			taskId: second.id,
			reqKey: 'jimeng_t2i_v40',
			status: 'in_queue',
		});
		expect(String(errorItem.json.error)).toContain(second.id);

		// The task finishes later; the error item feeds Wait for Result directly.
		fake.tasks.get(second.id)!.inQueuePolls = 0;
		const resumed = await runVolc(fake, WAIT, { input: [{ json: errorItem.json }] });
		expect(resumed.error).toBeUndefined();
		expect(resumed.items[0].json).toMatchObject({ taskId: second.id, index: 0 });
		expect(resumed.items[0].binary?.data).toBeDefined();
		expect(fake.count('submit')).toBe(2); // resuming never submits
	});

	it('a poll that hangs does not hold the node long past its timeout: the request is cut at the deadline', async () => {
		const task = fake.tasks.create('jimeng_t2i_v40', { inQueuePolls: 1000 });
		// Far longer than this test may run: only a request timeout tied to the deadline ends it.
		fake.fault('getResult', { kind: 'delay', ms: 10 * 60_000 });
		const result = await runVolc(
			fake,
			{ ...WAIT, timeout: 2 },
			{ input: [{ json: { taskId: task.id, reqKey: 'jimeng_t2i_v40' } }] },
		);
		expect(result.error?.message).toBe(`Task ${task.id} was not done after 2 s (status: unknown)`);
		expect(result.error?.description).toMatch(/The last check failed/);
		expect(keptOf(result.error?.thrown)).toMatchObject({ taskId: task.id });
		expect(fake.count('getResult')).toBe(1);
	});
});

describe('cancellation', () => {
	it('a cancelled Generate stops waiting at once: no poll after the cancel', async () => {
		fake.tasks.next({ inQueuePolls: 100000 });
		const result = await runVolc(
			fake,
			{ ...SUBMIT, operation: 'generate', timeout: 600 },
			{ cancelWhen: whenCalls(fake, 'getResult', 2) },
		);
		expect(result.cancelled).toBe(true);
		expect(result.status).toBe('canceled');
		const pollsAtEnd = fake.count('getResult');
		expect(pollsAtEnd).toBe(2);
		// Longer than the next interval (1.5 s): a poller that kept going would poll again.
		await new Promise((resolve) => setTimeout(resolve, 2000));
		expect(fake.count('getResult')).toBe(pollsAtEnd);
		expect(fake.count('submit')).toBe(1);
	});

	it('a cancelled Wait for Result stops too', async () => {
		const task = fake.tasks.create('jimeng_t2i_v40', { inQueuePolls: 100000 });
		const result = await runVolc(
			fake,
			{ operation: 'waitForResult', timeout: 600 },
			{
				input: [{ json: { taskId: task.id, reqKey: 'jimeng_t2i_v40' } }],
				cancelWhen: whenCalls(fake, 'getResult', 3),
			},
		);
		expect(result.cancelled).toBe(true);
		const pollsAtEnd = fake.count('getResult');
		expect(pollsAtEnd).toBe(3);
		await new Promise((resolve) => setTimeout(resolve, 2500));
		expect(fake.count('getResult')).toBe(pollsAtEnd);
	});
});
