/** Backoff and retry loop for calls that are safe to repeat. Pure: sleeping is injected. */
export interface BackoffOptions {
	initialMs: number;
	maxMs: number;
	factor: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1000, maxMs: 16000, factor: 2 };

/** Delay before retry number `attempt` (1 = first retry). */
export function backoffDelayMs(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
	const delay = options.initialMs * Math.pow(options.factor, Math.max(0, attempt - 1));
	return Math.min(options.maxMs, delay);
}

/** Reads a Retry-After header (seconds or an HTTP date) as milliseconds from now. */
export function parseRetryAfterMs(value: string | undefined, nowMs: number): number | undefined {
	if (value === undefined || value === null) return undefined;
	const text = String(value).trim();
	if (text === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(parseFloat(text) * 1000);
	const date = Date.parse(text);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - nowMs);
}

export interface RetryOptions {
	/** Total tries, the first included; may depend on the last failure. */
	attempts: number | ((error: unknown) => number);
	shouldRetry: (error: unknown, attempt: number) => boolean;
	delayMs: (error: unknown, attempt: number) => number;
	/** Also told the error, so a rate limit can be waited out differently from other failures. */
	sleep: (ms: number, error: unknown) => Promise<void>;
}

export async function retry<T>(
	fn: (attempt: number) => Promise<T>,
	options: RetryOptions,
): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		const outcome = await fn(attempt).then(
			(value) => ({ ok: true as const, value }),
			(error: unknown) => ({ ok: false as const, error }),
		);
		if (outcome.ok) return outcome.value;
		const attempts =
			typeof options.attempts === 'function' ? options.attempts(outcome.error) : options.attempts;
		if (attempt >= attempts || !options.shouldRetry(outcome.error, attempt)) {
			throw outcome.error;
		}
		await options.sleep(options.delayMs(outcome.error, attempt), outcome.error);
	}
}

/** Network failures that say nothing about the request itself: trying again may work. */
export const TRANSIENT_NETWORK_CODES: ReadonlySet<string> = new Set([
	'ECONNRESET',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'UND_ERR_SOCKET',
	'ERR_BAD_RESPONSE',
]);
