/**
 * The adaptive limiter and the bounded pool alone, with a fake clock (sleeping advances virtual
 * time) and workers whose completion the test controls.
 */
import { AdaptiveLimiter, runPool } from '../nodes/Jimeng/run/pool';

class FakeClock {
	time = 0;
	sleeps: number[] = [];
	now = () => this.time;
	sleep = async (ms: number, signal?: AbortSignal) => {
		this.sleeps.push(ms);
		if (signal?.aborted) throw new Error('aborted');
		this.time += ms;
	};
}

/** Lets queued promise callbacks run. */
const tick = async () => {
	for (let i = 0; i < 50; i++) await Promise.resolve();
};

const limiterOf = (max: number, clock = new FakeClock()) =>
	new AdaptiveLimiter({ max, clock, initialBackoffMs: 1000 });

describe('AdaptiveLimiter', () => {
	test('a rate limit halves the limit and pauses for Retry-After; never below 1', () => {
		const clock = new FakeClock();
		const limiter = limiterOf(8, clock);
		limiter.rateLimited(2000);
		expect(limiter.limit).toBe(4);
		clock.time = 500;
		expect(limiter.waitMs()).toBe(1500);
		// More 429s during the same pause are the same storm: the limit halves once.
		limiter.rateLimited(2000);
		expect(limiter.limit).toBe(4);
		expect(limiter.waitMs()).toBe(2000);
		for (let t = 3000; t < 20000; t += 3000) {
			clock.time = t;
			limiter.rateLimited(1000);
		}
		expect(limiter.limit).toBe(1);
		expect(limiter.lowest).toBe(1);
		expect(limiter.rateLimits).toBe(2 + 6);
	});

	test('a refusal of a call sent before the last decrease does not lower the limit again', () => {
		const clock = new FakeClock();
		const limiter = limiterOf(8, clock);
		clock.time = 1000;
		limiter.rateLimited(200, 900);
		expect(limiter.limit).toBe(4);
		clock.time = 1500; // after the pause, but the call went out at 950, under the old limit
		limiter.rateLimited(200, 950);
		expect(limiter.limit).toBe(4);
		expect(limiter.waitMs()).toBe(200);
		clock.time = 2000;
		limiter.rateLimited(200, 1800); // sent after the decrease: a new storm
		expect(limiter.limit).toBe(2);
	});

	test('without Retry-After the pause backs off exponentially and resets on success', () => {
		const clock = new FakeClock();
		const limiter = limiterOf(2, clock);
		limiter.rateLimited();
		expect(limiter.waitMs()).toBe(1000);
		clock.time = 1000;
		limiter.rateLimited();
		expect(limiter.waitMs()).toBe(2000);
		limiter.succeeded();
		clock.time = 10000;
		limiter.rateLimited();
		expect(limiter.waitMs()).toBe(1000);
	});

	test('successes raise the limit one step per window, up to the setting', () => {
		const clock = new FakeClock();
		const limiter = limiterOf(8, clock);
		limiter.rateLimited(0);
		limiter.rateLimited(0);
		expect(limiter.limit).toBe(2);
		limiter.succeeded();
		expect(limiter.limit).toBe(2);
		limiter.succeeded();
		expect(limiter.limit).toBe(3);
		for (let i = 0; i < 100; i++) limiter.succeeded();
		expect(limiter.limit).toBe(8);
	});

	test('a rate-limited call gives its slot up and waits for the pause and a free slot', async () => {
		const clock = new FakeClock();
		const limiter = limiterOf(2, clock);
		await limiter.acquire();
		await limiter.acquire();
		let retried = false;
		const retry = limiter.retryAfterRateLimit(3000).then(() => (retried = true));
		await tick();
		// Limit 1 and the other call still holds its slot: the retry waits past the pause.
		expect(clock.time).toBe(3000);
		expect(retried).toBe(false);
		limiter.release();
		await tick();
		expect(retried).toBe(true);
		await retry;
		expect(limiter.active).toBe(1);
	});

	test('an abort while a rate-limited call waits keeps the slot count balanced', async () => {
		const limiter = limiterOf(2);
		await limiter.acquire();
		await limiter.acquire();
		limiter.rateLimited(0); // limit 1, both slots still held
		const controller = new AbortController();
		const waiting = limiter.retryAfterRateLimit(0, controller.signal);
		await tick();
		controller.abort();
		await expect(waiting).rejects.toBeDefined();
		// Each caller releases once when it ends.
		limiter.release();
		limiter.release();
		expect(limiter.active).toBe(0);
		await expect(limiter.acquire(controller.signal)).rejects.toBeDefined();
	});
});

