import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { errorMessage, failureOf, nodeError, withKept } from '../../errors/errors';
import type { Charge } from '../../errors/failure';
import { poll, type PollCheck } from '../../run/poller';
import { taskDurations } from '../../run/taskDurations';
import { MAX_RETRY_AFTER_MS } from '../../run/constants';
import { pollUrlFor, type RelayDialect, type RelayTask, type RelayTaskPoll } from '../relayTasks';
import { getApiContext } from '../transport/openaiCredential';
import { getRelayTask } from '../transport/relayTaskPoll';
import type { ImagesResult } from '../transport/openaiTypes';

/** What a user needs to pick a relay task up again; every error of a wait carries it. */
export interface RelayTaskRef {
	taskId: string;
	/** Relative to the credential's Base URL (`tasks/x`) or from the host root (`/v1/images/tasks/x`). */
	pollPath: string;
	dialect: RelayDialect;
	model?: string;
	/** Unix seconds, when the relay stated it. */
	expiresAt?: number;
}

/** The JSON of a submitted relay task (Submit Task's output, and what every wait error keeps). */
export function relayTaskJson(task: RelayTaskRef, status: string | undefined): IDataObject {
	const json: IDataObject = {
		taskId: task.taskId,
		pollPath: task.pollPath,
		relayDialect: task.dialect,
		status: status ?? 'unknown',
	};
	if (task.model) json.model = task.model;
	if (task.expiresAt) json.expiresAt = new Date(task.expiresAt * 1000).toISOString();
	return json;
}

function resumeHint(task: RelayTaskRef): string {
	const until = task.expiresAt
		? ` until ${new Date(task.expiresAt * 1000).toISOString()}`
		: ' for as long as the relay keeps tasks';
	return `Nothing is lost: the task stays at the relay${until}. Pick it up with the operation "Wait for Result" of this node (Task ID ${task.taskId}, Poll Path ${task.pollPath}).`;
}

function waitFailure(
	ctx: IExecuteFunctions,
	task: RelayTaskRef,
	status: string | undefined,
	failure: { message: string; hint: string; charge: Charge; upstreamMessage?: string; code?: string; httpStatus?: number },
	itemIndex: number,
) {
	return nodeError(
		ctx.getNode(),
		{ retry: 'permanent', ...failure, kept: relayTaskJson(task, status) },
		{ itemIndex, api: failure.httpStatus !== undefined },
	);
}

/** One poll answer as a poller step. */
function toPollCheck(
	ctx: IExecuteFunctions,
	task: RelayTaskRef,
	answer: RelayTaskPoll,
	itemIndex: number,
): PollCheck<RelayTaskPoll> {
	if (answer.state === 'done') return { state: 'done', value: answer };
	if (answer.state === 'pending' || answer.state === 'running') {
		return {
			state: 'pending',
			status: answer.progress === undefined ? answer.status : `${answer.status} ${answer.progress}%`,
		};
	}
	const expired = answer.state === 'expired';
	return {
		state: 'failed',
		status: answer.status,
		error: waitFailure(
			ctx,
			task,
			answer.status,
			{
				message: expired
					? `The relay does not know task ${task.taskId} (any more): it expired or never existed`
					: `Relay task ${task.taskId} failed (status "${answer.status}")`,
				upstreamMessage: answer.error?.message,
				code: answer.error?.code ?? answer.error?.type,
				httpStatus: answer.error?.httpStatus,
				hint: expired
					? 'Relays keep tasks for a limited time (sub2api: 24 hours after the last update; APIMart: image links 72 hours). Check the Task ID and Poll Path, and the relay\'s console for the images.'
					: "The relay reports that the generation failed. Look at the relay's console or logs for the reason and for whether it was billed.",
				charge: expired ? 'free' : 'mayBeCharged',
			},
			itemIndex,
		),
	};
}

export interface RelayWaitOptions {
	itemIndex: number;
	timeoutMs: number;
	/** When the task was submitted (ms since epoch), if in this run: the wait then learns its duration. */
	submittedAtMs?: number;
	/** The first pause the relay asked for (Retry-After of the submit answer). */
	firstPauseMs?: number;
}

/**
 * Polls a relay task with the node's poller (the same schedule, learning, timeout and cancel as the
 * visual API's tasks) until it has images; polls are free and retried, nothing is sent twice that
 * costs money. Returns the images as an images answer; every error names the task and how to fetch it.
 */
