/**
 * Relays that answer an images call with a task instead of images, and how to read their polls.
 * Pure: no n8n imports. Each fact below was read in the relay's public docs or code (README,
 * "Relays that answer with a task"):
 *
 * - APIMart: `POST /v1/images/generations` → `{ code: 200, data: [{ status: 'submitted', task_id }] }`;
 *   `GET /v1/tasks/{task_id}` → `{ code: 200, data: { id, status, progress, result: { images: [{ url:
 *   [..] | '..', expires_at }] }, error, … } }`; status pending / processing / completed / failed /
 *   cancelled.
 * - sub2api: `POST /v1/images/generations/async` (and `/edits/async`) → 202, `Location`,
 *   `Retry-After: 3`, `{ id, task_id, object: 'image.generation.task', status: 'processing', poll_url,
 *   expires_at }`; `GET /v1/images/tasks/{id}` → 200 with the task (Retry-After while processing),
 *   `result` = the synchronous answer (`data[]`), or `error` with `http_status` 502 / 504; unknown ids
 *   404. Off by default: 404 "async image tasks are not enabled".
 */
import { statedCost } from '../money/pricing';

export type RelayDialect = 'apimart' | 'sub2api' | 'unknown';

/** A task a relay accepted (and billed or will bill) instead of answering with images. */
export interface RelayTask {
	dialect: RelayDialect;
	taskId: string;
	/**
	 * Where to poll it: relative to the Base URL (`tasks/x`), or from the host root (`/v1/…`).
	 * Absent when the answer does not say and the dialect is unknown.
	 */
	pollPath?: string;
	status?: string;
	/** Unix seconds, when the answer states it. */
	expiresAt?: number;
	retryAfterMs?: number;
	cost?: { amount: number; currency?: string };
}

export type RelayTaskState = 'pending' | 'running' | 'done' | 'failed' | 'expired';

export interface RelayImage {
	url?: string;
	b64_json?: string;
	revised_prompt?: string;
	/** Unix seconds after which the URL stops working, when stated. */
	expiresAt?: number;
}

/** What one poll says. */
export interface RelayTaskPoll {
	state: RelayTaskState;
	/** The relay's own word (`processing`, `completed`…), for messages and `onPending`. */
	status: string;
	progress?: number;
	images: RelayImage[];
	error?: { message: string; code?: string; type?: string; httpStatus?: number };
	cost?: { amount: number; currency?: string };
	retryAfterMs?: number;
	expiresAt?: number;
}

type Json = Record<string, unknown>;
type Headers = Record<string, string | string[] | number | undefined>;

const isObject = (value: unknown): value is Json =>
	!!value && typeof value === 'object' && !Array.isArray(value);
const text = (value: unknown) =>
	typeof value === 'string' && value.trim() ? value.trim() : undefined;
const seconds = (value: unknown) =>
	typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;

function header(headers: Headers | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
	const value = key === undefined ? undefined : headers[key];
	const first = Array.isArray(value) ? value[0] : value;
	return first === undefined ? undefined : String(first);
}

/** `Retry-After` in ms (delta seconds or an HTTP date), capped at 10 minutes. */
export function retryAfterMs(value: unknown, nowMs = Date.now()): number | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const raw = String(value).trim();
	if (/^\d+(\.\d+)?$/.test(raw)) return Math.min(600_000, Math.round(Number(raw) * 1000));
	const date = Date.parse(raw);
	if (Number.isNaN(date)) return undefined;
	return Math.min(600_000, Math.max(0, date - nowMs));
}

/** An answer holds images when some `data[]` entry has a url or b64_json. */
function hasImages(body: Json): boolean {
	return (
		Array.isArray(body.data) &&
		body.data.some((entry) => isObject(entry) && (text(entry.url) || text(entry.b64_json)))
	);
}

const SUB2API_ID = /^imgtask_/;

/**
 * Recognises a task answer to a generate/edit call, or returns undefined for anything else (images,
 * errors). Never guesses a poll path for a shape no source documents.
 */
