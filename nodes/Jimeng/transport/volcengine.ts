import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { paidCallAttempts, waitBeforeRetry } from '../helpers/runLimiter';
import { backoffDelayMs, parseRetryAfterMs, retry } from '../lib/retry';
import {
	explainNetworkError,
	failureSentence,
	parseVolcEnvelope,
	type VolcFailure,
	type VolcRetryClass,
} from '../lib/volcErrors';
import { headerValue, innermostMessage, networkErrorCode, readBodyText } from './http';

export const VOLC_CREDENTIAL = 'jimengVolcengineApi';
export const VOLC_API_VERSION = '2022-08-31';
export type VolcAction = 'CVSync2AsyncSubmitTask' | 'CVSync2AsyncGetResult';

/** The visual API documents a 30 s request timeout; leave room for slow answers. */
const REQUEST_TIMEOUT_MS = 60_000;
/** A poll made just before the wait's deadline still gets this long to answer. */
const MIN_POLL_TIMEOUT_MS = 5_000;
/** Submits are retried only when the upstream proved it did not take them. */
const SUBMIT_ATTEMPTS = 4;
const SUBMIT_BACKOFF = { initialMs: 2000, maxMs: 16000, factor: 2 };
/** Retry-After can be large; never wait longer than this before a retry. */
const MAX_RETRY_AFTER_MS = 60_000;

export interface VolcSuccess {
	data: IDataObject | null;
	requestId?: string;
}

interface FailureDetails extends VolcFailure {
	retryAfterMs?: number;
}

/** The failure behind each error this module throws (errors stay plain NodeApiErrors for n8n). */
const failures = new WeakMap<object, FailureDetails>();

export function volcFailureOf(error: unknown): FailureDetails | undefined {
	return error !== null && typeof error === 'object' ? failures.get(error) : undefined;
}

export function volcRetryClassOf(error: unknown): VolcRetryClass | undefined {
	return volcFailureOf(error)?.retry;
}

function volcError(
	ctx: IExecuteFunctions,
	failure: FailureDetails,
	body: JsonObject,
	itemIndex: number,
): NodeApiError {
	const error = new NodeApiError(ctx.getNode(), body, {
		message: failureSentence(failure),
		description: failure.hint,
		httpCode: failure.httpStatus !== undefined ? String(failure.httpStatus) : undefined,
		itemIndex,
	});
	// NodeApiError swaps messages that mention network codes for generic ones; keep ours.
	error.message = failureSentence(failure);
	error.description = failure.hint;
	failures.set(error, failure);
	return error;
}

/**
 * One signed call to the visual API. The body is serialised here, once, so the bytes the credential
 * hashes are the bytes sent. The answer is read as text on every HTTP status: the envelope says
 * whether it worked, and a numeric `task_id` is kept as a string.
 */
export async function callVolcengine(
	this: IExecuteFunctions,
	action: VolcAction,
	body: IDataObject,
	itemIndex: number,
	timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<VolcSuccess> {
	const options: IHttpRequestOptions = {
		method: 'POST',
		// The credential resolves this against its Endpoint and signs the exact URL sent.
		url: `/?Action=${action}&Version=${VOLC_API_VERSION}`,
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
		json: false,
		encoding: 'text',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: timeoutMs,
	};

	let response: { body: unknown; headers?: IDataObject; statusCode: number };
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			VOLC_CREDENTIAL,
			options,
		)) as typeof response;
	} catch (error) {
		const failure: FailureDetails = this.getExecutionCancelSignal()?.aborted
			? {
					layer: 'network',
					code: 'CANCELLED',
					message: 'The execution was cancelled during a call to Volcengine',
					hint: 'Nothing to do; if it was a submit, the task may still run.',
					retry: 'permanent',
				}
			: explainNetworkError(networkErrorCode(error), innermostMessage(error));
		// A fresh error: the original carries the signed request (headers included).
		throw volcError(this, failure, { message: failure.message }, itemIndex);
	}

	const text = await readBodyText(response.body);
	const envelope = parseVolcEnvelope(response.statusCode, text);
	if (envelope.ok)
		return {
			data: envelope.data as IDataObject | null,
			requestId: envelope.requestId,
		};

	const failure: FailureDetails = {
		...envelope.failure,
		retryAfterMs: parseRetryAfterMs(headerValue(response.headers, 'retry-after'), Date.now()),
	};
	let errorBody: JsonObject;
	try {
		errorBody = JSON.parse(text) as JsonObject;
	} catch {
		errorBody = { message: failure.upstreamMessage ?? failure.message };
	}
	throw volcError(this, failure, errorBody, itemIndex);
}

