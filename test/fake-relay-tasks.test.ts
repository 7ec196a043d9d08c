/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// Proves the fake task relays (test/fake-upstream/relayTasks.js) over real HTTP, and that the
// node's pure reader (openai/relayTasks.ts) understands every answer they give.
import { readImageSize, startFakeUpstream, type FakeUpstream } from './fake-upstream';
import { pollUrlFor, readTaskPoll, recognizeTaskAnswer, isAsyncDisabled } from '../nodes/Jimeng/openai/relayTasks';

let fake: FakeUpstream;
beforeAll(async () => {
	fake = await startFakeUpstream({ apiKey: 'sk-test' });
});
afterAll(() => fake.close());
beforeEach(() => {
	fake.reset();
	fake.configure({ relay: { pendingMs: 100, processingMs: 100 } });
});

const AUTH = { authorization: 'Bearer sk-test', 'content-type': 'application/json' };
const BODY = { model: 'doubao-seedream-4-0-250828', prompt: 'a cat', size: '2048x2048' };

async function call(url: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
	const res = await fetch(url, {
		method: init.method ?? (init.body ? 'POST' : 'GET'),
		headers: init.headers ?? AUTH,
		body: init.body === undefined ? undefined : JSON.stringify(init.body),
	});
	const headers: Record<string, string> = {};
	res.headers.forEach((value, key) => (headers[key] = value));
	return { status: res.status, headers, body: (await res.json()) as unknown };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function pollUntilFinal(url: string) {
	const states: string[] = [];
	for (let i = 0; i < 50; i++) {
		const answer = await call(url);
		const poll = readTaskPoll(answer.status, answer.body, answer.headers);
		states.push(poll.state);
		if (poll.state !== 'pending' && poll.state !== 'running') return { poll, states, answer };
		await sleep(40);
	}
	throw new Error('the task never finished');
}

describe('APIMart-style relay', () => {
	const base = () => fake.relayBaseUrl('apimart');

	test('submit → task id; pending → processing → completed with the image URLs, one paid call', async () => {
		const submit = await call(`${base()}/images/generations`, { body: BODY });
		expect(submit.status).toBe(200);
		const task = recognizeTaskAnswer(submit.body, submit.headers);
		expect(task).toMatchObject({ dialect: 'apimart', status: 'submitted' });
		const { poll, states } = await pollUntilFinal(pollUrlFor(base(), task!.pollPath!)!);
		expect(states[0]).toBe('pending');
		expect(states).toContain('running');
		expect(poll.state).toBe('done');
		expect(poll.images).toHaveLength(1);
		expect(poll.images[0].expiresAt).toBeGreaterThan(Date.now() / 1000 + 71 * 3600);
		const bytes = Buffer.from(await (await fetch(poll.images[0].url!)).arrayBuffer());
		expect(readImageSize(bytes)).toMatchObject({ width: 2048, height: 2048 });
		expect(fake.paidCalls()).toBe(1);
		expect(fake.count('relayTask')).toBe(states.length);
	});

	test('an invalid request is refused before a task exists', async () => {
		const submit = await call(`${base()}/images/generations`, { body: { model: 'm' } });
		expect(submit.status).toBe(400);
		expect(fake.relayTasks.list()).toHaveLength(0);
	});

	test('failed task, a stated cost, unknown and expired ids, auth and method', async () => {
		fake.relayTasks.next({ outcome: 'failed', failure: { message: 'content refused', code: 'sensitive' } });
		const failed = recognizeTaskAnswer((await call(`${base()}/images/generations`, { body: BODY })).body)!;
		expect((await pollUntilFinal(pollUrlFor(base(), failed.pollPath!)!)).poll).toMatchObject({
			state: 'failed',
			error: { message: 'content refused', code: 'sensitive' },
		});

		fake.relayTasks.next({ cost: 0.03 });
		const paid = recognizeTaskAnswer((await call(`${base()}/images/generations`, { body: BODY })).body)!;
		const url = pollUrlFor(base(), paid.pollPath!)!;
		expect((await pollUntilFinal(url)).poll.cost).toEqual({ amount: 0.03 });
		fake.relayTasks.expire(paid.taskId);
		expect(readTaskPoll((await call(url)).status, (await call(url)).body).state).toBe('expired');
		expect((await call(`${base()}/tasks/task_nope`)).status).toBe(404);
		expect((await call(url, { headers: {} })).status).toBe(401);
		expect((await call(url, { method: 'POST', body: {} })).status).toBe(404);
	});

	test('a task that never finishes stays processing', async () => {
		fake.relayTasks.next({ outcome: 'never', pendingMs: 0, processingMs: 0 });
		const task = recognizeTaskAnswer((await call(`${base()}/images/generations`, { body: BODY })).body)!;
		await sleep(120);
		const answer = await call(pollUrlFor(base(), task.pollPath!)!);
		expect(readTaskPoll(answer.status, answer.body).state).toBe('running');
	});
});

describe('sub2api-style relay', () => {
	const base = () => fake.relayBaseUrl('sub2api');

	test('/async: 202 with Location, Retry-After 3 and poll_url; processing (Retry-After) → completed', async () => {
		const submit = await call(`${base()}/images/generations/async`, { body: BODY });
		expect(submit.status).toBe(202);
		expect(submit.headers['retry-after']).toBe('3');
		expect(submit.headers['cache-control']).toBe('no-store');
		const task = recognizeTaskAnswer(submit.body, submit.headers)!;
		expect(task).toMatchObject({ dialect: 'sub2api', status: 'processing', retryAfterMs: 3000 });
		expect(task.taskId).toMatch(/^imgtask_[0-9a-f]{16}$/);
		expect(submit.headers.location).toBe(`/v1/images/tasks/${task.taskId}`);
		const url = pollUrlFor(base(), task.pollPath!)!;
		expect(url).toBe(`${base()}/images/tasks/${task.taskId}`);
		const first = await call(url);
		expect(first.headers['retry-after']).toBe('3');
		const { poll, answer } = await pollUntilFinal(url);
		expect(poll.state).toBe('done');
		expect(answer.headers['retry-after']).toBeUndefined();
		expect(answer.body).toMatchObject({ http_status: 200, image_url: poll.images[0].url });
		expect(fake.paidCalls()).toBe(1);
	});

	test('the upstream refusing the request fails the task with its error; a timeout is 504', async () => {
		const bad = recognizeTaskAnswer((await call(`${base()}/images/generations/async`, { body: { ...BODY, size: 'huge' } })).body)!;
		const { poll } = await pollUntilFinal(pollUrlFor(base(), bad.pollPath!)!);
		expect(poll).toMatchObject({ state: 'failed', error: { httpStatus: 400 } });

		fake.relayTasks.next({ outcome: 'timeout' });
		const slow = recognizeTaskAnswer((await call(`${base()}/images/generations/async`, { body: BODY })).body)!;
		expect((await pollUntilFinal(pollUrlFor(base(), slow.pollPath!)!)).poll).toMatchObject({
			state: 'failed',
			error: { type: 'timeout_error', httpStatus: 504 },
		});
	});

	test('async off → 404 "async image tasks are not enabled"; stream refused; unknown id 404; sync stays sync', async () => {
		fake.configure({ relay: { asyncEnabled: false } });
		const off = await call(`${base()}/images/generations/async`, { body: BODY });
		expect(off.status).toBe(404);
		expect(isAsyncDisabled(off.status, off.body)).toBe(true);
		fake.configure({ relay: { asyncEnabled: true } });
		expect((await call(`${base()}/images/generations/async`, { body: { ...BODY, stream: true } })).status).toBe(400);
		const unknown = await call(`${base()}/images/tasks/imgtask_0000`);
		expect(unknown.status).toBe(404);
		expect(unknown.body).toEqual({ error: { type: 'IMAGE_TASK_NOT_FOUND', code: 'IMAGE_TASK_NOT_FOUND', message: 'image task not found' } });
		const sync = await call(`${base()}/images/generations`, { body: BODY });
		expect(sync.status).toBe(200);
		expect(recognizeTaskAnswer(sync.body)).toBeUndefined();
		expect(fake.relayTasks.list()).toHaveLength(0);
	});
});
