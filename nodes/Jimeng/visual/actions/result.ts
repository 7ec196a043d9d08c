import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { imageOutputItem, storedImageItem } from '../../images/binary';
import { placeholderIndex } from '../../images/b64Json';
import { errorMessage, fail, nodeError, withKept } from '../../errors/errors';
import { DEFAULT_POLL_INTERVAL, poll, type PollCheck } from '../../run/poller';
import { taskDurations } from '../../run/taskDurations';
import { redactQuery } from '../../errors/redact';
import { explainTaskStatus } from '../volcErrors';
import { downloadImageItem } from '../../images/download';
import {
	getTaskResult,
	isTransientPollError,
	pollRetryAfterMs,
	type TaskResult,
} from '../transport/volcengine';

const FAILED_STATUSES = new Set(['not_found', 'expired']);
const DEFAULT_MAX_POLL_SECONDS = DEFAULT_POLL_INTERVAL.maxMs / 1000;

export interface TaskRef {
	taskId: string;
	reqKey: string;
}

export interface ResultSettings {
	/** The GetResult `req_json` string, or undefined to send none. */
	reqJson?: string;
	downloadImages: boolean;
	binaryPropertyName: string;
	maxPollIntervalMs: number;
}

const WATERMARK_DETAILS = [
	'watermarkLanguage',
	'watermarkOpacity',
	'watermarkPosition',
	'watermarkText',
] as const;

/** logo_info: added when Watermark is on, or when a watermark detail is set and Watermark is not off. */
function watermarkOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): IDataObject | undefined {
	const detailSet = WATERMARK_DETAILS.some((name) => options[name] !== undefined);
	if (options.watermark === false || (options.watermark === undefined && !detailSet)) {
		return undefined;
	}
	const logo: IDataObject = {
		add_logo: true,
		position: Number(options.watermarkPosition ?? 0),
		language: Number(options.watermarkLanguage ?? 0),
		opacity: Number(options.watermarkOpacity ?? 1),
	};
	const text = String(options.watermarkText ?? '').trim();
	if (text) logo.logo_text_content = text;
	if (!((logo.opacity as number) >= 0 && (logo.opacity as number) <= 1)) {
		fail(ctx, itemIndex, 'Watermark Opacity must be between 0 and 1');
	}
	return logo;
}

/** aigc_meta: needs a producer ID whenever any AIGC field is set. */
function aigcMetaOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): IDataObject | undefined {
	const fields: Array<[string, string]> = [
		['aigcContentProducer', 'content_producer'],
		['aigcContentPropagator', 'content_propagator'],
		['aigcPropagateId', 'propagate_id'],
	];
	const producerId = String(options.aigcProducerId ?? '').trim();
	const others = fields.filter(([from]) => String(options[from] ?? '').trim() !== '');
	if (!producerId && others.length === 0) return undefined;
	if (!producerId) {
		fail(
			ctx,
			itemIndex,
			'AIGC metadata needs an AIGC Producer ID',
			'The API requires producer_id when aigc_meta is sent.',
		);
	}
	const aigc: IDataObject = { producer_id: producerId };
	for (const [from, to] of others) aigc[to] = String(options[from]).trim();
	return aigc;
}

/** Reads the result options (GetResult settings and output shape) of the item. */
export function readResultSettings(ctx: IExecuteFunctions, itemIndex: number): ResultSettings {
	const options = (ctx.getNodeParameter('options', itemIndex, {}) ?? {}) as IDataObject;
	const reqJson: IDataObject = {};
	if (options.responseFormat !== 'b64_json') reqJson.return_url = true;

	const logo = watermarkOf(ctx, itemIndex, options);
	if (logo) reqJson.logo_info = logo;
	const aigc = aigcMetaOf(ctx, itemIndex, options);
	if (aigc) reqJson.aigc_meta = aigc;

	const binaryPropertyName = String(options.binaryPropertyName ?? 'data').trim() || 'data';
	const maxPollSeconds = Number(options.maxPollInterval ?? DEFAULT_MAX_POLL_SECONDS);
	return {
		// The API wants req_json as a JSON *string*, not an object.
		reqJson: Object.keys(reqJson).length > 0 ? JSON.stringify(reqJson) : undefined,
		downloadImages: options.returnUrlsOnly !== true,
		binaryPropertyName,
		maxPollIntervalMs:
			Math.max(1, Number.isFinite(maxPollSeconds) ? maxPollSeconds : DEFAULT_MAX_POLL_SECONDS) *
			1000,
	};
}

/** Reads Timeout (Seconds). Checked before any submit: an expression can give 0, NaN or a negative number. */
export function readTimeoutSeconds(ctx: IExecuteFunctions, itemIndex: number): number {
	const timeoutSeconds = Number(ctx.getNodeParameter('timeout', itemIndex, 300));
	if (!(timeoutSeconds > 0)) {
		fail(ctx, itemIndex, 'Timeout must be a positive number of seconds');
	}
	return timeoutSeconds;
}

