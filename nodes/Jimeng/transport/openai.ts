import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { paidCallAttempts, waitBeforeRetry } from '../helpers/runLimiter';
import { backoffDelayMs, parseRetryAfterMs, retry } from '../lib/retry';
import { headerValue, networkErrorCode, readBodyText } from './http';
import type { StreamError } from '../lib/sse';
import { SseParser, initialImageStreamState, reduceImageEvent } from '../lib/sse';

export const CREDENTIAL_NAME = 'jimengApi';

/** One entry of `data[]`: an image (by URL or base64) or, in Ark batches, why it is missing. */
export interface ImageDatum {
	/** Position in the result; streams may skip indexes. */
	index?: number;
	url?: string;
	b64_json?: string;
	revised_prompt?: string;
	size?: string;
	error?: StreamError;
}

export interface ImagesResult {
	created?: number;
	model?: string;
	usage?: IDataObject;
	data: ImageDatum[];
	/** A streamed generation stopped with an error after these images. */
	fatal?: StreamError;
}

export interface ImagesRequest {
	/** Path under the base URL, e.g. `/images/generations`. */
	path: string;
	/** A JSON body, or a multipart form. */
	body: IDataObject | FormData;
	stream: boolean;
	timeoutMs: number;
	itemIndex: number;
}

/** 429 answers are retried this many times in all (the first call included). */
const RATE_LIMIT_ATTEMPTS = 3;
/** A Retry-After longer than this is reported instead of waited out. */
const MAX_RETRY_AFTER_MS = 60_000;
const RATE_LIMIT_BACKOFF = { initialMs: 2000, maxMs: 30_000, factor: 2 };

const ENDPOINT_SUFFIX =
	/\/(images\/(generations|edits|compositions|variations)|chat\/completions|models)$/i;

/**
 * The credential's base URL without trailing slashes. A URL that already names an endpoint is the
 * most common set-up mistake (the node appends the path itself), so it is refused before any call.
 */
export function normalizeBaseUrl(raw: unknown): {
	url?: string;
	problem?: string;
} {
	const url = String(raw ?? '')
		.trim()
		.replace(/\/+$/, '');
	if (url === '') return { problem: 'The Jimeng API credential has no Base URL' };
	if (!/^https?:\/\/[^/\s]+/i.test(url)) {
		return {
			problem: `The Base URL "${url}" must start with http:// or https://`,
		};
	}
	const suffix = ENDPOINT_SUFFIX.exec(url);
	if (suffix) {
		return {
			problem: `The Base URL "${url}" already ends with "${suffix[0]}"; remove it: the node adds the endpoint path itself (e.g. use "${url.slice(0, suffix.index)}")`,
		};
	}
	return { url };
}

interface ApiCredentials {
	url?: string;
	apiKey?: string;
}

