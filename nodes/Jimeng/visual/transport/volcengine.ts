import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { failureOf, nodeError, withKept } from '../../errors/errors';
import { storeImage, type StoredImage } from '../../images/binary';
import { readAnswerStoringImages, type StoreImage } from '../../images/streamedAnswer';
import { paidCallAttempts, waitBeforeRetry } from '../../run/runLimiter';
import {
	MAX_RETRY_AFTER_MS,
	MIN_POLL_TIMEOUT_MS,
	SUBMIT_ATTEMPTS,
	SUBMIT_BACKOFF,
	VOLC_REQUEST_TIMEOUT_MS,
} from '../../run/constants';
import type { Charge, Failure } from '../../errors/failure';
import { backoffDelayMs, parseRetryAfterMs, retry } from '../../run/retry';
import { explainNetworkError, parseVolcEnvelope, type VolcFailure } from '../volcErrors';
import { headerValue, innermostMessage, networkErrorCode, readBodyText } from '../../errors/http';

export const VOLC_CREDENTIAL = 'jimengVolcengineApi';
export const VOLC_API_VERSION = '2022-08-31';
export type VolcAction = 'CVSync2AsyncSubmitTask' | 'CVSync2AsyncGetResult';

export interface VolcSuccess {
	data: IDataObject | null;
	requestId?: string;
	/** `binary_data_base64` images written to the binary store as the answer streamed in, by placeholder number. */
	stored?: Array<StoredImage | undefined>;
}

/**
 * What a failed call means for the bill. Only a submit is paid: it was not charged when Volcengine
 * proved it did not take it or rejected it; a 5xx, a network fault or an unreadable answer may hide
 * a created task.
 */
function chargeOf(action: VolcAction, failure: VolcFailure): Charge {
	if (action !== 'CVSync2AsyncSubmitTask') return 'free';
	if (failure.retry === 'notAccepted') return 'notCharged';
	if (failure.layer === 'network' || failure.layer === 'http') return 'mayBeCharged';
	if (failure.httpStatus !== undefined && failure.httpStatus >= 500) return 'mayBeCharged';
	return 'notCharged';
}

/** Everything a Volcengine answer could echo that must never be shown: keys and the session token. */
async function credentialSecrets(ctx: IExecuteFunctions, itemIndex: number): Promise<string[]> {
	try {
		const credentials = await ctx.getCredentials(VOLC_CREDENTIAL, itemIndex);
		return ['accessKeyId', 'secretAccessKey', 'sessionToken']
			.map((key) => String(credentials[key] ?? '').trim())
			.filter(Boolean);
	} catch {
		return [];
	}
}

function volcError(
	ctx: IExecuteFunctions,
	action: VolcAction,
	failure: VolcFailure,
	itemIndex: number,
	secrets: string[],
) {
	const { layer, ...rest } = failure;
	const typed: Failure = { ...rest, charge: chargeOf(action, failure) };
	// A poll is free: any network fault is worth another look (the wait's timeout bounds it).
	if (action === 'CVSync2AsyncGetResult' && layer === 'network' && failure.code !== 'CANCELLED') {
		typed.retry = 'transient';
	}
	return nodeError(ctx.getNode(), typed, { itemIndex, secrets });
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
	timeoutMs = VOLC_REQUEST_TIMEOUT_MS,
	storeImages?: StoreImage<StoredImage>,
): Promise<VolcSuccess> {
	const options: IHttpRequestOptions = {
		method: 'POST',
		// The credential resolves this against its Endpoint and signs the exact URL sent.
		url: `/?Action=${action}&Version=${VOLC_API_VERSION}`,
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
		json: false,
		// A result may carry its images as base64: read those as they stream, into the binary store.
		encoding: storeImages ? 'stream' : 'text',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: timeoutMs,
	};

	let response: { body: unknown; headers?: IDataObject; statusCode: number };
	let text: string;
	let stored: VolcSuccess['stored'];
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			VOLC_CREDENTIAL,
			options,
		)) as typeof response;
		if (storeImages) {
			({ text, stored } = await readAnswerStoringImages(
				response.body,
				['binary_data_base64'],
				storeImages,
			));
		} else {
			text = await readBodyText(response.body);
		}
	} catch (error) {
		const cancelled = this.getExecutionCancelSignal()?.aborted === true;
		const failure: VolcFailure = cancelled
			? {
					layer: 'network',
					code: 'CANCELLED',
					message: 'The execution was cancelled during a call to Volcengine',
					hint: '',
					retry: 'permanent',
				}
			: explainNetworkError(networkErrorCode(error), innermostMessage(error));
		// A fresh error: the original carries the signed request (headers included).
		throw volcError(this, action, failure, itemIndex, await credentialSecrets(this, itemIndex));
	}

	const envelope = parseVolcEnvelope(response.statusCode, text);
	if (envelope.ok)
		return { data: envelope.data as IDataObject | null, requestId: envelope.requestId, stored };

	let errorBody: unknown;
	try {
		errorBody = JSON.parse(text);
	} catch {
		errorBody = { message: envelope.failure.upstreamMessage ?? envelope.failure.message };
	}
	const failure: VolcFailure = {
		...envelope.failure,
		retryAfterMs: parseRetryAfterMs(headerValue(response.headers, 'retry-after'), Date.now()),
		body: errorBody,
	};
	throw volcError(this, action, failure, itemIndex, await credentialSecrets(this, itemIndex));
}

