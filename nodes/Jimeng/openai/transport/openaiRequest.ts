import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { nodeError } from '../../errors/errors';
import { paidCallAttempts, waitBeforeRetry } from '../../run/runLimiter';
import { bodySnippet } from '../../errors/bodyText';
import { MAX_RETRY_AFTER_MS, PAID_CALL_ATTEMPTS, PAID_CALL_BACKOFF } from '../../run/constants';
import { networkFailure, networkKind } from '../../errors/networkFailure';
import { isInsufficientQuota, readErrorEnvelope, upstreamFailure } from '../openaiErrors';
import { backoffDelayMs, parseRetryAfterMs, retry } from '../../run/retry';
import { headerValue, innermostMessage, networkErrorCode, readBodyText } from '../../errors/http';
import { encodeMultipart } from './multipart';
import { CREDENTIAL_NAME, getApiContext } from './openaiCredential';
import { attachImages, readJsonAnswer } from './jsonImages';
import { storeImage } from '../../images/binary';
import { interpretJson } from './openaiResult';
import { recognizeTaskAnswer } from '../relayTasks';
import { readImageStream } from './openaiStream';
import type { ImagesRequest, ImagesResult } from './openaiTypes';

interface RawResponse {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

/** A 429 answer, read: a rate limit proves the call was not taken; `insufficient_quota` is final. */
interface Refused429 {
	refused429: true;
	text: string;
	parsed: unknown;
	retryAfterMs?: number;
	insufficientQuota: boolean;
}

function is429(error: unknown): error is Refused429 {
	return (error as Refused429)?.refused429 === true;
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

const ENDPOINT_HINT = 'Check the Base URL in the Jimeng API credential and that the service is up.';

/**
 * Sends one images request and returns the parsed result. Paid calls are repeated only when the
 * provider proved it did not take them: HTTP 429 as a rate limit (not `insufficient_quota`), after
 * its Retry-After, and a refused connection.
 */
export async function requestImages(
	ctx: IExecuteFunctions,
	request: ImagesRequest,
): Promise<ImagesResult> {
	const { itemIndex } = request;
	const { baseUrl, secret } = await getApiContext(ctx, itemIndex);
	const url = `${baseUrl}${request.path}`;

	const headers: IDataObject = {
		Accept: request.stream ? 'text/event-stream' : 'application/json',
	};
	let body: string | Buffer;
	if (request.body instanceof FormData) {
		const encoded = await encodeMultipart(request.body);
		body = encoded.bytes;
		headers['Content-Type'] = encoded.contentType;
	} else {
		body = JSON.stringify(request.body);
		headers['Content-Type'] = 'application/json';
	}

	const signal = ctx.getExecutionCancelSignal();
	let sentAt = 0;
	const sendOnce = async (attempt: number): Promise<RawResponse> => {
		sentAt = Date.now();
		const options: IHttpRequestOptions = {
			method: 'POST',
			url,
			headers: { ...headers },
			body,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: request.timeoutMs,
		};
		ctx.logger.debug(`Jimeng: POST ${request.path} (attempt ${attempt})`);
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			CREDENTIAL_NAME,
			options,
		)) as RawResponse;
		if (response.statusCode === 429) {
			const text = await readBodyText(response.body);
			const parsed = parseJson(text);
			throw {
				refused429: true,
				text,
				parsed,
				retryAfterMs: parseRetryAfterMs(headerValue(response.headers, 'retry-after'), Date.now()),
				insufficientQuota: isInsufficientQuota(readErrorEnvelope(parsed) ?? {}),
			} satisfies Refused429;
		}
		return response;
	};

	let response: RawResponse;
	try {
		response = await retry(sendOnce, {
			attempts: (error) =>
				is429(error) ? paidCallAttempts(ctx, PAID_CALL_ATTEMPTS) : PAID_CALL_ATTEMPTS,
			shouldRetry: (error) => {
				if (signal?.aborted) return false;
				if (is429(error)) {
					return !error.insufficientQuota && (error.retryAfterMs ?? 0) <= MAX_RETRY_AFTER_MS;
				}
				return networkKind(networkErrorCode(error), innermostMessage(error)) === 'refused';
			},
			delayMs: (error, attempt) =>
				(is429(error) ? error.retryAfterMs : undefined) ??
				backoffDelayMs(attempt, PAID_CALL_BACKOFF),
			sleep: async (ms, error) => {
				ctx.logger.debug(`Jimeng: rate-limited or refused, retrying in ${ms} ms`);
				await waitBeforeRetry(ctx, ms, is429(error), sentAt);
			},
		});
	} catch (error) {
		if (is429(error)) {
			const info = readErrorEnvelope(error.parsed) ?? {};
			throw nodeError(
				ctx.getNode(),
				{
					...upstreamFailure(
						{
							...info,
							status: 429,
							message: info.message ?? (bodySnippet(error.text) || 'Too many requests'),
						},
						error.parsed ?? { message: bodySnippet(error.text) },
					),
					retryAfterMs: error.retryAfterMs,
				},
				{ itemIndex, secrets: [secret] },
			);
		}
		const failure = networkFailure(networkErrorCode(error), innermostMessage(error), {
			service: 'the image API',
			paid: true,
			timeoutMs: request.timeoutMs,
			endpointHint: ENDPOINT_HINT,
			cancelled: signal?.aborted === true,
		});
		// A fresh error: the original carries the request, headers included.
		throw nodeError(ctx.getNode(), failure, { itemIndex, secrets: [secret] });
	}

	const contentType = headerValue(response.headers, 'content-type') ?? '';
	const ok = response.statusCode >= 200 && response.statusCode < 300;
	// Read an SSE answer as SSE even if the stream was switched on some other way (e.g. "stream": "true"
	// in Additional Body Fields): it has been paid for either way.
	if (ok && /text\/event-stream/i.test(contentType)) {
		return await readImageStream(ctx, response.body, itemIndex, secret);
	}
	let answer: Awaited<ReturnType<typeof readJsonAnswer>>;
	try {
		answer = await readJsonAnswer(
			response.body,
			async (_ordinal, head, data) => await storeImage(ctx, head, data),
		);
	} catch (error) {
		// The answer broke off half-way: the call went through and may have been charged.
		throw nodeError(
			ctx.getNode(),
			{
				...networkFailure(networkErrorCode(error), innermostMessage(error), {
					service: 'the image API',
					paid: true,
					endpointHint: ENDPOINT_HINT,
				}),
				charge: 'mayBeCharged',
				httpStatus: response.statusCode,
			},
			{ itemIndex, secrets: [secret] },
		);
	}
	// Some relays accept the paid call as a task (APIMart, sub2api's /async): never "no image".
	const task = ok
		? recognizeTaskAnswer(parseJson(answer.text), response.headers as Record<string, string>)
		: undefined;
	if (task) return { data: [], task, upstreamCost: task.cost };
	return attachImages(
		interpretJson(ctx, response.statusCode, answer.text, itemIndex, secret),
		answer.stored,
	);
}
