/**
 * Polls an asynchronous task until it finishes, fails, times out or is cancelled.
 * Pure: the clock, sleeping and error classification are injected, so it is tested with a fake clock.
 */
import { backoffDelayMs, type BackoffOptions } from './retry';

/** What one look at the task says. */
export type PollCheck<T> =
	| { state: 'pending'; status: string }
	| { state: 'done'; value: T }
	| { state: 'failed'; error: unknown; status?: string };

export type PollOutcome<T> =
	| { kind: 'done'; value: T; checks: number }
	| { kind: 'failed'; error: unknown; lastStatus?: string; checks: number }
	| {
			kind: 'timeout';
			lastStatus?: string;
			/** The last transient error, when the final checks failed. */
			lastError?: unknown;
			checks: number;
			elapsedMs: number;
	  }
	| { kind: 'cancelled'; lastStatus?: string; checks: number };

export interface PollOptions<T> {
	/** Looks at the task once. Throwing means the look itself failed. */
	check: (checkNumber: number) => Promise<PollCheck<T>>;
	/** Whether a thrown error is worth looking again for (network, 5xx, rate limits). */
	isTransient: (error: unknown) => boolean;
	/** A delay the server asked for (Retry-After), if any. */
	retryAfterMs?: (error: unknown) => number | undefined;
	/** Overall budget, measured from the start of `poll`. */
	timeoutMs: number;
	/** First pause between looks. Default 1 s. */
	initialIntervalMs?: number;
	/** Longest pause between looks. Default 8 s. */
	maxIntervalMs?: number;
	/** Growth of the pause after each pending look. Default 1.5. */
	factor?: number;
	/** Backoff after consecutive failed looks. Default 1 s doubling to 16 s. */
	errorBackoff?: BackoffOptions;
	/** Must resolve after `ms`, or reject early when `signal` aborts. */
	sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
	now: () => number;
	signal?: AbortSignal;
	onPending?: (status: string, checkNumber: number) => void;
	onTransientError?: (error: unknown, consecutiveFailures: number) => void;
}

export const DEFAULT_POLL_INTERVAL = {
	initialMs: 1000,
	maxMs: 8000,
	factor: 1.5,
};
const DEFAULT_ERROR_BACKOFF: BackoffOptions = {
	initialMs: 1000,
	maxMs: 16000,
	factor: 2,
};

export async function poll<T>(options: PollOptions<T>): Promise<PollOutcome<T>> {
	const { signal, now } = options;
	const start = now();
	const deadline = start + Math.max(0, options.timeoutMs);
	const maxInterval = options.maxIntervalMs ?? DEFAULT_POLL_INTERVAL.maxMs;
	const factor = options.factor ?? DEFAULT_POLL_INTERVAL.factor;
	let interval = Math.min(
		options.initialIntervalMs ?? DEFAULT_POLL_INTERVAL.initialMs,
		maxInterval,
	);
	let lastStatus: string | undefined;
	let lastError: unknown;
	let consecutiveFailures = 0;
	let checks = 0;

	for (;;) {
		if (signal?.aborted) return { kind: 'cancelled', lastStatus, checks };

		let delay: number;
		try {
			checks++;
			const result = await options.check(checks);
			if (result.state === 'done') return { kind: 'done', value: result.value, checks };
			if (result.state === 'failed') {
				return {
					kind: 'failed',
					error: result.error,
					lastStatus: result.status ?? lastStatus,
					checks,
				};
			}
			lastStatus = result.status;
			lastError = undefined;
			consecutiveFailures = 0;
			options.onPending?.(result.status, checks);
			delay = interval;
			interval = Math.min(maxInterval, Math.round(interval * factor));
		} catch (error) {
			if (signal?.aborted) return { kind: 'cancelled', lastStatus, checks };
			if (!options.isTransient(error)) return { kind: 'failed', error, lastStatus, checks };
			consecutiveFailures++;
			lastError = error;
			options.onTransientError?.(error, consecutiveFailures);
			const backoff = backoffDelayMs(
				consecutiveFailures,
				options.errorBackoff ?? DEFAULT_ERROR_BACKOFF,
			);
			delay = Math.max(interval, backoff, options.retryAfterMs?.(error) ?? 0);
		}

		const remaining = deadline - now();
		if (remaining <= 0) {
			return {
				kind: 'timeout',
				lastStatus,
				lastError,
				checks,
				elapsedMs: now() - start,
			};
		}
		try {
			// Never sleep past the deadline: the last look happens at the deadline itself.
			await options.sleep(Math.min(delay, remaining), signal);
		} catch (error) {
			if (signal?.aborted) return { kind: 'cancelled', lastStatus, checks };
			return { kind: 'failed', error, lastStatus, checks };
		}
	}
}