/** What a user needs to pick the task up again; every error of a wait carries it. */
function taskRef(task: TaskRef, status: string | undefined) {
	return { taskId: task.taskId, reqKey: task.reqKey, status: status ?? 'unknown' };
}

/** The same error, carrying the task reference (helpers/errors.ts copies it into error items). */
export function withResumeContext(
	ctx: IExecuteFunctions,
	error: unknown,
	task: TaskRef,
	status: string | undefined,
): unknown {
	return withKept(error, taskRef(task, status), ctx.getNode());
}

function resumeHint(task: TaskRef): string {
	return `Nothing is lost: the task keeps running at Volcengine for up to 12 hours. Pick it up with the operation "Wait for Result" (Task ID ${task.taskId}, Model ${task.reqKey}).`;
}

/** A wait that ends without images yet (cancelled, timed out): the task is paid and still there. */
function unfinished(
	ctx: IExecuteFunctions,
	task: TaskRef,
	status: string | undefined,
	message: string,
	hint: string,
	itemIndex: number,
) {
	return nodeError(
		ctx.getNode(),
		{ message, hint, charge: 'free', retry: 'permanent', kept: taskRef(task, status) },
		{ itemIndex, api: false },
	);
}

function statusFailure(
	ctx: IExecuteFunctions,
	task: TaskRef,
	result: TaskResult,
	itemIndex: number,
) {
	const explanation = explainTaskStatus(result.status);
	return nodeError(
		ctx.getNode(),
		{
			message: `${explanation.message}: task ${task.taskId} is "${result.status}"`,
			code: result.status,
			requestId: result.requestId,
			hint: explanation.hint,
			charge: 'free',
			retry: 'permanent',
			body: { status: result.status, task_id: task.taskId, request_id: result.requestId ?? null },
			kept: taskRef(task, result.status),
		},
		{ itemIndex },
	);
}

/** Turns one GetResult answer into a poll step. */
function toPollCheck(
	ctx: IExecuteFunctions,
	task: TaskRef,
	result: TaskResult,
	itemIndex: number,
): PollCheck<TaskResult> {
	if (result.status === 'done') return { state: 'done', value: result };
	if (FAILED_STATUSES.has(result.status)) {
		return {
			state: 'failed',
			error: statusFailure(ctx, task, result, itemIndex),
			status: result.status,
		};
	}
	// in_queue, generating, or a status newer than this node: keep looking until the timeout.
	return { state: 'pending', status: result.status || 'unknown' };
}

/** Looks at the task once, retrying a few transient failures, for "Check Once". */
export async function checkTaskOnce(
	ctx: IExecuteFunctions,
	task: TaskRef,
	settings: ResultSettings,
	itemIndex: number,
): Promise<TaskResult> {
	const signal = ctx.getExecutionCancelSignal();
	let lastError: unknown;
	for (let attempt = 1; attempt <= 3; attempt++) {
		try {
			const result = await getTaskResult.call(
				ctx,
				{ ...task, reqJson: settings.reqJson },
				itemIndex,
			);
			const step = toPollCheck(ctx, task, result, itemIndex);
			if (step.state === 'failed') throw step.error;
			return result;
		} catch (error) {
			lastError = error;
			if (signal?.aborted || !isTransientPollError(error) || attempt === 3) break;
			try {
				await sleep(Math.min(pollRetryAfterMs(error) ?? 1000 * attempt, 8000), signal);
			} catch {
				break;
			}
		}
	}
	if (signal?.aborted) {
		throw unfinished(
			ctx,
			task,
			undefined,
			`The execution was cancelled while checking task ${task.taskId}`,
			resumeHint(task),
			itemIndex,
		);
	}
	throw withResumeContext(ctx, lastError, task, undefined);
}

/**
 * Polls GetResult until the task is done, then outputs its images. Transient faults are retried and
 * never end the wait early; a timeout or cancellation throws an error that names the task id.
 */