export function recognizeTaskAnswer(
	body: unknown,
	headers?: Headers,
	nowMs = Date.now(),
): RelayTask | undefined {
	if (!isObject(body) || hasImages(body)) return undefined;
	const retry = retryAfterMs(header(headers, 'retry-after'), nowMs);
	const location = text(header(headers, 'location'));

	// APIMart: { code: 200, data: [ { status: 'submitted', task_id } ] }
	if (Array.isArray(body.data) && body.data.length > 0 && isObject(body.data[0])) {
		const first = body.data[0];
		const taskId = text(first.task_id);
		if (taskId && !text(first.url) && !text(first.b64_json)) {
			return {
				dialect: 'apimart',
				taskId,
				pollPath: `tasks/${encodeURIComponent(taskId)}`,
				status: text(first.status),
				retryAfterMs: retry,
				cost: statedCost(first) ?? statedCost(body),
			};
		}
	}

	// sub2api: { id, task_id, object: 'image.generation.task', status, poll_url, expires_at } (+ Location)
	const taskId = text(body.task_id) ?? (body.object === 'image.generation.task' ? text(body.id) : undefined);
	if (taskId && !('data' in body && Array.isArray(body.data) && body.data.length)) {
		const pollUrl = text(body.poll_url) ?? location;
		const sub2api =
			body.object === 'image.generation.task' || SUB2API_ID.test(taskId) || !!pollUrl;
		return {
			dialect: sub2api ? 'sub2api' : 'unknown',
			taskId,
			pollPath: pollUrl ?? (sub2api ? `images/tasks/${encodeURIComponent(taskId)}` : undefined),
			status: text(body.status),
			expiresAt: seconds(body.expires_at),
			retryAfterMs: retry,
			cost: statedCost(body),
		};
	}
	// { code, data: { task_id, status } }: a task, but no source says where it is polled.
	if (isObject(body.data) && text(body.data.task_id)) {
		return {
			dialect: 'unknown',
			taskId: text(body.data.task_id) as string,
			pollPath: location,
			status: text(body.data.status),
			retryAfterMs: retry,
			cost: statedCost(body.data),
		};
	}
	return undefined;
}

/** Where a dialect polls a task id (for Wait for Result without a stored poll path). */
export function defaultPollPath(dialect: RelayDialect, taskId: string): string | undefined {
	const id = encodeURIComponent(taskId);
	if (dialect === 'apimart') return `tasks/${id}`;
	if (dialect === 'sub2api') return `images/tasks/${id}`;
	return undefined;
}

/**
 * The full poll URL for a poll path, under the Base URL. A path from the host root keeps the Base
 * URL's own prefix where they overlap (`https://h/relay/v1` + `/v1/images/tasks/x` →
 * `https://h/relay/v1/images/tasks/x`). Returns undefined for a URL on another host: the API key is
 * never sent anywhere but the credential's host.
 */
export function pollUrlFor(baseUrl: string, pollPath: string): string | undefined {
	const base = new URL(baseUrl.replace(/\/+$/, '') + '/');
	if (/^[a-z][a-z0-9+.-]*:/i.test(pollPath)) {
		const target = new URL(pollPath);
		if (target.origin !== base.origin) return undefined;
		return pollUrlFor(baseUrl, target.pathname + target.search);
	}
	if (!pollPath.startsWith('/')) return new URL(pollPath.replace(/^\.?\/+/, ''), base).toString();
	const baseSegments = base.pathname.split('/').filter(Boolean);
	for (let start = 0; start < baseSegments.length; start++) {
		const suffix = '/' + baseSegments.slice(start).join('/');
		if (pollPath === suffix || pollPath.startsWith(suffix + '/')) {
			const prefix = baseSegments.slice(0, start).join('/');
			return new URL((prefix ? `/${prefix}` : '') + pollPath, base.origin).toString();
		}
	}
	return new URL(pollPath, base.origin).toString();
}

const STATES: Record<string, RelayTaskState> = {
	submitted: 'pending',
	pending: 'pending',
	queued: 'pending',
	processing: 'running',
	running: 'running',
	in_progress: 'running',
	completed: 'done',
	succeeded: 'done',
	success: 'done',
	failed: 'failed',
	failure: 'failed',
	cancelled: 'failed',
	canceled: 'failed',
	expired: 'expired',
};