export async function waitForRelayTask(
	ctx: IExecuteFunctions,
	task: RelayTaskRef,
	options: RelayWaitOptions,
): Promise<ImagesResult> {
	const { itemIndex, timeoutMs } = options;
	const { baseUrl, secret } = await getApiContext(ctx, itemIndex);
	const pollUrl = pollUrlFor(baseUrl, task.pollPath);
	if (!pollUrl) {
		throw waitFailure(
			ctx,
			task,
			undefined,
			{
				message: `Task ${task.taskId} is polled on another host than the credential's Base URL`,
				hint: `The API key is only sent to the credential's host. ${resumeHint(task)}`,
				charge: 'mayBeCharged',
			},
			itemIndex,
		);
	}
	const signal = ctx.getExecutionCancelSignal();
	const deadlineMs = Date.now() + timeoutMs;
	const host = new URL(pollUrl).host;
	let retryAfter: number | undefined;
	// The relay said when to look first (sub2api: Retry-After 3 on the 202): a look before is wasted.
	const firstPause = Math.min(options.firstPauseMs ?? 0, MAX_RETRY_AFTER_MS, timeoutMs);
	if (firstPause > 0) {
		try {
			await sleep(firstPause, signal);
		} catch {
			// Cancelled: the poller below reports it with the task id.
		}
	}
	const ageAtStartMs =
		options.submittedAtMs === undefined ? undefined : Date.now() - options.submittedAtMs;
	const outcome = await poll<RelayTaskPoll>({
		check: async () => {
			const answer = await getRelayTask(ctx, pollUrl, itemIndex, secret, deadlineMs);
			retryAfter = answer.retryAfterMs;
			return toPollCheck(ctx, task, answer, itemIndex);
		},
		isTransient: (error) => {
			const failure = failureOf(error);
			return (
				!!failure &&
				failure.code !== 'CANCELLED' &&
				(failure.retry === 'transient' || failure.retry === 'notAccepted')
			);
		},
		retryAfterMs: (error) => {
			const ms = failureOf(error)?.retryAfterMs;
			return ms === undefined ? undefined : Math.min(ms, MAX_RETRY_AFTER_MS);
		},
		timeoutMs: Math.max(0, deadlineMs - Date.now()),
		learn:
			ageAtStartMs === undefined || ageAtStartMs < 0
				? undefined
				: { key: `relay:${host}:${task.model ?? ''}`, store: taskDurations, ageAtStartMs },
		// The relay's Retry-After is the shortest pause it wants between looks (never past the deadline).
		sleep: async (ms, abortSignal) =>
			await sleep(
				Math.min(
					Math.max(ms, Math.min(retryAfter ?? 0, MAX_RETRY_AFTER_MS)),
					Math.max(0, deadlineMs - Date.now()),
				),
				abortSignal,
			),
		now: () => Date.now(),
		signal,
		onPending: (status, checks) =>
			ctx.logger.debug(`Jimeng: relay task ${task.taskId} is ${status} (check ${checks})`),
		onTransientError: (error, failures) =>
			ctx.logger.warn(
				`Jimeng: checking relay task ${task.taskId} failed (${failures} in a row), trying again: ${errorMessage(error)}`,
			),
	});

	if (outcome.kind === 'done') {
		const answer = outcome.value;
		return {
			data: answer.images.map((image) => ({
				url: image.url,
				b64_json: image.b64_json,
				revised_prompt: image.revised_prompt,
			})),
			model: task.model,
			upstreamCost: answer.cost,
		};
	}
	if (outcome.kind === 'failed') {
		throw withKept(outcome.error, relayTaskJson(task, outcome.lastStatus), ctx.getNode());
	}
	if (outcome.kind === 'cancelled') {
		throw waitFailure(
			ctx,
			task,
			outcome.lastStatus,
			{
				message: `The execution was cancelled while waiting for relay task ${task.taskId}`,
				hint: resumeHint(task),
				charge: 'mayBeCharged',
			},
			itemIndex,
		);
	}
	const lastError = outcome.lastError
		? ` The last check failed: ${errorMessage(outcome.lastError)}.`
		: '';
	throw waitFailure(
		ctx,
		task,
		outcome.lastStatus,
		{
			message: `Relay task ${task.taskId} was not done after ${Math.round(timeoutMs / 1000)} s (status: ${outcome.lastStatus ?? 'unknown'})`,
			hint: `${resumeHint(task)} Or raise Timeout.${lastError}`,
			charge: 'mayBeCharged',
		},
		itemIndex,
	);
}

/** The task a relay answered, as a reference to wait on (its poll path always set). */
export function relayTaskRef(task: RelayTask, model: string | undefined): RelayTaskRef | undefined {
	if (!task.pollPath) return undefined;
	return {
		taskId: task.taskId,
		pollPath: task.pollPath,
		dialect: task.dialect,
		model,
		expiresAt: task.expiresAt,
	};
}