export async function getApiContext(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<{ baseUrl: string; secret: string }> {
	const credentials = (await ctx.getCredentials(CREDENTIAL_NAME, itemIndex)) as ApiCredentials;
	const { url, problem } = normalizeBaseUrl(credentials.url);
	if (!url) {
		throw new NodeOperationError(ctx.getNode(), problem ?? 'Invalid Base URL', {
			itemIndex,
			description:
				'Open the Jimeng API credential and set Base URL to the API root, e.g. https://ark.cn-beijing.volces.com/api/v3 or https://host/v1.',
		});
	}
	// Trimmed like the credential's authenticate() sends it, so an echo of the key is still found.
	return { baseUrl: url, secret: String(credentials.apiKey ?? '').trim() };
}

/** Removes the API key from any text that came back from upstream, in case a relay echoes it. */
export function redactSecret<T>(value: T, secret: string): T {
	if (!secret || secret.length < 6) return value;
	const text = JSON.stringify(value);
	if (text === undefined || !text.includes(secret)) return value;
	return JSON.parse(text.split(secret).join('***')) as T;
}

// ---------------------------------------------------------------------------------------------
// Error classification

export interface UpstreamErrorInfo {
	status?: number;
	code?: string;
	message?: string;
	type?: string;
}

export type ErrorKind =
	| 'moderation'
	| 'auth'
	| 'quota'
	| 'modelNotOpen'
	| 'rateLimit'
	| 'server'
	| 'request';

const KIND_PATTERNS: Array<[ErrorKind, RegExp]> = [
	['moderation', /sensitive|moderation|content_policy|safety|violat|risk not pass|违规|敏感|审核/i],
	['quota', /AccountOverdue|insufficient_quota|quota|balance|credit|overdue|余额|额度|积分/i],
	[
		'auth',
		/AuthenticationError|invalid_api_key|Unauthorized|api key|invalid token|token expired|令牌|未授权/i,
	],
	[
		'modelNotOpen',
		/ModelNotOpen|InvalidEndpointOrModel|model_not_found|ClosedEndpoint|not activated|未开通/i,
	],
	[
		'rateLimit',
		/RateLimit|rate_limit|rate limit|TooManyRequests|too many requests|RPMExceeded|TPMExceeded|频率|限流/i,
	],
];

/** Jimeng web relays' own codes (jimeng-api family). */
const RELAY_CODES: Record<string, ErrorKind> = {
	'-2002': 'auth',
	'-2006': 'moderation',
	'-2009': 'quota',
	'1006': 'quota',
};

/** The message says most about what happened; the code and HTTP status are the fall-backs. */
export function classifyUpstreamError(info: UpstreamErrorInfo): ErrorKind {
	if (info.status === 401) return 'auth';
	if (info.status === 429) return 'rateLimit';
	for (const text of [info.message ?? '', `${info.code ?? ''} ${info.type ?? ''}`]) {
		for (const [kind, pattern] of KIND_PATTERNS) if (pattern.test(text)) return kind;
	}
	const relayKind = info.code !== undefined ? RELAY_CODES[info.code] : undefined;
	if (relayKind) return relayKind;
	if (info.status === 402) return 'quota';
	if (info.status === 404) return 'modelNotOpen';
	if (info.status !== undefined && info.status >= 500) return 'server';
	return 'request';
}

const ADVICE: Record<ErrorKind, string> = {
	moderation:
		'Content moderation rejected the prompt or an image. Rephrase the prompt or use other images; sending the same input again will fail the same way.',
	auth: 'The API key was refused. Check the API key in the Jimeng API credential and that it belongs to the platform of its Base URL.',
	quota:
		"The account has no balance or quota left for this call. Top up or raise the quota in the provider's console, then run again.",
	modelNotOpen:
		"The model is not available to this key. Activate it in the provider's console (Volcengine Ark: Model activation / 开通管理), check the model ID, or pick another model.",
	rateLimit:
		'The provider is rate-limiting this key. The node already waited and retried as the provider asked; lower the number of parallel runs or try again later.',
	server:
		"The provider failed while handling the request. The call may still have been charged, so the node did not repeat it; check the provider's console before running again.",
	request: 'The provider rejected the request. Check the parameters named in the message.',
};

/** Builds the n8n error for an upstream failure, quoting the upstream message and code. */
export function upstreamError(
	ctx: IExecuteFunctions,
	info: UpstreamErrorInfo,
	body: unknown,
	itemIndex: number,
	secret: string,
): NodeApiError {
	const safe = redactSecret({ info, body }, secret);
	const kind = classifyUpstreamError(safe.info);
	const parts: string[] = [];
	if (safe.info.code) parts.push(`[${safe.info.code}]`);
	parts.push(safe.info.message ?? 'no message');
	const status = safe.info.status;
	const message = `The image API returned an error${status ? ` (HTTP ${status})` : ''}: ${parts.join(' ')}`;
	const errorBody: JsonObject =
		safe.body && typeof safe.body === 'object' && !Array.isArray(safe.body)
			? (safe.body as JsonObject)
			: { message: String(safe.body ?? '') };
	const error = new NodeApiError(ctx.getNode(), errorBody, {
		message,
		description: ADVICE[kind],
		httpCode: status ? String(status) : undefined,
		itemIndex,
	});
	error.context.upstreamCode = safe.info.code;
	error.context.errorKind = kind;
	return error;
}

/** Reads `{error:{code,message,type}}`, `{code:<negative>,message}` and similar shapes. */
export function readErrorEnvelope(body: unknown): UpstreamErrorInfo | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const record = body as IDataObject;
	const error = record.error;
	if (error && typeof error === 'object' && !Array.isArray(error)) {
		const e = error as IDataObject;
		return {
			code: e.code !== undefined && e.code !== null ? String(e.code) : undefined,
			message: typeof e.message === 'string' ? e.message : JSON.stringify(e),
			type: typeof e.type === 'string' ? e.type : undefined,
		};
	}
	if (typeof error === 'string') return { message: error };
	// Jimeng web relays: HTTP 200 with {code: -2001, message, data: null}.
	const code = typeof record.code === 'string' ? Number(record.code) : record.code;
	if (
		typeof code === 'number' &&
		Number.isFinite(code) &&
		code !== 0 &&
		!Array.isArray(record.data)
	) {
		const message = record.message ?? record.msg ?? record.errmsg;
		return {
			code: String(record.code),
			message: typeof message === 'string' ? message : undefined,
		};
	}
	return undefined;
}