/** A refused connection: not a rate limit, so it neither slows the run nor earns more tries. */
function isRefused(error: unknown): boolean {
	return failureOf(error)?.code === 'ECONNREFUSED';
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
	let sentAt = 0;
	const result = await retry(
		async (attempt) => {
			sentAt = Date.now();
			if (attempt > 1) this.logger.debug(`Jimeng: submitting again (attempt ${attempt})`);
			return await callVolcengine.call(this, 'CVSync2AsyncSubmitTask', body, itemIndex);
		},
		{
			attempts: (error) =>
				isRefused(error) ? SUBMIT_ATTEMPTS : paidCallAttempts(this, SUBMIT_ATTEMPTS),
			shouldRetry: (error) => !signal?.aborted && failureOf(error)?.retry === 'notAccepted',
			delayMs: (error, attempt) =>
				Math.min(
					MAX_RETRY_AFTER_MS,
					Math.max(failureOf(error)?.retryAfterMs ?? 0, backoffDelayMs(attempt, SUBMIT_BACKOFF)),
				),
			sleep: async (ms, error) => await waitBeforeRetry(this, ms, !isRefused(error), sentAt),
		},
	);

	const taskId = result.data?.task_id;
	if ((typeof taskId !== 'string' && typeof taskId !== 'number') || String(taskId) === '') {
		throw nodeError(
			this.getNode(),
			{
				code: 'NO_TASK_ID',
				message: 'Volcengine accepted the submit but returned no task ID',
				hint: 'Look for the task in the Volcengine console.',
				charge: 'mayBeCharged',
				retry: 'permanent',
				requestId: result.requestId,
				body: { message: 'no task_id', data: result.data ?? null },
			},
			{ itemIndex, secrets: await credentialSecrets(this, itemIndex) },
		);
	}
	return { taskId: String(taskId), requestId: result.requestId };
}

export interface TaskResult {
	/** `in_queue`, `generating`, `done`, `not_found`, `expired` … */
	status: string;
	data: IDataObject;
	requestId?: string;
	/** Its `binary_data_base64` images, already in the binary store (placeholders in `data`). */
	stored?: Array<StoredImage | undefined>;
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
			? VOLC_REQUEST_TIMEOUT_MS
			: Math.min(VOLC_REQUEST_TIMEOUT_MS, Math.max(MIN_POLL_TIMEOUT_MS, deadlineMs - Date.now()));
	try {
		const result = await callVolcengine.call(
			this,
			'CVSync2AsyncGetResult',
			body,
			itemIndex,
			timeoutMs,
			async (_ordinal, head, data) => await storeImage(this, head, data),
		);
		const data = result.data ?? {};
		return {
			status: String(data.status ?? ''),
			data,
			requestId: result.requestId,
			stored: result.stored,
		};
	} catch (error) {
		throw withKept(error, { taskId: task.taskId, reqKey: task.reqKey });
	}
}

/**
 * Whether a failed poll is worth another look: 5xx, rate limits and any network trouble are (a poll is
 * free, and a network fault of a kind not listed in volcErrors must not end the wait either).
 */
export function isTransientPollError(error: unknown): boolean {
	const failure = failureOf(error);
	if (!failure || failure.code === 'CANCELLED') return false;
	return failure.retry === 'transient' || failure.retry === 'notAccepted';
}

export function pollRetryAfterMs(error: unknown): number | undefined {
	const ms = failureOf(error)?.retryAfterMs;
	return ms === undefined ? undefined : Math.min(ms, MAX_RETRY_AFTER_MS);
}
