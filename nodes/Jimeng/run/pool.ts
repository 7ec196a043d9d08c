/**
 * A bounded pool whose size adapts to rate limits (AIMD), shared by all paid calls of one run.
 * Pure: the clock and sleeping are injected, so it is tested with a fake clock.
 */

export interface Clock {
	now: () => number;
	/** Rejects when the signal aborts. */
	sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface LimiterOptions {
	/** The user's Concurrency setting: the most paid calls in flight, and where recovery stops. */
	max: number;
	clock: Clock;
	/** Pause when a rate limit comes without Retry-After; doubles on each rate limit in a row. */
	initialBackoffMs?: number;
	maxBackoffMs?: number;
	/**
	 * For the limiter a credential's runs share (its `max` may be Infinity): a refusal lowers the
	 * limit to the calls the upstream was holding when it refused (the others in flight when the
	 * storm began, less those of them refused since), and the limit grows again only when it holds
	 * calls back and `probeAfterMs` after the last lowering, since every probe above an account's
	 * limit costs a refusal.
	 */
	learnsCapacity?: boolean;
	probeAfterMs?: number;
}

/** What the pool and the transports need of a run's slots. */
export interface Slots {
	readonly max: number;
	acquire: (signal?: AbortSignal) => Promise<void>;
	release: () => void;
	retryAfterRateLimit: (
		retryAfterMs: number | undefined,
		signal?: AbortSignal,
		sentAt?: number,
	) => Promise<void>;
	succeeded: () => void;
}

/**
 * Slots for paid calls with additive increase, multiplicative decrease: a rate limit halves the
 * limit (never below 1) and pauses new paid calls for Retry-After; every `limit` successes raise it
 * by one, up to `max`. Rate limits that arrive while a pause is on belong to the same storm and
 * halve it only once.
 */
export class AdaptiveLimiter implements Slots {
	max: number;
	limit: number;
	/** Slots taken. */
	active = 0;
	/** Lowest limit reached and rate limits seen, for benchmarks and logs. */
	lowest: number;
	rateLimits = 0;
	private credit = 0;
	private pausedUntil = 0;
	private lastDecreaseAt = -Infinity;
	/**
	 * The other calls in flight when the storm's first refusal came, less those of them refused
	 * since: what the upstream held. Counted rather than taken from `active`, which also holds
	 * calls sent after the storm (they replaced ones that finished; counting both overestimates).
	 */
	private stormHeld = 0;
	private backoffMs: number;
	private readonly initialBackoffMs: number;
	private readonly maxBackoffMs: number;
	private waiters: Array<() => void> = [];

	constructor(private readonly options: LimiterOptions) {
		this.max = Math.max(1, Math.floor(options.max)); // Infinity stays Infinity: no cap
		this.limit = this.max;
		this.lowest = this.max;
		this.initialBackoffMs = options.initialBackoffMs ?? 1000;
		this.maxBackoffMs = options.maxBackoffMs ?? 16000;
		this.backoffMs = this.initialBackoffMs;
	}

	/** How long new paid calls must still wait. */
	waitMs(nowMs = this.options.clock.now()): number {
		return Math.max(0, this.pausedUntil - nowMs);
	}

	/** Waits for a free slot outside any pause and takes it; rejects when the signal aborts. */
	async acquire(signal?: AbortSignal): Promise<void> {
		for (;;) {
			if (signal?.aborted) throw signal.reason ?? new Error('aborted');
			const wait = this.waitMs();
			if (wait > 0) {
				await this.options.clock.sleep(wait, signal);
			} else if (this.active < this.limit) {
				this.active++;
				return;
			} else {
				await new Promise<void>((resolve, reject) => {
					const onAbort = () => reject(signal?.reason ?? new Error('aborted'));
					signal?.addEventListener('abort', onAbort, { once: true });
					this.waiters.push(() => {
						signal?.removeEventListener('abort', onAbort);
						resolve();
					});
				});
			}
		}
	}

	release(): void {
		this.active = Math.max(0, this.active - 1);
		this.wakeWaiters();
	}

	private wakeWaiters(): void {
		const waiters = this.waiters;
		this.waiters = [];
		for (const wake of waiters) wake();
	}