// ---------------------------------------------------------------------------------------------
// Sending

interface RawResponse {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

interface RateLimited {
	rateLimited: true;
	response: RawResponse;
	text: string;
	retryAfterMs?: number;
}

function isRateLimited(error: unknown): error is RateLimited {
	return (error as RateLimited)?.rateLimited === true;
}

const CONNECTION_REFUSED = 'ECONNREFUSED';

function isConnectionRefused(error: unknown): boolean {
	if (networkErrorCode(error) === CONNECTION_REFUSED) return true;
	return error instanceof Error && error.message.includes(CONNECTION_REFUSED);
}

function destroyBody(body: unknown): void {
	const destroy = (body as { destroy?: () => void })?.destroy;
	if (typeof destroy === 'function') destroy.call(body);
}

/**
 * Encodes a multipart form with the platform's own encoder, so the exact bytes and boundary are
 * known and n8n's HTTP layer only has to send a Buffer (a 429 retry resends the same bytes).
 */
async function encodeMultipart(form: FormData): Promise<{ bytes: Buffer; contentType: string }> {
	const encoded = new Response(form);
	const contentType = encoded.headers.get('content-type') ?? 'multipart/form-data';
	return { bytes: Buffer.from(await encoded.arrayBuffer()), contentType };
}

/**
 * Sends one images request and returns the parsed result. Paid calls are repeated only when the
 * provider proved it did not take them: HTTP 429 (after Retry-After) and a refused connection.
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
	const sendOnce = async (attempt: number): Promise<RawResponse> => {
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
			throw {
				rateLimited: true,
				response,
				text,
				retryAfterMs: parseRetryAfterMs(headerValue(response.headers, 'retry-after'), Date.now()),
			} satisfies RateLimited;
		}
		return response;
	};

	let response: RawResponse;
	try {
		response = await retry(sendOnce, {
			attempts: (error) =>
				isRateLimited(error) ? paidCallAttempts(ctx, RATE_LIMIT_ATTEMPTS) : RATE_LIMIT_ATTEMPTS,
			shouldRetry: (error) => {
				if (signal?.aborted) return false;
				if (isRateLimited(error)) return (error.retryAfterMs ?? 0) <= MAX_RETRY_AFTER_MS;
				return isConnectionRefused(error);
			},
			delayMs: (error, attempt) =>
				(isRateLimited(error) ? error.retryAfterMs : undefined) ??
				backoffDelayMs(attempt, RATE_LIMIT_BACKOFF),
			sleep: async (ms, error) => {
				ctx.logger.debug(`Jimeng: rate-limited or refused, retrying in ${ms} ms`);
				await waitBeforeRetry(ctx, ms, isRateLimited(error));
			},
		});
	} catch (error) {
		if (isRateLimited(error)) {
			const parsed = parseJson(error.text);
			const info = readErrorEnvelope(parsed) ?? {};
			throw upstreamError(
				ctx,
				{
					...info,
					status: 429,
					message: info.message ?? (error.text.slice(0, 300) || 'Too many requests'),
				},
				parsed ?? error.text,
				itemIndex,
				secret,
			);
		}
		throw transportError(ctx, error, itemIndex, secret);
	}

	const contentType = headerValue(response.headers, 'content-type') ?? '';
	const ok = response.statusCode >= 200 && response.statusCode < 300;
	// Read an SSE answer as SSE even if the stream was switched on some other way (e.g. "stream": "true"
	// in Additional Body Fields): it has been paid for either way.
	if (ok && /text\/event-stream/i.test(contentType)) {
		return await readImageStream(ctx, response.body, itemIndex, secret);
	}
	const text = await readBodyText(response.body);
	return interpretJson(ctx, response.statusCode, text, itemIndex, secret);
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

/** A failure below HTTP (timeout, reset, DNS): rebuilt so no request header can leak through. */
function transportError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	secret: string,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	const code = networkErrorCode(error);
	const raw = error instanceof Error ? error.message : String(error);
	const message = redactSecret(raw, secret);
	const refused = isConnectionRefused(error);
	return new NodeApiError(
		ctx.getNode(),
		{ message, code: code ?? '' },
		{
			message: `Could not reach the image API: ${message}`,
			description: refused
				? 'The connection was refused, so nothing was charged. Check the Base URL in the Jimeng API credential and that the service is up.'
				: 'The request did not complete. The provider may still have generated (and charged for) the images, so the node did not repeat the call. Check the provider console, or raise the Timeout option for slow relays.',
			itemIndex,
		},
	);
}

