'use strict';
// Relays that answer an images call with a task (README "Relay tasks"). The base URL's first path
// segment picks one: /apimart/v1 (APIMart: POST /images/generations → {code:200,data:[{status:
// 'submitted',task_id}]}, GET /tasks/{id}) and /sub2api/v1 (sub2api: POST /images/generations/async
// and /images/edits/async → 202 + Location + Retry-After: 3, GET /images/tasks/{id}; its plain
// /images/generations stays synchronous). The paid call is checked exactly like a synchronous one
// (openai.js): an invalid request is refused at once (APIMart) or makes the task fail (sub2api, which
// runs the upstream after answering 202, as its handler does). Tasks move pending → processing →
// completed over real time.

const env = require('./envelopes');

const RELAYS = ['apimart', 'sub2api'];

/** @returns {'apimart'|'sub2api'|undefined} */
function relayOf(path) {
	const m = /^\/([^/]+)\/v1\//.exec(path);
	return m && RELAYS.includes(m[1]) ? /** @type {any} */ (m[1]) : undefined;
}

/** Which relay-task route a request is, or undefined. */
function classifyRelay(method, pathname) {
	const relay = relayOf(pathname);
	if (!relay) return undefined;
	if (relay === 'sub2api') {
		const submit = /^\/sub2api\/v1\/images\/(generations|edits)\/async\/?$/.exec(pathname);
		if (submit) return method === 'POST' ? { route: submit[1], relay, async: true } : { route: 'unknown', relay };
		const poll = /^\/sub2api\/v1\/images\/tasks\/([^/]+)\/?$/.exec(pathname);
		if (poll) return method === 'GET' ? { route: 'relayTask', relay, taskId: decodeURIComponent(poll[1]) } : { route: 'unknown', relay };
		return undefined;
	}
	const paid = /^\/apimart\/v1\/images\/(generations|edits)\/?$/.exec(pathname);
	if (paid) return method === 'POST' ? { route: paid[1], relay, async: false } : { route: 'unknown', relay };
	const poll = /^\/apimart\/v1\/tasks\/([^/]+)\/?$/.exec(pathname);
	if (poll) return method === 'GET' ? { route: 'relayTask', relay, taskId: decodeURIComponent(poll[1]) } : { route: 'unknown', relay };
	return undefined;
}

const DEFAULTS = { pendingMs: 150, processingMs: 150, asyncEnabled: true, ttlMs: 24 * 3600 * 1000 };

class RelayTaskStore {
	constructor() {
		/** @type {Map<string, any>} */
		this.tasks = new Map();
		/** @type {any[]} */
		this.scenarios = [];
		this.seq = 0;
	}
	clear() {
		this.tasks.clear();
		this.scenarios.length = 0;
	}
	/** @param {'apimart'|'sub2api'} relay */
	create(relay, answer, scenario, config) {
		const n = ++this.seq;
		const hex = (n.toString(16) + Date.now().toString(16)).padStart(16, '0').slice(-16);
		const id = relay === 'sub2api' ? `imgtask_${hex}` : `task_01K${hex.toUpperCase()}`;
		const now = Date.now();
		const task = {
			id,
			relay,
			createdAt: now,
			updatedAt: now,
			pendingMs: scenario.pendingMs ?? config.pendingMs ?? DEFAULTS.pendingMs,
			processingMs: scenario.processingMs ?? config.processingMs ?? DEFAULTS.processingMs,
			outcome: scenario.outcome ?? 'completed', // completed | failed | timeout | never
			failure: scenario.failure,
			cost: scenario.cost,
			answer, // the synchronous answer {status, body} the upstream gave
			polls: 0,
			expired: false,
		};
		this.tasks.set(id, task);
		return task;
	}
}

/** The state a task is in now (real time). */
function stateOf(task, now = Date.now()) {
	const age = now - task.createdAt;
	if (task.relay === 'apimart' && age < task.pendingMs) return 'pending';
	if (task.outcome === 'never' || age < task.pendingMs + task.processingMs) return 'processing';
	const failed = task.outcome !== 'completed' || task.answer.status < 200 || task.answer.status >= 300;
	return failed ? 'failed' : 'completed';
}

function sub2apiError(status, type, message) {
	return env.json(status, { error: { type, code: type, message } }, { 'cache-control': 'no-store' });
}

/**
 * A paid call on a relay: `sync` is the synchronous answer openai.js gives for the same request.
 * Returns the relay's answer, or undefined to send the synchronous one (sub2api without /async).
 */