	/**
	 * A paid call was refused for rate (429 / 50429 / 50430 / FlowLimitExceeded): back off. One
	 * storm lowers the limit once: refusals during the pause, or of calls sent before the last
	 * decrease (they went out under the old limit), only extend the pause.
	 */
	rateLimited(retryAfterMs?: number, sentAt?: number): void {
		const nowMs = this.options.clock.now();
		this.rateLimits++;
		const pause = retryAfterMs ?? this.backoffMs;
		const sentUnderOldLimit = sentAt !== undefined && sentAt < this.lastDecreaseAt;
		const newStorm = nowMs >= this.pausedUntil && !sentUnderOldLimit;
		if (newStorm) {
			this.lastDecreaseAt = nowMs;
			this.credit = 0;
			// Called while the refused call still holds its slot: the others are all but this one.
			this.stormHeld = Math.max(0, this.active - 1);
			if (retryAfterMs === undefined) {
				this.backoffMs = Math.min(this.maxBackoffMs, this.backoffMs * 2);
			}
		}
		if (this.options.learnsCapacity) {
			if (!newStorm) this.stormHeld = Math.max(0, this.stormHeld - 1);
			this.limit = Math.min(this.limit, Math.max(1, this.stormHeld));
		} else if (newStorm) {
			this.limit = Math.max(1, Math.ceil(this.limit / 2));
		}
		this.lowest = Math.min(this.lowest, this.limit);
		this.pausedUntil = Math.max(this.pausedUntil, nowMs + pause);
	}

	/** A new most-in-flight (the credential's cap changed); a learned lower limit stays. */
	setMax(max: number): void {
		const next = Math.max(1, Math.floor(max));
		if (next === this.max) return;
		const wasAtMax = this.limit >= this.max;
		this.max = next;
		if (wasAtMax || this.limit > next) this.limit = next;
		this.lowest = Math.min(this.lowest, this.limit);
		this.wakeWaiters();
	}

	/**
	 * For a call that holds a slot and was refused for rate: gives the slot up, backs off, and
	 * takes a slot again once the pause is over and the (lowered) limit has room.
	 */
	async retryAfterRateLimit(
		retryAfterMs: number | undefined,
		signal?: AbortSignal,
		sentAt?: number,
	): Promise<void> {
		this.release();
		this.rateLimited(retryAfterMs, sentAt);
		await this.acquire(signal).catch(async (error: unknown) => {
			// The caller still releases once when it ends: keep the count balanced.
			this.active++;
			return await Promise.reject(error);
		});
	}

	/** A paid call was accepted. */
	succeeded(): void {
		const nowMs = this.options.clock.now();
		this.backoffMs = this.initialBackoffMs;
		if (this.limit >= this.max) return;
		if (this.options.learnsCapacity) {
			// Grow only a limit that holds calls back (the caller still holds its slot), and not soon
			// after a refusal: a limit nobody reaches proves nothing about the account.
			const binding = this.active >= this.limit || this.waiters.length > 0;
			if (!binding || nowMs - this.lastDecreaseAt < (this.options.probeAfterMs ?? 0)) return;
		}
		this.credit += 1 / this.limit;
		if (this.credit >= 1 - 1e-9) {
			this.limit++;
			this.credit = 0;
			this.wakeWaiters();
		}
	}
}

/**
 * Runs `worker(0…count-1)`, each holding one of the limiter's slots, starting in index order.
 * When a worker answers `false` (the run is going to fail) or the signal aborts, nothing new
 * starts; the workers already running are always awaited, since their calls are paid. A rejecting
 * worker counts as `false`.
 */
export async function runPool(
	count: number,
	limiter: Pick<Slots, 'acquire' | 'release'>,
	worker: (index: number) => Promise<boolean>,
	signal?: AbortSignal,
): Promise<{ started: number }> {
	const running = new Set<Promise<void>>();
	let next = 0;
	let stop = false;
	while (next < count && !stop) {
		const acquired = await limiter.acquire(signal).then(
			() => true,
			() => false,
		);
		if (!acquired) break;
		if (stop) {
			limiter.release();
			break;
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
			.finally(() => {
				running.delete(task);
				limiter.release();
			});
		running.add(task);
	}
	await Promise.all(running);
	return { started: next };
}