function interpretJson(
	ctx: IExecuteFunctions,
	status: number,
	text: string,
	itemIndex: number,
	secret: string,
): ImagesResult {
	const parsed = parseJson(text);
	const ok = status >= 200 && status < 300;
	const envelope = readErrorEnvelope(parsed);
	const record = (parsed && typeof parsed === 'object' ? parsed : {}) as IDataObject;
	const data = Array.isArray(record.data) ? (record.data as ImageDatum[]) : undefined;

	if (!ok) {
		const info = envelope ?? {
			message: text.slice(0, 300) || `HTTP ${status}`,
		};
		throw upstreamError(ctx, { ...info, status }, parsed ?? text.slice(0, 1000), itemIndex, secret);
	}
	if (parsed === undefined) {
		throw new NodeApiError(
			ctx.getNode(),
			{ message: redactSecret(text.slice(0, 300), secret) },
			{
				message: 'The image API answered with something that is not JSON',
				description:
					'Check that the Base URL in the Jimeng API credential points at the API root (for example https://host/v1), not at a web page.',
				httpCode: String(status),
				itemIndex,
			},
		);
	}
	if (envelope && (!data || data.length === 0)) {
		throw upstreamError(ctx, { ...envelope, status }, parsed, itemIndex, secret);
	}
	if (data?.length === 0) {
		throw new NodeApiError(ctx.getNode(), redactSecret(record, secret) as JsonObject, {
			message: 'The image API answered with no image (data[] is empty)',
			description:
				"Nothing was generated. Check the prompt and the provider's console; some relays answer this way when the model or the key cannot generate.",
			httpCode: String(status),
			itemIndex,
		});
	}
	if (!data) {
		throw new NodeApiError(ctx.getNode(), redactSecret(record, secret) as JsonObject, {
			message: 'The image API answer has no data[] list of images',
			description:
				'The endpoint does not look like an OpenAI-compatible images API. Check the Base URL and the request style.',
			httpCode: String(status),
			itemIndex,
		});
	}
	return {
		created: typeof record.created === 'number' ? record.created : undefined,
		model: typeof record.model === 'string' ? record.model : undefined,
		usage:
			record.usage && typeof record.usage === 'object' ? (record.usage as IDataObject) : undefined,
		data: data.map((entry) => normalizeDatum(entry, secret)),
	};
}

