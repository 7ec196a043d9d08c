import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { ImageOutput } from './binary';
import { imageOutputItem } from './binary';
import { nodeError } from '../errors/errors';
import { bodySnippet, looksLikeHtml } from '../errors/bodyText';
import { DOWNLOAD_ATTEMPTS, DOWNLOAD_TIMEOUT_MS, MAX_RETRY_AFTER_MS } from '../run/constants';
import { sniffImage } from './imageInfo';
import { redactQuery } from '../errors/redact';
import { TRANSIENT_NETWORK_CODES, backoffDelayMs, parseRetryAfterMs, retry } from '../run/retry';
import { headerValue, networkErrorCode } from '../errors/http';

export { redactQuery };
/** Enough of the file to read a PNG header or, usually, a JPEG frame header. */
const SNIFF_BYTES = 64 * 1024;

type BodyStream = NodeJS.ReadableStream & {
	readableEnded?: boolean;
	destroy?: (error?: Error) => void;
};

interface DownloadFailure {
	url: string;
	statusCode?: number;
	retryAfterMs?: number;
	transient: boolean;
	message: string;
}

function isDownloadFailure(error: unknown): error is DownloadFailure {
	return typeof (error as DownloadFailure)?.transient === 'boolean';
}

function toFailure(error: unknown, url: string): DownloadFailure {
	if (isDownloadFailure(error)) return error;
	const code = networkErrorCode(error) ?? '';
	const message = error instanceof Error ? error.message : String(error);
	// A stream that broke half-way has no code but is as transient as a reset.
	const aborted = /aborted|socket hang up|terminated|premature/i.test(message);
	return {
		url,
		transient: TRANSIENT_NETWORK_CODES.has(code) || code === 'ECONNREFUSED' || aborted,
		message,
	};
}

/** Reads at least `minBytes` (or the whole body if shorter) and puts them back, so the stream stays whole. */
async function peek(body: BodyStream, minBytes: number): Promise<{ head: Buffer; ended: boolean }> {
	const chunks: Buffer[] = [];
	let size = 0;
	while (size < minBytes) {
		const chunk = body.read() as Buffer | string | null;
		if (chunk !== null) {
			const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			chunks.push(bytes);
			size += bytes.length;
			continue;
		}
		if (body.readableEnded) return { head: Buffer.concat(chunks), ended: true };
		const ended = await new Promise<boolean>((resolve, reject) => {
			const cleanup = () => {
				body.removeListener('readable', onReadable);
				body.removeListener('end', onEnd);
				body.removeListener('error', onError);
			};
			const onReadable = () => (cleanup(), resolve(false));
			const onEnd = () => (cleanup(), resolve(true));
			const onError = (error: Error) => (cleanup(), reject(error));
			body.once('readable', onReadable);
			body.once('end', onEnd);
			body.once('error', onError);
		});
		if (ended) return { head: Buffer.concat(chunks), ended: true };
	}
	const head = Buffer.concat(chunks);
	body.unshift(head);
	return { head, ended: false };
}

async function fetchOnce(
	ctx: IExecuteFunctions,
	url: string,
): Promise<{ head: Buffer; body?: BodyStream }> {
	const response = (await ctx.helpers.httpRequest({
		method: 'GET',
		url,
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: DOWNLOAD_TIMEOUT_MS,
		abortSignal: ctx.getExecutionCancelSignal(),
	})) as { body: BodyStream; statusCode: number; headers: IDataObject };

	const { body, statusCode } = response;
	if (statusCode < 200 || statusCode >= 300) {
		body.destroy?.();
		const retryAfter = response.headers?.['retry-after'] as string | undefined;
		throw {
			url,
			statusCode,
			retryAfterMs: parseRetryAfterMs(retryAfter, Date.now()),
			transient: statusCode === 429 || statusCode === 408 || statusCode >= 500,
			message: `The image download answered HTTP ${statusCode}`,
		} satisfies DownloadFailure;
	}
	const { head, ended } = await peek(body, SNIFF_BYTES);
	const contentType = headerValue(response.headers, 'content-type') ?? '';
	if (!sniffImage(head) && (isTextType(contentType) || looksLikeHtml(head.toString('utf8')))) {
		// An expired or wrong link often answers 200 with a web page or an error document: not an image.
		body.destroy?.();
		throw {
			url,
			statusCode,
			transient: false,
			message: `The image URL answered with ${contentType.split(';')[0] || 'a web page'} instead of an image: ${bodySnippet(head.toString('utf8')).slice(0, 120)}`,
		} satisfies DownloadFailure;
	}
	return ended ? { head } : { head, body };
}

function isTextType(contentType: string): boolean {
	return /^\s*(text\/|application\/(json|xml|problem\+json|problem\+xml))/i.test(contentType);
}

function downloadRetryOptions(ctx: IExecuteFunctions, url: string) {
	const signal = ctx.getExecutionCancelSignal();
	return {
		attempts: DOWNLOAD_ATTEMPTS,
		shouldRetry: (error: unknown) => {
			const failure = toFailure(error, url);
			return (
				!signal?.aborted && failure.transient && (failure.retryAfterMs ?? 0) <= MAX_RETRY_AFTER_MS
			);
		},
		delayMs: (error: unknown, attempt: number) =>
			toFailure(error, url).retryAfterMs ?? backoffDelayMs(attempt),
		sleep: async (ms: number) => await sleep(ms, signal),
	};
}

function downloadError(ctx: IExecuteFunctions, error: unknown, url: string, itemIndex: number) {
	const failure = toFailure(error, url);
	return nodeError(
		ctx.getNode(),
		{
			message: `Could not download the generated image: ${failure.message}`,
			hint: `The image URL (${redactQuery(url)}) did not return an image. Image URLs usually expire after 24 hours.`,
			charge: 'free',
			retry: failure.transient ? 'transient' : 'permanent',
			httpStatus: failure.statusCode,
			body: { message: failure.message, url: redactQuery(url) },
			kept: { url },
		},
		{ itemIndex },
	);
}

/**
 * Downloads a generated image straight into n8n's binary store (streamed where the body is large),
 * retrying network failures, 429 and 5xx: a download costs nothing.
 */
export async function downloadImageItem(
	ctx: IExecuteFunctions,
	url: string,
	output: {
		itemIndex: number;
		binaryPropertyName: string;
		fileBaseName: string;
		json: IDataObject;
	},
): Promise<INodeExecutionData> {
	try {
		return await retry(
			async () => {
				const { head, body } = await fetchOnce(ctx, url);
				return await imageOutputItem(
					ctx,
					body
						? { ...output, data: body as unknown as ImageOutput['data'], head }
						: { ...output, data: head },
				);
			},
			downloadRetryOptions(ctx, url),
		);
	} catch (error) {
		throw downloadError(ctx, error, url, output.itemIndex);
	}
}
