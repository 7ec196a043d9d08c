/**
 * Polls an asynchronous task until it finishes, fails, times out or is cancelled.
 * Pure: the clock, sleeping and error classification are injected, so it is tested with a fake clock.
 */
import { backoffDelayMs, type BackoffOptions } from './retry';
import type { DurationExpectation } from './taskDurations';

/** Where durations are learned (`taskDurations` in ./taskDurations, or a fake in tests). */
export interface DurationStore {
	record(key: string, durationMs: number): void;
	expectation(key: string): DurationExpectation | undefined;
}

/** Learning how long tasks of one key take, and polling around the expected end. */
export interface PollLearning {
	/** Whose durations: `volcengine:<req_key>`, `relay:<host>:<model>`. */
	key: string;
	store: DurationStore;
	/** How long the task had been running when the wait began (0 right after the submit). */
	ageAtStartMs: number;
}

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
	/** Shortest pause between looks. Default 1 s. */
	initialIntervalMs?: number;
	/** Longest pause between looks. Default 60 s. */
	maxIntervalMs?: number;
	/**
	 * The pause after a pending look, from the time waited so far and the previous pause. Default:
	 * `proportionalSchedule`, bounded by `initialIntervalMs` and `maxIntervalMs`.
	 */
	schedule?: PollSchedule;
	/**
	 * Learn this task's duration (recorded when it is done) and, unless `schedule` is given, poll
	 * around the end expected from earlier tasks of the same key. Leave it out when the task's age is
	 * unknown (a task submitted in another execution): then nothing is expected and nothing recorded.
	 */
	learn?: PollLearning;
	/** Backoff after consecutive failed looks. Default 1 s doubling to 16 s. */
	errorBackoff?: BackoffOptions;
	/** Must resolve after `ms`, or reject early when `signal` aborts. */
	sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
	now: () => number;
	signal?: AbortSignal;
	onPending?: (status: string, checkNumber: number) => void;
	onTransientError?: (error: unknown, consecutiveFailures: number) => void;
}

/** The pause before the next look, given the time waited so far and the previous pause (if any). */
export type PollSchedule = (elapsedMs: number, previousMs: number | undefined) => number;

export const DEFAULT_POLL_INTERVAL = {
	initialMs: 1000,
	maxMs: 60_000,
	/** A result is found at most this share of the time waited after it is ready. */
	lateFraction: 0.15,
};

/**
 * Look again after a pause proportional to the time waited: a result that is ready is then found
 * within max(minMs, lateFraction × time waited), and the number of looks grows with the logarithm
 * of the wait (a 5-minute task: 35 looks), where a fixed interval grows linearly.
 */
export function proportionalSchedule(
	lateFraction = DEFAULT_POLL_INTERVAL.lateFraction,
): PollSchedule {
	return (elapsedMs) => Math.round(elapsedMs * lateFraction);
}

/** The schedule before issue 10: 1 s growing ×1.5 per look up to 8 s (kept for the benchmark). */
export function geometricSchedule(initialMs = 1000, factor = 1.5, maxMs = 8000): PollSchedule {
	return (_elapsedMs, previousMs) =>
		previousMs === undefined ? initialMs : Math.min(maxMs, Math.round(previousMs * factor));
}
/** Past the expected window, the pause is this share of the time past it (until the fallback's). */
const OVERRUN_PAUSE_FRACTION = 0.25;

/**
 * Around a known duration: straight to the start of the window where earlier tasks ended (one pause,
 * cut by the longest pause), then a look every `denseMs` through the window; past it, pauses grow
 * with the overrun up to the fallback (proportional) schedule's. The expectation is read at every pause, so a wait
 * already under way uses the durations of tasks that ended meanwhile.
 */
export function expectedEndSchedule(
	expectation: () => DurationExpectation | undefined,
	ageAtStartMs: number,
	fallback: PollSchedule = proportionalSchedule(),
): PollSchedule {
	return (elapsedMs, previousMs) => {
		const expected = expectation();
		if (!expected) return fallback(elapsedMs, previousMs);
		const age = ageAtStartMs + elapsedMs;
		if (age < expected.fromMs) return Math.max(expected.denseMs, expected.fromMs - age);
		if (age < expected.untilMs) return expected.denseMs;
		// Slower than any seen: the pauses grow with the overrun, back to the fallback gradually.
		const overrun = (age - expected.untilMs) * OVERRUN_PAUSE_FRACTION;
		return Math.max(expected.denseMs, Math.min(overrun, fallback(elapsedMs, previousMs)));
	};
}

/**
 * When the task ended, from its age at the last pending look and at the done look: the middle of
 * the two when they are close; when they are far apart (the task ended before the window, during
 * the long pause) the done look, an upper bound that pulls the next window earlier step by step
 * rather than a middle that could be far off.
 */
export function endedAt(ageAtStartMs: number, pendingAtMs: number, doneAtMs: number): number {
	const close = doneAtMs - pendingAtMs <= ENDED_AT_CLOSE_FRACTION * (ageAtStartMs + doneAtMs);
	return ageAtStartMs + (close ? (pendingAtMs + doneAtMs) / 2 : doneAtMs);
}
const ENDED_AT_CLOSE_FRACTION = 0.2;

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
	const minInterval = Math.min(
		options.initialIntervalMs ?? DEFAULT_POLL_INTERVAL.initialMs,
		maxInterval,
	);
	const { learn } = options;
	const schedule =
		options.schedule ??
		(learn
			? expectedEndSchedule(() => learn.store.expectation(learn.key), learn.ageAtStartMs)
			: proportionalSchedule());
	let previous: number | undefined;
	const nextPause = () => {
		const pause = Math.min(maxInterval, Math.max(minInterval, schedule(now() - start, previous)));
		previous = pause;
		return pause;
	};
	let lastStatus: string | undefined;
	let lastError: unknown;
	let consecutiveFailures = 0;
	let checks = 0;
	// When the last pending look and the current look began: the task ended between them.
	let lastPendingAt: number | undefined;
	let lookAt = start;

	for (;;) {
		if (signal?.aborted) return { kind: 'cancelled', lastStatus, checks };

		let delay: number;
		try {
			checks++;
			lookAt = now();
			const result = await options.check(checks);
			if (result.state === 'done') {
				if (learn && lastPendingAt !== undefined) {
					learn.store.record(
						learn.key,
						endedAt(learn.ageAtStartMs, lastPendingAt - start, lookAt - start),
					);
				}
				return { kind: 'done', value: result.value, checks };
			}
			if (result.state === 'failed') {
				return {
					kind: 'failed',
					error: result.error,
					lastStatus: result.status ?? lastStatus,
					checks,
				};
			}
			lastStatus = result.status;
			lastPendingAt = lookAt;
			lastError = undefined;
			consecutiveFailures = 0;
			options.onPending?.(result.status, checks);
			delay = nextPause();
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
			delay = Math.max(previous ?? minInterval, backoff, options.retryAfterMs?.(error) ?? 0);
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