function readError(value: unknown, httpStatus?: number): RelayTaskPoll['error'] {
	if (typeof value === 'string' && value.trim()) return { message: value.trim(), httpStatus };
	if (!isObject(value)) return undefined;
	const message = text(value.message) ?? text(value.msg) ?? text(value.detail);
	const code = value.code === undefined || value.code === null ? undefined : String(value.code);
	const type = text(value.type);
	if (!message && !code && !type) return undefined;
	return { message: message ?? type ?? `error ${code}`, code, type, httpStatus };
}

function readImages(task: Json): RelayImage[] {
	const result = isObject(task.result) ? task.result : undefined;
	const images: RelayImage[] = [];
	// APIMart: result.images[].url is a list (newer docs) or one string (older docs)
	if (result && Array.isArray(result.images)) {
		for (const entry of result.images) {
			if (!isObject(entry)) continue;
			const expiresAt = seconds(entry.expires_at);
			const urls = Array.isArray(entry.url) ? entry.url : [entry.url];
			for (const url of urls) if (text(url)) images.push({ url: text(url), expiresAt });
			if (text(entry.b64_json)) images.push({ b64_json: text(entry.b64_json), expiresAt });
		}
	}
	// sub2api: result is the synchronous answer
	if (result && Array.isArray(result.data)) {
		for (const entry of result.data) {
			if (!isObject(entry)) continue;
			const image: RelayImage = {};
			if (text(entry.url)) image.url = text(entry.url);
			if (text(entry.b64_json)) image.b64_json = text(entry.b64_json);
			if (typeof entry.revised_prompt === 'string') image.revised_prompt = entry.revised_prompt;
			if (image.url || image.b64_json) images.push(image);
		}
	}
	return images;
}

/**
 * Reads one poll answer. `httpStatus` 404 means the relay no longer knows the id (expired or never
 * existed): final. Other non-2xx answers throw nothing here; the caller treats them as transient or
 * not by status.
 */
export function readTaskPoll(
	httpStatus: number,
	body: unknown,
	headers?: Headers,
	nowMs = Date.now(),
): RelayTaskPoll {
	const retry = retryAfterMs(header(headers, 'retry-after'), nowMs);
	if (httpStatus === 404) {
		const envelope = isObject(body) ? readError(body.error ?? body) : undefined;
		return {
			state: 'expired',
			status: 'not found',
			images: [],
			error: { message: envelope?.message ?? 'task not found', code: envelope?.code, httpStatus },
		};
	}
	const root = isObject(body) ? body : {};
	// APIMart wraps the task in { code, data }; sub2api answers the task itself.
	const task = isObject(root.data) ? root.data : root;
	if (typeof root.code === 'number' && root.code !== 200 && !isObject(root.data)) {
		return {
			state: 'failed',
			status: 'error',
			images: [],
			error: readError(root.error ?? root, root.code) ?? {
				message: `the relay answered code ${root.code}`,
				httpStatus: root.code,
			},
		};
	}
	const status = text(task.status)?.toLowerCase() ?? 'unknown';
	const state: RelayTaskState = STATES[status] ?? 'running';
	const httpOfTask = typeof task.http_status === 'number' ? task.http_status : undefined;
	const poll: RelayTaskPoll = {
		state,
		status,
		images: state === 'done' ? readImages(task) : [],
		retryAfterMs: retry,
		expiresAt: seconds(task.expires_at),
		cost: statedCost(task) ?? (isObject(task.result) ? statedCost(task.result) : undefined),
	};
	if (typeof task.progress === 'number') poll.progress = task.progress;
	if (state === 'failed') {
		poll.error = readError(task.error, httpOfTask) ?? {
			message: status === 'cancelled' || status === 'canceled' ? 'the task was cancelled' : 'the task failed',
			httpStatus: httpOfTask,
		};
	}
	if (state === 'done' && poll.images.length === 0) {
		poll.state = 'failed';
		poll.error = { message: 'the task completed without an image' };
	}
	return poll;
}

/** sub2api's answer when its async endpoints are switched off (404 from the handler). */
export function isAsyncDisabled(httpStatus: number, body: unknown): boolean {
	if (httpStatus !== 404 || !isObject(body)) return false;
	const error = readError(body.error ?? body);
	return !!error && /async image tasks are (not enabled|disabled)/i.test(error.message);
}

/** The async submit path for a synchronous one, where the relay offers it (sub2api). */
export function asyncPathFor(path: string): string {
	return path.replace(/\/+$/, '') + '/async';
}