function normalizeDatum(entry: unknown, secret: string): ImageDatum {
	const record = (entry && typeof entry === 'object' ? entry : {}) as IDataObject;
	const datum: ImageDatum = {};
	if (typeof record.url === 'string' && record.url) datum.url = record.url;
	if (typeof record.b64_json === 'string' && record.b64_json) datum.b64_json = record.b64_json;
	if (typeof record.revised_prompt === 'string') datum.revised_prompt = record.revised_prompt;
	if (typeof record.size === 'string') datum.size = record.size;
	if (record.error) {
		const envelope = readErrorEnvelope({ error: record.error });
		datum.error = redactSecret(
			{ message: envelope?.message ?? 'The image failed', code: envelope?.code },
			secret,
		);
	}
	return datum;
}

async function readImageStream(
	ctx: IExecuteFunctions,
	body: unknown,
	itemIndex: number,
	secret: string,
): Promise<ImagesResult> {
	const parser = new SseParser();
	const state = initialImageStreamState();
	const finished = () => state.done || state.fatal !== undefined;
	try {
		for await (const chunk of body as AsyncIterable<Buffer | string>) {
			for (const event of parser.push(chunk)) reduceImageEvent(state, event);
			if (finished()) break;
		}
		if (!finished()) for (const event of parser.end()) reduceImageEvent(state, event);
	} catch (error) {
		// The stream broke: keep what arrived, like a fatal frame would.
		state.fatal = {
			message: `The stream broke off: ${error instanceof Error ? error.message : String(error)}`,
		};
	} finally {
		destroyBody(body);
	}
	const data: ImageDatum[] = state.images.map((image) => {
		const datum: ImageDatum = { index: image.index };
		if (image.url) datum.url = image.url;
		if (image.b64_json) datum.b64_json = image.b64_json;
		if (image.size) datum.size = image.size;
		if (image.revised_prompt) datum.revised_prompt = image.revised_prompt;
		if (image.error) datum.error = redactSecret(image.error, secret);
		return datum;
	});
	// Image indexes may have gaps (e.g. a failed image that sent no frame): keep the slots in order.
	const result: ImagesResult = {
		created: state.created,
		model: state.model,
		usage: state.usage as IDataObject | undefined,
		data,
	};
	const goodImages = data.filter((datum) => datum.url || datum.b64_json).length;
	if (state.fatal) {
		if (goodImages === 0) {
			throw upstreamError(ctx, { ...state.fatal }, { error: state.fatal }, itemIndex, secret);
		}
		result.fatal = redactSecret(state.fatal, secret);
	}
	if (data.length === 0) {
		throw new NodeApiError(
			ctx.getNode(),
			{ message: 'empty stream', malformedFrames: state.malformed },
			{
				message: 'The image stream ended without any image',
				description:
					state.malformed > 0
						? `${state.malformed} frame(s) were not JSON. Turn the Stream option off for this provider.`
						: 'Turn the Stream option off for this provider, or check the model supports streaming.',
				itemIndex,
			},
		);
	}
	return result;
}

// ---------------------------------------------------------------------------------------------
// Model list

/** `GET {url}/models`; returns the raw model entries, or undefined when the list is unavailable. */
export async function fetchModelList(
	ctx: ILoadOptionsFunctions,
): Promise<IDataObject[] | undefined> {
	try {
		// The editor also asks while a Volcengine credential is selected: no jimengApi, no list.
		const credentials = (await ctx.getCredentials(CREDENTIAL_NAME)) as ApiCredentials;
		const { url } = normalizeBaseUrl(credentials.url);
		if (!url) return undefined;
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_NAME, {
			method: 'GET',
			url: `${url}/models`,
			json: true,
			timeout: 20_000,
		})) as IDataObject | IDataObject[];
		const list = Array.isArray(response) ? response : response?.data;
		return Array.isArray(list) ? (list as IDataObject[]) : undefined;
	} catch (error) {
		ctx.logger.debug(
			`Jimeng: could not load the model list (${error instanceof Error ? error.message : 'unknown error'})`,
		);
		return undefined;
	}
}