export async function waitForTask(
	ctx: IExecuteFunctions,
	task: TaskRef,
	settings: ResultSettings,
	timeoutSeconds: number,
	itemIndex: number,
	extraJson: IDataObject = {},
	/** When the task was submitted (ms since epoch), if known: the wait then learns its duration. */
	submittedAtMs?: number,
): Promise<INodeExecutionData[]> {
	const signal = ctx.getExecutionCancelSignal();
	const deadlineMs = Date.now() + timeoutSeconds * 1000;
	const ageAtStartMs = submittedAtMs === undefined ? undefined : Date.now() - submittedAtMs;
	const outcome = await poll<TaskResult>({
		check: async () =>
			toPollCheck(
				ctx,
				task,
				await getTaskResult.call(
					ctx,
					{ ...task, reqJson: settings.reqJson },
					itemIndex,
					deadlineMs,
				),
				itemIndex,
			),
		isTransient: isTransientPollError,
		retryAfterMs: pollRetryAfterMs,
		timeoutMs: timeoutSeconds * 1000,
		maxIntervalMs: settings.maxPollIntervalMs,
		// Tasks of one model take about as long as each other: poll around the end seen before.
		learn:
			ageAtStartMs === undefined || ageAtStartMs < 0
				? undefined
				: { key: `volcengine:${task.reqKey}`, store: taskDurations, ageAtStartMs },
		sleep: async (ms, abortSignal) => await sleep(ms, abortSignal),
		now: () => Date.now(),
		signal,
		onPending: (status, checks) =>
			ctx.logger.debug(`Jimeng: task ${task.taskId} is ${status} (check ${checks})`),
		onTransientError: (error, failures) =>
			ctx.logger.warn(
				`Jimeng: checking task ${task.taskId} failed (${failures} in a row), trying again: ${errorMessage(error)}`,
			),
	});

	if (outcome.kind === 'done') {
		return await imagesToItems(ctx, task, outcome.value, settings, itemIndex, extraJson);
	}
	if (outcome.kind === 'failed') {
		throw withResumeContext(ctx, outcome.error, task, outcome.lastStatus);
	}
	if (outcome.kind === 'cancelled') {
		throw unfinished(
			ctx,
			task,
			outcome.lastStatus,
			`The execution was cancelled while waiting for task ${task.taskId}`,
			resumeHint(task),
			itemIndex,
		);
	}
	const lastError = outcome.lastError
		? ` The last check failed: ${errorMessage(outcome.lastError)}.`
		: '';
	throw unfinished(
		ctx,
		task,
		outcome.lastStatus,
		`Task ${task.taskId} was not done after ${timeoutSeconds} s (status: ${outcome.lastStatus ?? 'unknown'})`,
		`${resumeHint(task)} Or raise Timeout.${lastError}`,
		itemIndex,
	);
}

function stringList(value: unknown): Array<string | undefined> {
	if (!Array.isArray(value)) return [];
	return value.map((entry) => (typeof entry === 'string' && entry !== '' ? entry : undefined));
}

/**
 * One output item per image: base64 data decoded, URLs downloaded into the binary store. An image
 * that cannot be downloaded becomes an `{ index, url, error }` item; the others are still output.
 */
export async function imagesToItems(
	ctx: IExecuteFunctions,
	task: TaskRef,
	result: TaskResult,
	settings: ResultSettings,
	itemIndex: number,
	extraJson: IDataObject = {},
): Promise<INodeExecutionData[]> {
	const urls = stringList(result.data.image_urls);
	const base64 = stringList(result.data.binary_data_base64);
	const count = Math.max(urls.length, base64.length);
	if (count === 0) {
		throw nodeError(
			ctx.getNode(),
			{
				message: `Task ${task.taskId} is done but returned no images`,
				requestId: result.requestId ?? 'unknown',
				hint: 'Volcengine returned neither image_urls nor binary_data_base64; quote the task ID and request ID to Volcengine support.',
				charge: 'mayBeCharged',
				retry: 'permanent',
				body: { status: result.status, task_id: task.taskId, request_id: result.requestId ?? null },
				kept: taskRef(task, result.status),
			},
			{ itemIndex },
		);
	}

	const items: INodeExecutionData[] = [];
	for (let index = 0; index < count; index++) {
		const url = urls[index];
		const json: IDataObject = {
			...extraJson,
			taskId: task.taskId,
			reqKey: task.reqKey,
			index,
		};
		if (url) json.url = url;
		if (result.requestId) json.requestId = result.requestId;
		const fileBaseName = `jimeng-${task.taskId}-${index}`;
		const output = {
			itemIndex,
			binaryPropertyName: settings.binaryPropertyName,
			fileBaseName,
			json,
		};
		try {
			const data = base64[index];
			const placeholder = placeholderIndex(data);
			const stored = placeholder === undefined ? undefined : result.stored?.[placeholder];
			if (stored) {
				items.push(storedImageItem(stored, output));
			} else if (placeholder !== undefined) {
				throw new Error('The image broke off while the answer was read');
			} else if (data) {
				items.push(
					await imageOutputItem(ctx, {
						...output,
						data: Buffer.from(data, 'base64'),
					}),
				);
			} else if (url && settings.downloadImages) {
				items.push(await downloadImageItem(ctx, url, output));
			} else {
				items.push({ json, pairedItem: { item: itemIndex } });
			}
		} catch (error) {
			if (ctx.getExecutionCancelSignal()?.aborted) {
				throw unfinished(
					ctx,
					task,
					result.status,
					`The execution was cancelled while reading the images of task ${task.taskId}`,
					resumeHint(task),
					itemIndex,
				);
			}
			ctx.logger.warn(
				`Jimeng: image ${index} of task ${task.taskId} could not be read${url ? ` from ${redactQuery(url)}` : ''}: ${errorMessage(error)}`,
			);
			items.push({
				json: { ...json, error: errorMessage(error) },
				pairedItem: { item: itemIndex },
			});
		}
	}
	return items;
}
