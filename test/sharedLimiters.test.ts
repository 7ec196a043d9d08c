/**
 * The per-credential limiter registry and the learning shared limiter alone, with a fake clock
 * (sleeping advances virtual time).
 */
import { AdaptiveLimiter } from '../nodes/Jimeng/run/pool';
import { LimiterRegistry, RunSlots } from '../nodes/Jimeng/run/sharedLimiters';
import { limiterKeyOf } from '../nodes/Jimeng/run/credentialLimiter';
import { TEST_BEARER } from './openai-support';

class FakeClock {
	time = 0;
	now = () => this.time;
	sleep = async (ms: number, signal?: AbortSignal) => {
		if (signal?.aborted) throw new Error('aborted');
		this.time += ms;
	};
}

const tick = async () => {
	for (let i = 0; i < 50; i++) await Promise.resolve();
};

const sharedOf = (clock: FakeClock, max = Infinity, probeAfterMs = 30_000) =>
	new AdaptiveLimiter({ max, clock, learnsCapacity: true, probeAfterMs });

describe('the learning shared limiter', () => {
	test('a storm lowers the limit to the calls the upstream held: 10 in flight, 2 accepted, 8 refused in any order', () => {
		for (const order of ['refusalsFirst', 'successesFirst', 'mixed'] as const) {
			const clock = new FakeClock();
			const limiter = sharedOf(clock);
			limiter.active = 10;
			const outcomes: Array<'ok' | 'refused'> =
				order === 'refusalsFirst'
					? [...Array(8).fill('refused'), 'ok', 'ok']
					: order === 'successesFirst'
						? ['ok', 'ok', ...Array(8).fill('refused')]
						: ['refused', 'ok', 'refused', 'refused', 'ok', ...Array(5).fill('refused')];
			let sawRefusal = false;
			for (const outcome of outcomes) {
				if (outcome === 'refused') {
					sawRefusal = true;
					limiter.rateLimited(200, 0); // still holds its slot
				} else if (sawRefusal) {
					limiter.succeeded();
				}
				limiter.release();
			}
			// Successes seen before the first refusal were not counted as held (a known underestimate).
			expect(limiter.limit).toBe(order === 'successesFirst' ? 1 : 2);
			expect(limiter.rateLimits).toBe(8);
		}
	});

	test('a call sent after the pause, in the place of one that succeeded, is not counted as held', () => {
		const clock = new FakeClock();
		const limiter = sharedOf(clock);
		clock.time = 100;
		limiter.active = 10; // all sent at 50; the upstream holds A and B, refuses the 8 others
		for (let refused = 0; refused < 7; refused++) {
			limiter.rateLimited(200, 50);
			limiter.release();
		}
		clock.time = 250;
		limiter.succeeded(); // A, during the pause
		limiter.release();
		clock.time = 350; // the pause is over: H takes A's place
		limiter.active++;
		clock.time = 360;
		limiter.rateLimited(200, 50); // the storm's last refusal, late: B and H are in flight
		limiter.release();
		expect(limiter.limit).toBe(2);
		expect(limiter.rateLimits).toBe(8);
	});

	test('with a cap, a refusal lowers below it; never below 1', () => {
		const clock = new FakeClock();
		const limiter = sharedOf(clock, 8);
		limiter.active = 8;
		limiter.rateLimited(100);
		expect(limiter.limit).toBe(7);
		clock.time = 1000;
		limiter.active = 1; // a quota per minute, say: refused with only this call in flight
		limiter.rateLimited(100);
		expect(limiter.limit).toBe(1);
		expect(limiter.lowest).toBe(1);
		expect(limiter.waitMs()).toBe(100);
	});

	test('the limit grows only after probeAfterMs, and only while it holds calls back', async () => {
		const clock = new FakeClock();
		const limiter = sharedOf(clock, Infinity, 30_000);
		limiter.active = 3;
		limiter.rateLimited(0);
		expect(limiter.limit).toBe(2);
		limiter.active = 2;
		for (let i = 0; i < 10; i++) limiter.succeeded();
		expect(limiter.limit).toBe(2); // too soon
		clock.time = 31_000;
		limiter.active = 1; // not binding: one of two slots in use
		for (let i = 0; i < 10; i++) limiter.succeeded();
		expect(limiter.limit).toBe(2);
		limiter.active = 2; // binding
		limiter.succeeded();
		limiter.succeeded();
		expect(limiter.limit).toBe(3);
	});

	test('setMax caps at once and a learned lower limit stays', () => {
		const clock = new FakeClock();
		const limiter = sharedOf(clock);
		limiter.setMax(4);
		expect(limiter.limit).toBe(4);
		limiter.active = 3;
		limiter.rateLimited(0);
		expect(limiter.limit).toBe(2);
		limiter.setMax(6);
		expect(limiter.limit).toBe(2);
		limiter.setMax(1);
		expect(limiter.limit).toBe(1);
	});
});