describe('runPool', () => {
	/** Workers that finish when the test says so. */
	function controlled() {
		const pending = new Map<number, (ok: boolean) => void>();
		const started: number[] = [];
		let inFlight = 0;
		let maxInFlight = 0;
		const worker = async (index: number) => {
			started.push(index);
			inFlight++;
			maxInFlight = Math.max(maxInFlight, inFlight);
			const ok = await new Promise<boolean>((resolve) => pending.set(index, resolve));
			inFlight--;
			return ok;
		};
		const finish = async (index: number, ok = true) => {
			pending.get(index)!(ok);
			pending.delete(index);
			await tick();
		};
		return { worker, finish, started, pending, max: () => maxInFlight };
	}

	test('starts in index order with at most the limit in flight', async () => {
		const work = controlled();
		const run = runPool(6, limiterOf(2), work.worker);
		await tick();
		expect(work.started).toEqual([0, 1]);
		await work.finish(1);
		expect(work.started).toEqual([0, 1, 2]);
		for (const index of [0, 2, 3, 4, 5]) await work.finish(index);
		await expect(run).resolves.toEqual({ started: 6 });
		expect(work.max()).toBe(2);
	});

	test('a failing worker stops new starts, but the ones in flight are awaited', async () => {
		const work = controlled();
		let settled = false;
		const run = runPool(10, limiterOf(3), work.worker).then((result) => {
			settled = true;
			return result;
		});
		await tick();
		await work.finish(1, false);
		expect(work.started).toEqual([0, 1, 2]);
		expect(settled).toBe(false);
		await work.finish(0);
		await work.finish(2);
		await expect(run).resolves.toEqual({ started: 3 });
	});

	test('a pause holds new starts until it ends; a lowered limit holds them too', async () => {
		const clock = new FakeClock();
		const limiter = limiterOf(4, clock);
		const work = controlled();
		const run = runPool(8, limiter, work.worker);
		await tick();
		expect(work.started).toEqual([0, 1, 2, 3]);
		limiter.rateLimited(5000); // limit 2
		await work.finish(0);
		await work.finish(1);
		// Two left in flight = the new limit: nothing starts.
		expect(work.started).toEqual([0, 1, 2, 3]);
		await work.finish(2);
		expect(clock.sleeps).toContain(5000);
		expect(work.started).toEqual([0, 1, 2, 3, 4]);
		for (const index of [3, 4, 5, 6, 7]) await work.finish(index);
		await run;
		expect(work.started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
		expect(limiter.active).toBe(0);
	});

	test('an abort stops new starts; nothing starts after it', async () => {
		const controller = new AbortController();
		const work = controlled();
		const run = runPool(5, limiterOf(2), work.worker, controller.signal);
		await tick();
		controller.abort();
		await work.finish(0);
		await work.finish(1);
		await expect(run).resolves.toEqual({ started: 2 });
		expect(work.started).toEqual([0, 1]);
	});

	test('a rejecting worker counts as a failure', async () => {
		const started: number[] = [];
		const result = await runPool(5, limiterOf(1), async (index) => {
			started.push(index);
			if (index === 1) throw new Error('boom');
			return true;
		});
		expect(result.started).toBe(2);
		expect(started).toEqual([0, 1]);
	});
});
