/**
 * One rate-limit picture per credential in this n8n process: every run that uses the same
 * credential also takes a slot of one shared limiter, so a refusal one run sees slows all of them
 * and the recovery is shared (a webhook or chat workflow fires many executions at once, and a
 * queue-mode worker runs several). Pure: the clock is injected; tested with a fake clock.
 */
import { AdaptiveLimiter, type Clock, type Slots } from './pool';

export interface RegistryOptions {
	clock: Clock;
	/** An entry no run has used for this long is forgotten (its picture is stale by then). */
	idleMs?: number;
	/** Most credentials remembered; beyond it the longest idle entry goes. */
	maxEntries?: number;
	/** How long a learned limit holds before the shared limiter tries one call more. */
	probeAfterMs?: number;
}

interface Entry {
	limiter: AdaptiveLimiter;
	users: number;
	lastUsedAt: number;
}

export interface Attached {
	limiter: AdaptiveLimiter;
	/** False when every remembered credential was busy: this run's limiter is its own. */
	shared: boolean;
	/** Call once when the run ends. */
	detach: () => void;
}

export const DEFAULT_IDLE_MS = 60_000;
export const DEFAULT_MAX_ENTRIES = 64;
export const DEFAULT_PROBE_AFTER_MS = 30_000;

export class LimiterRegistry {
	/** Off: every run gets a limiter of its own (benchmarks and tests compare both). */
	sharing = true;
	private readonly entries = new Map<string, Entry>();
	private readonly idleMs: number;
	private readonly maxEntries: number;

	constructor(private readonly options: RegistryOptions) {
		this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
		this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
	}

	get size(): number {
		return this.entries.size;
	}

	clear(): void {
		this.entries.clear();
	}

	/** The shared limiter of a credential, if one is remembered (for logs and tests). */
	peek(key: string): AdaptiveLimiter | undefined {
		return this.entries.get(key)?.limiter;
	}

	/**
	 * The shared limiter of a credential, for one run. `key` names the credential without any
	 * secret. `cap` is the credential's most calls in flight for all runs (0 or none: no cap); the
	 * newest run's value wins.
	 */
	attach(key: string, cap?: number): Attached {
		const nowMs = this.options.clock.now();
		this.forgetIdle(nowMs);
		const max = cap !== undefined && Number.isFinite(cap) && cap >= 1 ? cap : Infinity;
		let entry = this.sharing ? this.entries.get(key) : undefined;
		if (this.sharing && !entry) {
			if (this.entries.size >= this.maxEntries) this.evictOldestIdle();
			if (this.entries.size < this.maxEntries) {
				entry = { limiter: this.newLimiter(max), users: 0, lastUsedAt: nowMs };
				this.entries.set(key, entry);
			}
		}
		if (!entry) return { limiter: this.newLimiter(max), shared: false, detach: () => undefined };
		const attached = entry;
		attached.limiter.setMax(max);
		attached.users++;
		let detached = false;
		return {
			limiter: attached.limiter,
			shared: true,
			detach: () => {
				if (detached) return;
				detached = true;
				attached.users--;
				attached.lastUsedAt = this.options.clock.now();
			},
		};
	}

	private newLimiter(max: number): AdaptiveLimiter {
		return new AdaptiveLimiter({
			max,
			clock: this.options.clock,
			learnsCapacity: true,
			probeAfterMs: this.options.probeAfterMs ?? DEFAULT_PROBE_AFTER_MS,
		});
	}

	private forgetIdle(nowMs: number): void {
		for (const [key, entry] of this.entries) {
			if (entry.users === 0 && nowMs - entry.lastUsedAt >= this.idleMs) this.entries.delete(key);
		}
	}

	private evictOldestIdle(): void {
		let oldest: [string, Entry] | undefined;
		for (const pair of this.entries) {
			if (pair[1].users > 0) continue;
			if (!oldest || pair[1].lastUsedAt < oldest[1].lastUsedAt) oldest = pair;
		}
		if (oldest) this.entries.delete(oldest[0]);
	}
}

/**
 * A run's slots: its own limiter (the Concurrency option, adaptive as before), then the
 * credential's shared one. Always taken in that order and the shared one given up first, so runs
 * never wait on each other in a cycle. A refusal is reported to both.
 */
export class RunSlots implements Slots {
	constructor(
		readonly run: AdaptiveLimiter,
		readonly shared?: AdaptiveLimiter,
	) {}

	get max(): number {
		return this.run.max;
	}

	async acquire(signal?: AbortSignal): Promise<void> {
		await this.run.acquire(signal);
		if (!this.shared) return;
		await this.shared.acquire(signal).catch(async (error: unknown) => {
			this.run.release();
			return await Promise.reject(error);
		});
	}

	release(): void {
		this.shared?.release();
		this.run.release();
	}

	async retryAfterRateLimit(
		retryAfterMs: number | undefined,
		signal?: AbortSignal,
		sentAt?: number,
	): Promise<void> {
		// Reported while the refused call still holds its slots: the shared limiter learns from them.
		this.shared?.rateLimited(retryAfterMs, sentAt);
		this.run.rateLimited(retryAfterMs, sentAt);
		this.release();
		await this.acquire(signal).catch(async (error: unknown) => {
			// The caller still releases once when it ends: keep both counts balanced.
			this.run.active++;
			if (this.shared) this.shared.active++;
			return await Promise.reject(error);
		});
	}

	succeeded(): void {
		this.run.succeeded();
		this.shared?.succeeded();
	}
}