describe('LimiterRegistry', () => {
	test('runs of one key share one limiter; other keys get their own', () => {
		const registry = new LimiterRegistry({ clock: new FakeClock() });
		const a = registry.attach('k1');
		const b = registry.attach('k1');
		const c = registry.attach('k2');
		expect(a.shared && b.shared && c.shared).toBe(true);
		expect(a.limiter).toBe(b.limiter);
		expect(c.limiter).not.toBe(a.limiter);
		expect(a.limiter.max).toBe(Infinity);
	});

	test('the credential cap (0 = none) sets the shared max; the newest run wins', () => {
		const registry = new LimiterRegistry({ clock: new FakeClock() });
		const a = registry.attach('k', 3);
		expect(a.limiter.max).toBe(3);
		registry.attach('k', 0);
		expect(a.limiter.max).toBe(Infinity);
		registry.attach('k', 1);
		expect(a.limiter.limit).toBe(1);
	});

	test('an entry no run uses is forgotten after idleMs; one in use never is', () => {
		const clock = new FakeClock();
		const registry = new LimiterRegistry({ clock, idleMs: 1000 });
		const busy = registry.attach('busy');
		const idle = registry.attach('idle');
		idle.detach();
		idle.detach(); // twice is once
		clock.time = 999;
		registry.attach('other').detach();
		expect(registry.size).toBe(3);
		clock.time = 1000;
		registry.attach('busy').detach();
		expect(registry.peek('idle')).toBeUndefined();
		expect(registry.peek('busy')).toBe(busy.limiter);
		clock.time = 100_000;
		registry.attach('x').detach();
		expect(registry.peek('busy')).toBe(busy.limiter);
		expect(registry.size).toBe(2);
	});

	test('bounded: 1000 credentials in turn leave at most maxEntries; when all are busy a run gets its own', () => {
		const clock = new FakeClock();
		const registry = new LimiterRegistry({ clock, maxEntries: 4 });
		for (let i = 0; i < 1000; i++) {
			clock.time = i;
			registry.attach(`k${i}`).detach();
			expect(registry.size).toBeLessThanOrEqual(4);
		}
		registry.clear();
		const held = [0, 1, 2, 3].map((i) => registry.attach(`busy${i}`));
		const extra = registry.attach('extra', 2);
		expect(extra.shared).toBe(false);
		expect(extra.limiter.max).toBe(2);
		expect(registry.size).toBe(4);
		held.forEach((entry) => entry.detach());
	});

	test('sharing off: every run gets a limiter of its own', () => {
		const registry = new LimiterRegistry({ clock: new FakeClock() });
		registry.sharing = false;
		expect(registry.attach('k').limiter).not.toBe(registry.attach('k').limiter);
		expect(registry.size).toBe(0);
	});
});

describe('RunSlots', () => {
	test('a refusal in one run pauses and lowers the other runs of the credential', async () => {
		const clock = new FakeClock();
		const shared = sharedOf(clock);
		const runA = new RunSlots(new AdaptiveLimiter({ max: 2, clock }), shared);
		const runB = new RunSlots(new AdaptiveLimiter({ max: 2, clock }), shared);
		await runA.acquire();
		await runA.acquire();
		await runB.acquire();
		expect(shared.active).toBe(3);
		// One of A's calls is refused with Retry-After 5 s while three are in flight.
		let retried = false;
		const retry = runA.retryAfterRateLimit(5000, undefined, 0).then(() => (retried = true));
		await tick();
		expect(shared.limit).toBe(2);
		expect(clock.time).toBe(5000); // B's next call waited the pause out as well
		expect(retried).toBe(false); // A's run limit is 1 and its other call still holds it
		runB.release();
		runA.release();
		await tick();
		expect(retried).toBe(true);
		await retry;
		expect(shared.active).toBe(1);
	});

	test('the shared slot is taken after the run slot and given back when its wait is aborted', async () => {
		const clock = new FakeClock();
		const shared = sharedOf(clock, 1);
		const run = new RunSlots(new AdaptiveLimiter({ max: 2, clock }), shared);
		await run.acquire();
		const controller = new AbortController();
		const second = run.acquire(controller.signal);
		await tick();
		expect(run.run.active).toBe(2);
		controller.abort();
		await expect(second).rejects.toBeDefined();
		expect(run.run.active).toBe(1);
		expect(shared.active).toBe(1);
	});
});

describe('limiterKeyOf', () => {
	const apiKey = TEST_BEARER;
	test('same key at the same Base URL is one account; the key itself appears nowhere', () => {
		const a = limiterKeyOf('openai', { url: 'https://relay.example/v1/', apiKey: ` ${apiKey}` });
		const b = limiterKeyOf('openai', { url: 'https://relay.example/v1', apiKey });
		const other = limiterKeyOf('openai', { url: 'https://other.example/v1', apiKey });
		expect(a).toBe(b);
		expect(other).not.toBe(a);
		expect(a).not.toContain(apiKey);
		expect(a).not.toContain('SECRET');
		expect(limiterKeyOf('volcengine', { accessKeyId: 'AKLT1', secretAccessKey: 'x' })).not.toBe(
			limiterKeyOf('volcengine', { accessKeyId: 'AKLT2', secretAccessKey: 'x' }),
		);
	});
});
