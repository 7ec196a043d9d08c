/**
 * The adaptive limiter and the bounded pool alone, with a fake clock (sleeping advances virtual
 * time) and workers whose completion the test controls.
 */
import { AdaptiveLimiter, runPool } from '../nodes/Jimeng/lib/pool';

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
	for (let i = 0; i < 20; i++) await Promise.resolve();
};

describe('AdaptiveLimiter', () => {
	test('a rate limit halves the limit and pauses for Retry-After; never below 1', () => {
		const limiter = new AdaptiveLimiter({ max: 8 });
		limiter.rateLimited(0, 2000);
		expect(limiter.limit).toBe(4);
		expect(limiter.waitMs(500)).toBe(1500);
		// More 429s during the same pause are the same storm: the limit halves once.
		limiter.rateLimited(100, 2000);
		expect(limiter.limit).toBe(4);
		expect(limiter.waitMs(100)).toBe(2000);
		for (let t = 3000; t < 20000; t += 3000) limiter.rateLimited(t, 1000);
		expect(limiter.limit).toBe(1);
		expect(limiter.lowest).toBe(1);
	});

	test('without Retry-After the pause backs off exponentially and resets on success', () => {
		const limiter = new AdaptiveLimiter({ max: 2, initialBackoffMs: 1000 });
		limiter.rateLimited(0);
		expect(limiter.waitMs(0)).toBe(1000);
		limiter.rateLimited(1000);
		expect(limiter.waitMs(1000)).toBe(2000);
		limiter.succeeded();
		limiter.rateLimited(10000);
		expect(limiter.waitMs(10000)).toBe(1000);
	});

	test('successes raise the limit one step per window, up to the setting', () => {
		const limiter = new AdaptiveLimiter({ max: 8 });
		limiter.rateLimited(0, 0);
		limiter.rateLimited(1, 0);
		expect(limiter.limit).toBe(2);
		limiter.succeeded();
		expect(limiter.limit).toBe(2);
		limiter.succeeded();
		expect(limiter.limit).toBe(3);
		for (let i = 0; i < 100; i++) limiter.succeeded();
		expect(limiter.limit).toBe(8);
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
		const clock = new FakeClock();
		const work = controlled();
		const run = runPool(6, new AdaptiveLimiter({ max: 2 }), work.worker, clock);
		await tick();
		expect(work.started).toEqual([0, 1]);
		await work.finish(1);
		expect(work.started).toEqual([0, 1, 2]);
		for (const index of [0, 2, 3, 4, 5]) await work.finish(index);
		await expect(run).resolves.toEqual({ started: 6 });
		expect(work.max()).toBe(2);
	});

	test('a failing worker stops new starts, but the ones in flight are awaited', async () => {
		const clock = new FakeClock();
		const work = controlled();
		let settled = false;
		const run = runPool(10, new AdaptiveLimiter({ max: 3 }), work.worker, clock).then((r) => {
			settled = true;
			return r;
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
		const limiter = new AdaptiveLimiter({ max: 4 });
		const work = controlled();
		const run = runPool(8, limiter, work.worker, clock);
		await tick();
		expect(work.started).toEqual([0, 1, 2, 3]);
		limiter.rateLimited(clock.now(), 5000); // limit 2
		await work.finish(0);
		await work.finish(1);
		await tick();
		// Two left in flight = the new limit: nothing starts; the pause was slept through.
		expect(work.started).toEqual([0, 1, 2, 3]);
		await work.finish(2);
		expect(clock.sleeps).toContain(5000);
		expect(work.started).toEqual([0, 1, 2, 3, 4]);
		for (const index of [3, 4]) await work.finish(index);
		for (const index of [5, 6, 7]) {
			await tick();
			await work.finish(index);
		}
		await run;
		expect(work.started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
	});

	test('an abort stops new starts; nothing starts after it', async () => {
		const clock = new FakeClock();
		const controller = new AbortController();
		const work = controlled();
		const run = runPool(5, new AdaptiveLimiter({ max: 2 }), work.worker, {
			...clock,
			now: clock.now,
			sleep: clock.sleep,
			signal: controller.signal,
		});
		await tick();
		controller.abort();
		await work.finish(0);
		await work.finish(1);
		await expect(run).resolves.toEqual({ started: 2 });
		expect(work.started).toEqual([0, 1]);
	});

	test('a rejecting worker counts as a failure', async () => {
		const clock = new FakeClock();
		const started: number[] = [];
		const result = await runPool(
			5,
			new AdaptiveLimiter({ max: 1 }),
			async (index) => {
				started.push(index);
				if (index === 1) throw new Error('boom');
				return true;
			},
			clock,
		);
		expect(result.started).toBe(2);
		expect(started).toEqual([0, 1]);
	});
});