function submit(ctx, call, info, sync) {
	const config = { ...DEFAULTS, ...(ctx.config.relay ?? {}) };
	if (info.relay === 'sub2api') {
		if (!info.async) return undefined;
		if (!config.asyncEnabled) return sub2apiError(404, 'not_found_error', 'async image tasks are not enabled');
		if (call.rawBody.length === 0) return sub2apiError(400, 'invalid_request_error', 'Request body is empty');
		if (call.json && (call.json.stream === true || call.json.stream === 'true')) {
			return sub2apiError(400, 'invalid_request_error', 'streaming image requests cannot be submitted as asynchronous tasks');
		}
	} else if (sync.status < 200 || sync.status >= 300) {
		return sync; // APIMart refuses an invalid request before creating a task
	}
	const task = ctx.relayTasks.create(info.relay, sync, ctx.relayTasks.scenarios.shift() ?? {}, config);
	call.taskId = task.id;
	if (info.relay === 'apimart') {
		const entry = { status: 'submitted', task_id: task.id };
		return env.json(200, { code: 200, data: [entry] });
	}
	const pollUrl = `/v1/images/tasks/${task.id}`;
	return env.json(
		202,
		{
			id: task.id,
			task_id: task.id,
			object: 'image.generation.task',
			status: 'processing',
			created_at: Math.floor(task.createdAt / 1000),
			expires_at: Math.floor((task.createdAt + config.ttlMs) / 1000),
			poll_url: pollUrl,
		},
		{ location: pollUrl, 'retry-after': '3', 'cache-control': 'no-store' },
	);
}

/** APIMart's images: each data[] URL as { url: [url], expires_at } (links last 72 h). */
function apimartImages(body) {
	const expires = Math.floor(Date.now() / 1000) + 72 * 3600;
	return (body.data ?? []).filter((e) => e.url).map((e) => ({ url: [e.url], expires_at: expires }));
}

/** GET a task. */
function poll(ctx, call, info) {
	const config = { ...DEFAULTS, ...(ctx.config.relay ?? {}) };
	const task = ctx.relayTasks.tasks.get(info.taskId);
	call.taskId = info.taskId;
	if (!task || task.relay !== info.relay || task.expired) {
		if (info.relay === 'sub2api') return sub2apiError(404, 'IMAGE_TASK_NOT_FOUND', 'image task not found');
		return env.json(404, { code: 404, error: { message: `task ${info.taskId} not found`, type: 'not_found' } });
	}
	task.polls++;
	const now = Date.now();
	const state = stateOf(task, now);
	const created = Math.floor(task.createdAt / 1000);
	const done = Math.floor((task.createdAt + task.pendingMs + task.processingMs) / 1000);
	const answerBody = task.answer.body && typeof task.answer.body === 'object' ? task.answer.body : {};
	if (info.relay === 'apimart') {
		const data = { id: task.id, status: state, progress: state === 'pending' ? 0 : state === 'processing' ? 50 : 100, created, estimated_time: 20 };
		if (state === 'completed') Object.assign(data, { result: { images: apimartImages(answerBody) }, completed: done, actual_time: done - created });
		if (state === 'failed') data.error = task.failure ?? (answerBody.error ? { message: answerBody.error.message, code: answerBody.error.code } : { message: 'generation failed', code: 'generation_failed' });
		if (task.cost !== undefined && state === 'completed') data.cost = task.cost;
		return env.json(200, { code: 200, data });
	}
	const body = { id: task.id, task_id: task.id, object: 'image.generation.task', status: state, created_at: created };
	const headers = { 'cache-control': 'no-store' };
	if (state === 'processing') headers['retry-after'] = '3';
	else {
		body.completed_at = done;
		if (state === 'completed') {
			body.http_status = task.answer.status;
			const first = (answerBody.data ?? []).find((e) => e.url);
			if (first) body.image_url = first.url;
			body.result = answerBody;
		} else if (task.outcome === 'timeout') {
			body.http_status = 504;
			body.error = { type: 'timeout_error', message: 'image generation task timed out' };
		} else {
			const sentBack = task.answer.status >= 400 ? task.answer : undefined;
			body.http_status = sentBack ? sentBack.status : 502;
			body.error = task.failure ?? (sentBack && sentBack.body && sentBack.body.error) ?? { type: 'api_error', message: 'Upstream request failed' };
		}
		if (task.cost !== undefined) body.cost = task.cost;
	}
	body.expires_at = Math.floor(((state === 'processing' ? task.createdAt : now) + config.ttlMs) / 1000);
	return env.json(200, body, headers);
}

module.exports = { classifyRelay, relayOf, submit, poll, RelayTaskStore, stateOf, RELAYS };
