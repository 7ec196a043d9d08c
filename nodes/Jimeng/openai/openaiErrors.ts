/**
 * Reads the error answers of OpenAI-compatible image APIs (OpenAI, Ark, relays) and says what went
 * wrong and what it means for the bill. Pure.
 */
import type { Charge, Failure } from '../errors/failure';

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

/**
 * OpenAI answers an empty balance with HTTP 429 and code `insufficient_quota` (see openai-node's
 * RateLimitError and OpenAI's error-code guide): that is a quota problem, not a rate limit, and
 * waiting does not help. Read the code before the status.
 */
export function isInsufficientQuota(info: UpstreamErrorInfo): boolean {
	return /insufficient_quota/i.test(`${info.code ?? ''} ${info.type ?? ''}`);
}

/** The message says most about what happened; the code and HTTP status are the fall-backs. */
export function classifyUpstreamError(info: UpstreamErrorInfo): ErrorKind {
	if (isInsufficientQuota(info)) return 'quota';
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

export const ADVICE: Record<ErrorKind, string> = {
	moderation:
		'Content moderation rejected the prompt or an image. Rephrase the prompt or use other images; the same input fails the same way.',
	auth: 'The API key was refused. Check the API key in the Jimeng API credential and that it belongs to the platform of its Base URL.',
	quota:
		"The account has no balance or quota left for this call. Top up or raise the quota in the provider's console.",
	modelNotOpen:
		"The model is not available to this key. Activate it in the provider's console (Volcengine Ark: Model activation / 开通管理), check the model ID, or pick another model.",
	rateLimit:
		'The provider is rate-limiting this key. The node already waited as the provider asked; lower the Concurrency option or the number of parallel runs.',
	server: 'The provider failed while handling the request.',
	request: 'The provider rejected the request. Check the parameters named in the message.',
};

/** A rejection costs nothing; a server failure or an unreadable success may hide a paid call. */
function chargeOf(kind: ErrorKind, status: number | undefined): Charge {
	if (kind === 'server') return 'mayBeCharged';
	if (status !== undefined && status >= 500) return 'mayBeCharged';
	return 'notCharged';
}

/** The failure for an upstream error answer, quoting its message and code. */
export function upstreamFailure(info: UpstreamErrorInfo, body: unknown): Failure {
	const kind = classifyUpstreamError(info);
	const status = info.status;
	return {
		message: `The image API returned an error${status ? ` (HTTP ${status})` : ''}`,
		code: info.code,
		upstreamMessage: info.message ?? 'no message',
		hint: ADVICE[kind],
		charge: chargeOf(kind, status),
		retry: kind === 'rateLimit' ? 'notAccepted' : kind === 'server' ? 'transient' : 'permanent',
		httpStatus: status,
		body,
	};
}

/** Reads `{error:{code,message,type}}`, `{code:<negative>,message}` and similar shapes. */
export function readErrorEnvelope(body: unknown): UpstreamErrorInfo | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const record = body as Record<string, unknown>;
	const error = record.error;
	if (error && typeof error === 'object' && !Array.isArray(error)) {
		const e = error as Record<string, unknown>;
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
