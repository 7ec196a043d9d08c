import {
	asyncPathFor,
	defaultPollPath,
	isAsyncDisabled,
	pollUrlFor,
	readTaskPoll,
	recognizeTaskAnswer,
	retryAfterMs,
} from '../nodes/Jimeng/openai/relayTasks';

// The bodies below are the examples of the relays' public docs (README, "Relays that answer with a task").
const APIMART_SUBMIT = { code: 200, data: [{ status: 'submitted', task_id: 'task_01K8SGYNNNVBQTXNR4MM964S7K' }] };
const SUB2API_SUBMIT = {
	id: 'imgtask_0123456789abcdef',
	task_id: 'imgtask_0123456789abcdef',
	object: 'image.generation.task',
	status: 'processing',
	created_at: 1784092800,
	expires_at: 1784179200,
	poll_url: '/v1/images/tasks/imgtask_0123456789abcdef',
};

describe('recognising a task answer to a generate/edit call', () => {
	test('APIMart: data[0].task_id, polled at tasks/{id} under the Base URL', () => {
		expect(recognizeTaskAnswer(APIMART_SUBMIT)).toEqual({
			dialect: 'apimart',
			taskId: 'task_01K8SGYNNNVBQTXNR4MM964S7K',
			pollPath: 'tasks/task_01K8SGYNNNVBQTXNR4MM964S7K',
			status: 'submitted',
			retryAfterMs: undefined,
			cost: undefined,
		});
	});

	test('sub2api: 202 body with poll_url, Retry-After and expiry', () => {
		expect(
			recognizeTaskAnswer(SUB2API_SUBMIT, {
				Location: '/v1/images/tasks/imgtask_0123456789abcdef',
				'Retry-After': '3',
			}),
		).toEqual({
			dialect: 'sub2api',
			taskId: 'imgtask_0123456789abcdef',
			pollPath: '/v1/images/tasks/imgtask_0123456789abcdef',
			status: 'processing',
			expiresAt: 1784179200,
			retryAfterMs: 3000,
			cost: undefined,
		});
	});

	test('sub2api without poll_url falls back to Location', () => {
		const body: Record<string, unknown> = { ...SUB2API_SUBMIT };
		delete body.poll_url;
		expect(recognizeTaskAnswer(body, { location: '/images/tasks/imgtask_1' })?.pollPath).toBe(
			'/images/tasks/imgtask_1',
		);
	});

	test('a plain { task_id } is a task (never "no image"), with no guessed poll path', () => {
		expect(recognizeTaskAnswer({ task_id: 'abc' })).toMatchObject({
			dialect: 'unknown',
			taskId: 'abc',
			pollPath: undefined,
		});
		expect(recognizeTaskAnswer({ code: 0, data: { task_id: 'x1', status: 'processing' } })).toMatchObject({
			dialect: 'unknown',
			taskId: 'x1',
			status: 'processing',
		});
	});

	test('a stated cost is kept', () => {
		expect(recognizeTaskAnswer({ ...SUB2API_SUBMIT, cost: 0.04, currency: 'usd' })?.cost).toEqual({
			amount: 0.04,
			currency: 'USD',
		});
	});

	test('images, errors and empty answers are not tasks', () => {
		expect(recognizeTaskAnswer({ created: 1, data: [{ url: 'https://x/1.png' }] })).toBeUndefined();
		expect(recognizeTaskAnswer({ data: [{ b64_json: 'AAAA', task_id: 'x' }] })).toBeUndefined();
		expect(recognizeTaskAnswer({ error: { message: 'no' } })).toBeUndefined();
		expect(recognizeTaskAnswer({ data: [] })).toBeUndefined();
		expect(recognizeTaskAnswer('text')).toBeUndefined();
	});
});

describe('poll URLs', () => {
	test('relative to the Base URL, or from the host root keeping the Base URL prefix', () => {
		expect(pollUrlFor('https://api.apimart.ai/v1', 'tasks/t1')).toBe('https://api.apimart.ai/v1/tasks/t1');
		expect(pollUrlFor('https://h/v1/', '/v1/images/tasks/imgtask_1')).toBe('https://h/v1/images/tasks/imgtask_1');
		expect(pollUrlFor('https://h/relay/v1', '/v1/images/tasks/x')).toBe('https://h/relay/v1/images/tasks/x');
		expect(pollUrlFor('https://h', '/images/tasks/x')).toBe('https://h/images/tasks/x');
		expect(pollUrlFor('https://h/v1', '/other/x')).toBe('https://h/other/x');
		expect(pollUrlFor('https://h/v1', 'https://h/v1/images/tasks/x')).toBe('https://h/v1/images/tasks/x');
	});

	test('never another host (the key would go there)', () => {
		expect(pollUrlFor('https://h/v1', 'https://evil.example/v1/images/tasks/x')).toBeUndefined();
	});

	test('default paths per dialect, async paths', () => {
		expect(defaultPollPath('apimart', 'a/b')).toBe('tasks/a%2Fb');
		expect(defaultPollPath('sub2api', 'imgtask_1')).toBe('images/tasks/imgtask_1');
		expect(defaultPollPath('unknown', 'x')).toBeUndefined();
		expect(asyncPathFor('/images/generations')).toBe('/images/generations/async');
		expect(asyncPathFor('/images/edits/')).toBe('/images/edits/async');
	});
});

