/* eslint-disable @n8n/community-nodes/no-restricted-globals -- the tests wait for the fake's tasks */
/**
 * Relays that answer a paid images call with a task (APIMart; sub2api's /async), through n8n's
 * engine over real sockets against the strict fake relays: one paid call, free polls until done,
 * images paired with their items; the task id in every error, the log and the output; Submit Task
 * then Wait for Result in another run; cancel; async switched off; stated cost.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { RETRY_ADVICE } from '../nodes/Jimeng/errors/failure';
import { taskDurations } from '../nodes/Jimeng/run/taskDurations';
import { expectNoLeaks, modelById, pngInput, readImageSize, runOpenAi, useFakeUpstream } from './openai-support';

const fixture = useFakeUpstream();
const MODEL = 'doubao-seedream-4-5-251128';

beforeEach(() => {
	fixture.fake.configure({ relay: { pendingMs: 150, processingMs: 150 } });
	taskDurations.clear();
});

const generate = (options: INodeParameters = {}, operation = 'generate'): INodeParameters => ({
	operation,
	model: modelById(MODEL),
	prompt: '={{ $json.prompt }}',
	size: 'size',
	customSize: '2K',
	options,
});

const prompts = (...texts: string[]): Array<{ json: IDataObject }> =>
	texts.map((prompt) => ({ json: { prompt } }));

async function run(
	relay: 'apimart' | 'sub2api',
	parameters: INodeParameters,
	input: Array<{ json: IDataObject }> = prompts('a red apple'),
	extra: { cancelAfterMs?: number } = {},
) {
	const { fake } = fixture;
	return await runOpenAi({ fake, url: fake.relayBaseUrl(relay), parameters, input, ...extra });
}

const paidCalls = () => fixture.fake.count('generations') + fixture.fake.count('edits');

describe.each([
	['apimart', {}],
	['sub2api', { asyncEndpoint: true }],
] as const)('%s', (relay, options) => {
	test('one item: one paid call, polls until done, a decoded image paired with its item', async () => {
		const result = await run(relay, generate(options));
		expect(result.error).toBeUndefined();
		expect(paidCalls()).toBe(1);
		const [task] = fixture.fake.relayTasks.list();
		expect(task.polls).toBeGreaterThanOrEqual(1);
		if (relay === 'sub2api') expect(fixture.fake.callsTo('generations')[0].path).toMatch(/\/images\/generations\/async$/);
		expect(result.items).toHaveLength(1);
		const [item] = result.items;
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json.taskId).toBe(task.id);
		expect(readImageSize(item.binary!.data.buffer)).toMatchObject({ width: 2048, height: 2048 });
		expect(result.logs.some((line) => /^info: .*accepted item 0 as task/.test(line) && line.includes(task.id))).toBe(true);
		expectNoLeaks(result);
	});

	test('three items at Concurrency 2: three tasks, output in item order', async () => {
		const result = await run(
			relay,
			generate({ ...options, concurrency: 2 }),
			prompts('first apple', 'second apple', 'third apple'),
		);
		expect(result.error).toBeUndefined();
		expect(paidCalls()).toBe(3);
		expect(fixture.fake.relayTasks.list()).toHaveLength(3);
		expect(result.items.map((item) => item.pairedItem)).toEqual([0, 1, 2].map((item) => ({ item })));
		const sentPrompts = fixture.fake
			.callsTo('generations')
			.map((call) => (call.json as { prompt: string }).prompt);
		expect(new Set(sentPrompts)).toEqual(new Set(['first apple', 'second apple', 'third apple']));
		// Each item's image is its own task's: the task ids differ and match the relay's.
		const ids = result.items.map((item) => item.json.taskId);
		expect(new Set(ids).size).toBe(3);
		for (const id of ids) expect(fixture.fake.relayTasks.get(String(id))).toBeDefined();
	});

	test('a failed task: its id in the message, no second paid call, no advice to repeat it', async () => {
		fixture.fake.relayTasks.next({ outcome: 'failed', failure: { message: 'content rejected', code: 'moderation' } });
		const result = await run(relay, generate(options));
		const [task] = fixture.fake.relayTasks.list();
		expect(result.error?.message).toContain(task.id);
		expect(result.error?.message).toContain('content rejected');
		expect(`${result.error?.message} ${result.error?.description}`).not.toMatch(RETRY_ADVICE);
		expect(paidCalls()).toBe(1);
	});

	test('a timeout: the task id in the error and the log; Wait for Result later fetches the images', async () => {
		fixture.fake.relayTasks.next({ processingMs: 4000 });
		const first = await run(relay, generate({ ...options, timeout: 1 }));
		const [task] = fixture.fake.relayTasks.list();
		expect(first.error?.message).toMatch(new RegExp(`Relay task ${task.id} was not done after 1 s`));
		expect(first.error?.description).toContain('Wait for Result');
		expect(first.error?.description).toContain(task.id);
		expect(first.logs.some((line) => line.includes(task.id))).toBe(true);
		expect(paidCalls()).toBe(1);

		await new Promise((resolve) => setTimeout(resolve, 4500));
		const later = await run(relay, { operation: 'waitForResult', options: { timeout: 30 } }, [
			{ json: { taskId: task.id, pollPath: relay === 'sub2api' ? `/v1/images/tasks/${task.id}` : `tasks/${task.id}`, model: MODEL } },
		]);
		expect(later.error).toBeUndefined();
		expect(paidCalls()).toBe(1);
		expect(later.items).toHaveLength(1);
		expect(later.items[0].json).toMatchObject({ taskId: task.id, model: MODEL });
		expect(readImageSize(later.items[0].binary!.data.buffer)).toMatchObject({ width: 2048, height: 2048 });
		expect(later.items[0].json.cost).toBeDefined();
	}, 20_000);
});

test('Submit Task puts out the task at once; Wait for Result in another run puts out its images', async () => {
	const submitted = await run('apimart', generate({}, 'submitTask'), prompts('an apple', 'a pear'));
	expect(submitted.error).toBeUndefined();
	expect(paidCalls()).toBe(2);
	expect(submitted.items.map((item) => item.json.relayDialect)).toEqual(['apimart', 'apimart']);
	expect(submitted.items.map((item) => item.binary)).toEqual([undefined, undefined]);
	const tasks = fixture.fake.relayTasks.list();
	expect(tasks.every((task) => task.polls === 0)).toBe(true);

	const waited = await run(
		'apimart',
		{ operation: 'waitForResult' },
		submitted.items.map((item) => ({ json: item.json })),
	);
	expect(waited.error).toBeUndefined();
	expect(paidCalls()).toBe(2);
	expect(waited.items.map((item) => [item.pairedItem, item.json.taskId])).toEqual([
		[{ item: 0 }, submitted.items[0].json.taskId],
		[{ item: 1 }, submitted.items[1].json.taskId],
	]);
	expect(waited.items.every((item) => item.binary?.data)).toBe(true);
});

test('Relay Task Answers "Output the Task" on Edit-less Generate: the task item, polled by nobody', async () => {
	const result = await run('apimart', generate({ relayTaskAnswer: 'output' }));
	expect(result.error).toBeUndefined();
	expect(result.items[0].json).toMatchObject({ relayDialect: 'apimart', status: 'submitted' });
	expect(result.items[0].json.pollPath).toBe(`tasks/${result.items[0].json.taskId}`);
	expect(fixture.fake.relayTasks.list()[0].polls).toBe(0);
});

test('cancel during a relay wait: no request after the abort, the task id in the error', async () => {
	fixture.fake.relayTasks.next({ outcome: 'never' });
	const result = await run('apimart', generate(), prompts('a slow apple'), { cancelAfterMs: 1500 });
	expect(result.cancelled).toBe(true);
	const stoppedAt = fixture.fake.calls.length;
	await new Promise((resolve) => setTimeout(resolve, 2500));
	expect(fixture.fake.calls.length).toBe(stoppedAt);
	expect(paidCalls()).toBe(1);
	const [task] = fixture.fake.relayTasks.list();
	expect(result.logs.some((line) => line.includes(task.id))).toBe(true);
});

test('an expired task (404): says so with the id; nothing paid again', async () => {
	const submitted = await run('sub2api', generate({ asyncEndpoint: true }, 'submitTask'));
	const id = String(submitted.items[0].json.taskId);
	fixture.fake.relayTasks.expire(id);
	const waited = await run('sub2api', { operation: 'waitForResult' }, [{ json: submitted.items[0].json }]);
	expect(waited.error?.message).toMatch(new RegExp(`does not know task ${id}`));
	expect(paidCalls()).toBe(1);
});

test('sub2api with async tasks switched off: a clear error, nothing charged, no task', async () => {
	fixture.fake.configure({ relay: { asyncEnabled: false } });
	const result = await run('sub2api', generate({ asyncEndpoint: true }));
	expect(result.error?.message).toMatch(/no async image tasks switched on/);
	expect(result.error?.description).toMatch(/Nothing was charged/);
	expect(fixture.fake.relayTasks.list()).toHaveLength(0);
});

test('Use Async Endpoint with Stream: refused before any call', async () => {
	const result = await run('sub2api', generate({ asyncEndpoint: true, stream: true }));
	expect(result.error?.message).toMatch(/Use Async Endpoint and Stream cannot be on together/);
	expect(fixture.fake.calls).toHaveLength(0);
});

test('a cost the task states goes on the item', async () => {
	fixture.fake.relayTasks.next({ cost: 0.12 });
	const result = await run('apimart', generate());
	expect(result.error).toBeUndefined();
	expect((result.items[0].json.cost as { amount: number }).amount).toBe(0.12);
});

test('sub2api: the first poll waits for the Retry-After of the submit answer (3 s)', async () => {
	const result = await run('sub2api', generate({ asyncEndpoint: true }));
	expect(result.error).toBeUndefined();
	const submit = fixture.fake.callsTo('generations')[0];
	const firstPoll = fixture.fake.callsTo('relayTask')[0];
	expect(firstPoll.seq).toBeGreaterThan(submit.seq);
	expect(fixture.fake.callsTo('relayTask')).toHaveLength(1);
	expect(firstPoll.time - submit.time).toBeGreaterThanOrEqual(2900);
}, 15_000);

test.each([
	['apimart', {}],
	['sub2api', { asyncEndpoint: true }],
] as const)('Edit on %s: the multipart upload answered with a task, waited for, the image paired', async (relay, options) => {
	const result = await runOpenAi({
		fake: fixture.fake,
		url: fixture.fake.relayBaseUrl(relay),
		input: [pngInput({ data: { width: 640, height: 480 } })],
		parameters: {
			operation: 'edit',
			model: modelById('gpt-image-2'),
			requestStyle: 'multipart',
			prompt: 'make it a watercolor',
			inputImages: 'data',
			// APIMart hosts the images it makes: its task results are links.
			options: { ...options, responseFormat: 'url' },
		},
	});
	expect(result.error).toBeUndefined();
	expect(fixture.fake.count('edits')).toBe(1);
	if (relay === 'sub2api') expect(fixture.fake.callsTo('edits')[0].path).toMatch(/\/images\/edits\/async$/);
	expect(fixture.fake.callsTo('edits')[0].multipart).toBeDefined();
	const [task] = fixture.fake.relayTasks.list();
	expect(result.items).toHaveLength(1);
	expect(result.items[0].json.taskId).toBe(task.id);
	expect(result.items[0].binary?.data).toBeDefined();
}, 15_000);
