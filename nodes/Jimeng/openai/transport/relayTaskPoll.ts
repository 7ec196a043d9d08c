import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { nodeError } from '../../errors/errors';
import { readBodyText, innermostMessage, networkErrorCode } from '../../errors/http';
import { networkFailure } from '../../errors/networkFailure';
import { bodySnippet } from '../../errors/bodyText';
import { readTaskPoll, retryAfterMs, type RelayTaskPoll } from '../relayTasks';
import { CREDENTIAL_NAME } from './openaiCredential';

/** Longest single poll request: a poll is a small GET, a hung one must not eat the whole wait. */
const POLL_REQUEST_TIMEOUT_MS = 60_000;

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

/**
 * Looks at a relay task once (a free GET on the credential's host). Returns what the relay says,
 * 404 included (the task is unknown: final). Throws a `free` failure that is `transient` for
 * network faults, 5xx and answers that are not JSON, `notAccepted` for 429, `permanent` for
 * 401 / 403 and other 4xx.
 */
export async function getRelayTask(
	ctx: IExecuteFunctions,
	pollUrl: string,
	itemIndex: number,
	secret: string,
	deadlineMs: number,
): Promise<RelayTaskPoll> {
	const options: IHttpRequestOptions = {
		method: 'GET',
		url: pollUrl,
		headers: { Accept: 'application/json' },
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: Math.max(1000, Math.min(POLL_REQUEST_TIMEOUT_MS, deadlineMs - Date.now())),
	};
	let response: { statusCode: number; headers: IDataObject; body: unknown };
	try {
		response = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			CREDENTIAL_NAME,
			options,
		)) as typeof response;
	} catch (error) {
		throw nodeError(
			ctx.getNode(),
			networkFailure(networkErrorCode(error), innermostMessage(error), {
				service: 'the relay',
				paid: false,
				endpointHint: 'Check the Base URL in the Jimeng API credential and that the relay is up.',
				cancelled: ctx.getExecutionCancelSignal()?.aborted === true,
			}),
			{ itemIndex, secrets: [secret] },
		);
	}
	const text = await readBodyText(response.body);
	const body = parseJson(text);
	const status = response.statusCode;
	const headers = response.headers as Record<string, string>;
	if (status === 404 || (status >= 200 && status < 300 && body !== undefined)) {
		return readTaskPoll(status, body, headers);
	}
	const poll = body === undefined ? undefined : readTaskPoll(status, body, headers);
	throw nodeError(
		ctx.getNode(),
		{
			message: `Looking at the relay task failed (HTTP ${status})`,
			upstreamMessage: poll?.error?.message ?? (bodySnippet(text) || undefined),
			hint:
				status === 401 || status === 403
					? 'The relay refused the API key for this task. Check the Jimeng API credential.'
					: 'The relay did not answer the task poll as expected.',
			charge: 'free',
			retry: status === 429 ? 'notAccepted' : status >= 500 || body === undefined ? 'transient' : 'permanent',
			httpStatus: status,
			retryAfterMs: retryAfterMs(
				Object.entries(headers).find(([key]) => key.toLowerCase() === 'retry-after')?.[1],
			),
			body: body && typeof body === 'object' ? body : { message: bodySnippet(text) },
		},
		{ itemIndex, secrets: [secret] },
	);
}