export interface SubmittedTask {
	taskId: string;
	requestId?: string;
}

/**
 * Submits a paid task. Retried only when the upstream proved it did not accept it (HTTP 429,
 * 50429, 50430, connection refused); a 5xx, reset or timeout may hide a created task, so never.
 */
export async function submitTask(
	this: IExecuteFunctions,
	body: IDataObject,
	itemIndex: number,
): Promise<SubmittedTask> {
	const signal = this.getExecutionCancelSignal();
	let result: VolcSuccess;
	try {
		result = await retry(
			async (attempt) => {
				if (attempt > 1) this.logger.debug(`Jimeng: submitting again (attempt ${attempt})`);
				return await callVolcengine.call(this, 'CVSync2AsyncSubmitTask', body, itemIndex);
			},
			{
				attempts: (error) =>
					volcFailureOf(error)?.layer === 'network'
						? SUBMIT_ATTEMPTS
						: paidCallAttempts(this, SUBMIT_ATTEMPTS),
				shouldRetry: (error) => !signal?.aborted && volcRetryClassOf(error) === 'notAccepted',
				delayMs: (error, attempt) =>
					Math.min(
						MAX_RETRY_AFTER_MS,
						Math.max(
							volcFailureOf(error)?.retryAfterMs ?? 0,
							backoffDelayMs(attempt, SUBMIT_BACKOFF),
						),
					),
				sleep: async (ms, error) =>
					await waitBeforeRetry(this, ms, volcFailureOf(error)?.layer !== 'network'),
			},
		);
	} catch (error) {
		const failure = volcFailureOf(error);
		if (failure?.retry === 'transient' && error instanceof NodeApiError) {
			error.description = `${failure.hint} This submit was not retried automatically: the task may have been created before the failure, and a second submit would be billed again. Check the Volcengine console first.`;
		}
		// Hands back the same instance when it already is a NodeApiError.
		throw new NodeApiError(this.getNode(), error as JsonObject, { itemIndex });
	}

	const taskId = result.data?.task_id;
	if ((typeof taskId !== 'string' && typeof taskId !== 'number') || String(taskId) === '') {
		const failure: FailureDetails = {
			layer: 'http',
			code: 'NO_TASK_ID',
			message: 'Volcengine accepted the submit but returned no task ID',
			hint: 'Check the Volcengine console before submitting again: the task may have been created.',
			retry: 'permanent',
			requestId: result.requestId,
		};
		throw volcError(this, failure, { message: failure.message }, itemIndex);
	}
	return { taskId: String(taskId), requestId: result.requestId };
}

export interface TaskResult {
	/** `in_queue`, `generating`, `done`, `not_found`, `expired` … */
	status: string;
	data: IDataObject;
	requestId?: string;
}

/**
 * One look at a task (free). A failed task comes back as a thrown business error. With a `deadlineMs`
 * (a wait's end), a hanging answer is cut there, so one poll cannot hold the node far past its timeout.
 */
export async function getTaskResult(
	this: IExecuteFunctions,
	task: { taskId: string; reqKey: string; reqJson?: string },
	itemIndex: number,
	deadlineMs?: number,
): Promise<TaskResult> {
	const body: IDataObject = { req_key: task.reqKey, task_id: task.taskId };
	if (task.reqJson !== undefined) body.req_json = task.reqJson;
	const timeoutMs =
		deadlineMs === undefined
			? REQUEST_TIMEOUT_MS
			: Math.min(REQUEST_TIMEOUT_MS, Math.max(MIN_POLL_TIMEOUT_MS, deadlineMs - Date.now()));
	const result = await callVolcengine.call(
		this,
		'CVSync2AsyncGetResult',
		body,
		itemIndex,
		timeoutMs,
	);
	const data = result.data ?? {};
	return {
		status: String(data.status ?? ''),
		data,
		requestId: result.requestId,
	};
}

/**
 * Whether a failed poll is worth another look: 5xx, rate limits and any network trouble are (a poll is
 * free, and a network fault of a kind not listed in volcErrors must not end the wait either).
 */
export function isTransientPollError(error: unknown): boolean {
	const failure = volcFailureOf(error);
	if (failure?.layer === 'network' && failure.code !== 'CANCELLED') return true;
	return failure?.retry === 'transient' || failure?.retry === 'notAccepted';
}

export function pollRetryAfterMs(error: unknown): number | undefined {
	const ms = volcFailureOf(error)?.retryAfterMs;
	return ms === undefined ? undefined : Math.min(ms, MAX_RETRY_AFTER_MS);
}