describe('reading a poll', () => {
	test('APIMart states map to pending/running/done/failed', () => {
		const poll = (status: string, extra = {}) => readTaskPoll(200, { code: 200, data: { id: 't', status, progress: 40, ...extra } });
		expect(poll('pending').state).toBe('pending');
		expect(poll('processing')).toMatchObject({ state: 'running', progress: 40 });
		expect(poll('failed', { error: { message: 'content refused', code: 'sensitive' } })).toMatchObject({
			state: 'failed',
			error: { message: 'content refused', code: 'sensitive' },
		});
		expect(poll('cancelled').error?.message).toBe('the task was cancelled');
	});

	test('APIMart completed: url as a list (newer docs) or a string (older docs), expiry kept', () => {
		const done = readTaskPoll(200, {
			code: 200,
			data: {
				id: 'task_01KA040M0HP1GJWBJYZMKX1XS1',
				status: 'completed',
				progress: 100,
				result: { images: [{ url: ['https://u/0.png', 'https://u/1.png'], expires_at: 1763174708 }, { url: 'https://u/2.png' }] },
				cost: 0.03,
			},
		});
		expect(done.state).toBe('done');
		expect(done.images).toEqual([
			{ url: 'https://u/0.png', expiresAt: 1763174708 },
			{ url: 'https://u/1.png', expiresAt: 1763174708 },
			{ url: 'https://u/2.png', expiresAt: undefined },
		]);
		expect(done.cost).toEqual({ amount: 0.03 });
	});

	test('sub2api: processing with Retry-After, completed with result.data, failed with http_status', () => {
		expect(readTaskPoll(200, { ...SUB2API_SUBMIT }, { 'retry-after': '3' })).toMatchObject({
			state: 'running',
			retryAfterMs: 3000,
		});
		const done = readTaskPoll(200, {
			...SUB2API_SUBMIT,
			status: 'completed',
			http_status: 200,
			image_url: 'https://s/1.png',
			result: { created: 1, data: [{ url: 'https://s/1.png', revised_prompt: 'r' }, { b64_json: 'AAAA' }] },
		});
		expect(done).toMatchObject({ state: 'done', images: [{ url: 'https://s/1.png', revised_prompt: 'r' }, { b64_json: 'AAAA' }] });
		expect(
			readTaskPoll(200, { ...SUB2API_SUBMIT, status: 'failed', http_status: 504, error: { type: 'timeout_error', message: 'image generation task timed out' } }),
		).toMatchObject({ state: 'failed', error: { type: 'timeout_error', httpStatus: 504, message: 'image generation task timed out' } });
	});

	test('404 means the relay no longer knows the task', () => {
		expect(readTaskPoll(404, { error: { type: 'IMAGE_TASK_NOT_FOUND', code: 'IMAGE_TASK_NOT_FOUND', message: 'image task not found' } })).toMatchObject({
			state: 'expired',
			error: { message: 'image task not found', code: 'IMAGE_TASK_NOT_FOUND', httpStatus: 404 },
		});
	});

	test('completed without an image is a failure, an unknown word keeps waiting', () => {
		expect(readTaskPoll(200, { status: 'completed', result: { data: [] } })).toMatchObject({
			state: 'failed',
			error: { message: 'the task completed without an image' },
		});
		expect(readTaskPoll(200, { status: 'rendering' }).state).toBe('running');
	});

	test('an APIMart error envelope is a failure', () => {
		expect(readTaskPoll(200, { code: 401, error: { message: 'invalid token' } })).toMatchObject({
			state: 'failed',
			error: { message: 'invalid token' },
		});
	});
});

test('Retry-After as seconds or an HTTP date', () => {
	expect(retryAfterMs('3')).toBe(3000);
	expect(retryAfterMs(2)).toBe(2000);
	expect(retryAfterMs('Mon, 07 Dec 2026 00:00:10 GMT', Date.parse('Mon, 07 Dec 2026 00:00:00 GMT'))).toBe(10_000);
	expect(retryAfterMs('999999')).toBe(600_000);
	expect(retryAfterMs('soon')).toBeUndefined();
});

test('sub2api async switched off', () => {
	expect(isAsyncDisabled(404, { error: { type: 'not_found_error', code: 'not_found_error', message: 'async image tasks are not enabled' } })).toBe(true);
	expect(isAsyncDisabled(404, { error: { message: 'image task not found' } })).toBe(false);
	expect(isAsyncDisabled(400, { error: { message: 'async image tasks are not enabled' } })).toBe(false);
});
