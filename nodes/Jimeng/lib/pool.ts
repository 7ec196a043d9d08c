/**
 * A bounded pool whose size adapts to rate limits (AIMD), shared by all items of one run.
 * Pure: the clock and sleeping are injected, so it is tested with a fake clock.
 */

export interface LimiterOptions {
	/** The user's Concurrency setting: the most items in flight, and where recovery stops. */
	max: number;
	/** Pause when a rate limit comes without Retry-After; doubles on each rate limit in a row. */
	initialBackoffMs?: number;
	maxBackoffMs?: number;
}

/**
 * Additive increase, multiplicative decrease: a rate limit halves the limit (never below 1) and
 * pauses new paid calls for Retry-After; every `limit` successes raise it by one, up to `max`.
 * Rate limits that arrive while a pause is on belong to the same storm and halve it only once.
 */
export class AdaptiveLimiter {
	readonly max: number;
	limit: number;
	private credit = 0;
	private pausedUntil = 0;
	private backoffMs: number;
	private readonly initialBackoffMs: number;
	private readonly maxBackoffMs: number;
	/** Lowest limit reached and number of rate limits seen, for benchmarks and logs. */
	lowest: number;
	rateLimits = 0;

	constructor(options: LimiterOptions) {
		this.max = Math.max(1, Math.floor(options.max));
		this.limit = this.max;
		this.lowest = this.max;
		this.initialBackoffMs = options.initialBackoffMs ?? 1000;
		this.maxBackoffMs = options.maxBackoffMs ?? 16000;
		this.backoffMs = this.initialBackoffMs;
	}

	/** How long new paid calls must still wait. */
	waitMs(nowMs: number): number {
		return Math.max(0, this.pausedUntil - nowMs);
	}

	/** A paid call was refused for rate (429 / 50429 / 50430 / FlowLimitExceeded): back off. */
	rateLimited(nowMs: number, retryAfterMs?: number): void {
		this.rateLimits++;
		const pause = retryAfterMs ?? this.backoffMs;
		if (nowMs >= this.pausedUntil) {
			this.limit = Math.max(1, Math.floor(this.limit / 2));
			this.lowest = Math.min(this.lowest, this.limit);
			this.credit = 0;
			if (retryAfterMs === undefined) {
				this.backoffMs = Math.min(this.maxBackoffMs, this.backoffMs * 2);
			}
		}
		this.pausedUntil = Math.max(this.pausedUntil, nowMs + pause);
	}

	/** A paid call was accepted. */
	succeeded(): void {
		this.backoffMs = this.initialBackoffMs;
		if (this.limit >= this.max) return;
		this.credit += 1 / this.limit;
		if (this.credit >= 1 - 1e-9) {
			this.limit++;
			this.credit = 0;
		}
	}
}

export interface PoolOptions {
	now: () => number;
	/** Rejects when the signal aborts. */
	sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
	signal?: AbortSignal;
}

/**
 * Runs `worker(0…count-1)` with at most `limiter.limit` in flight, starting in index order and
 * never while the limiter pauses. When a worker answers `false` (the run is going to fail) or the
 * signal aborts, nothing new starts; the workers already running are always awaited, since their
 * calls are paid. Workers must not reject (a rejection counts as `false`).
 */
export async function runPool(
	count: number,
	limiter: AdaptiveLimiter,
	worker: (index: number) => Promise<boolean>,
	options: PoolOptions,
): Promise<{ started: number }> {
	const running = new Set<Promise<void>>();
	let next = 0;
	let stop = false;
	while (next < count && !stop && !options.signal?.aborted) {
		const wait = limiter.waitMs(options.now());
		if (wait > 0) {
			const stopped = await options.sleep(wait, options.signal).then(
				() => false,
				() => true,
			);
			if (stopped) break;
			continue;
		}
		if (running.size >= limiter.limit) {
			await Promise.race(running);
			continue;
		}
		const index = next++;
		const task: Promise<void> = worker(index)
			.then(
				(keepGoing) => {
					if (!keepGoing) stop = true;
				},
				() => {
					stop = true;
				},
			)
			.finally(() => running.delete(task));
		running.add(task);
	}
	await Promise.all(running);
	return { started: next };
}
