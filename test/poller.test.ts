/**
 * The poller alone, with a fake clock: sleeping advances virtual time instantly, so intervals,
 * timeouts and cancellation are checked exactly without waiting.
 */
import {
	geometricSchedule,
	poll,
	type PollCheck,
	type PollOptions,
} from '../nodes/Jimeng/run/poller';

class FakeClock {
	time = 1_000_000;
	sleeps: number[] = [];
	/** Called at the start of each sleep (e.g. to abort mid-sleep). */
	onSleep?: (ms: number) => void;

	now = () => this.time;

	sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
		this.sleeps.push(ms);
		this.onSleep?.(ms);
		if (signal?.aborted) throw signal.reason ?? new Error('aborted');
		this.time += ms;
	};
}

class TransientError extends Error {
	constructor(public readonly retryAfter?: number) {
		super('transient');
	}
}

function options<T>(
	clock: FakeClock,
	overrides: Partial<PollOptions<T>> & Pick<PollOptions<T>, 'check'>,
): PollOptions<T> {
	return {
		isTransient: (error) => error instanceof TransientError,
		timeoutMs: 60_000,
		sleep: clock.sleep,
		now: clock.now,
		...overrides,
	};
}

/** A task answering the given steps in order (the last one repeats). */
function scripted<T>(steps: Array<PollCheck<T> | Error>) {
	let i = 0;
	const check = jest.fn(async () => {
		const step = steps[Math.min(i++, steps.length - 1)];
		if (step instanceof Error) throw step;
		return step;
	});
	return check;
}

const pending = (status = 'in_queue'): PollCheck<string> => ({ state: 'pending', status });

describe('poll', () => {
	it('returns the value when the task is done, pausing 1 s, then 15 % of the time waited', async () => {
		const clock = new FakeClock();
		const check = scripted<string>([
			...Array(8).fill(pending('generating')),
			{ state: 'done', value: 'images' },
		]);
		const outcome = await poll(options(clock, { check }));
		expect(outcome).toEqual({ kind: 'done', value: 'images', checks: 9 });
		expect(clock.sleeps).toEqual([1000, 1000, 1000, 1000, 1000, 1000, 1000, 1050]);
	});

	it('honours custom interval settings', async () => {
		const clock = new FakeClock();
		const check = scripted<string>([
			pending(),
			pending(),
			pending(),
			{ state: 'done', value: 'x' },
		]);
		await poll(
			options(clock, {
				check,
				initialIntervalMs: 200,
				maxIntervalMs: 300,
				schedule: geometricSchedule(200, 2, 300),
			}),
		);
		expect(clock.sleeps).toEqual([200, 300, 300]);
	});

	it('reports a failed task with its last status, without further checks', async () => {
		const clock = new FakeClock();
		const failure = new Error('not_found');
		const check = scripted<string>([
			pending('in_queue'),
			{ state: 'failed', error: failure, status: 'not_found' },
			pending(),
		]);
		const outcome = await poll(options(clock, { check }));
		expect(outcome).toEqual({ kind: 'failed', error: failure, lastStatus: 'not_found', checks: 2 });
		expect(check).toHaveBeenCalledTimes(2);
	});

	it('fails at once on a permanent error', async () => {
		const clock = new FakeClock();
		const permanent = new Error('SignatureDoesNotMatch');
		const check = scripted<string>([permanent]);
		const outcome = await poll(options(clock, { check }));
		expect(outcome).toMatchObject({ kind: 'failed', error: permanent, checks: 1 });
		expect(clock.sleeps).toEqual([]);
	});

	it('retries transient errors with backoff, keeps the last status, and does not end the wait early', async () => {
		const clock = new FakeClock();
		const onTransientError = jest.fn();
		const check = scripted<string>([
			pending('generating'),
			new TransientError(),
			new TransientError(),
			new TransientError(),
			new TransientError(),
			new TransientError(),
			{ state: 'done', value: 'ok' },
		]);
		const outcome = await poll(options(clock, { check, onTransientError }));
		expect(outcome).toEqual({ kind: 'done', value: 'ok', checks: 7 });
		// After a pending look the pause is 1 s; error backoff doubles 1 → 16 s and wins when longer.
		expect(clock.sleeps).toEqual([1000, 1000, 2000, 4000, 8000, 16000]);
		expect(onTransientError.mock.calls.map((call) => call[1])).toEqual([1, 2, 3, 4, 5]);
	});

	it('waits at least as long as a Retry-After hint', async () => {
		const clock = new FakeClock();
		const check = scripted<string>([new TransientError(5000), { state: 'done', value: 'ok' }]);
		await poll(
			options(clock, {
				check,
				retryAfterMs: (error) => (error as TransientError).retryAfter,
			}),
		);
		expect(clock.sleeps).toEqual([5000]);
	});

	it('times out with the last status after a final look at the deadline, never sleeping past it', async () => {
		const clock = new FakeClock();
		const check = scripted<string>([pending('in_queue'), pending('generating')]);
		const outcome = await poll(options(clock, { check, timeoutMs: 4500 }));
		expect(outcome).toMatchObject({ kind: 'timeout', lastStatus: 'generating', elapsedMs: 4500 });
		// Looks at 0, 1, 2, 3 and 4 s, then a sleep clipped to the 4.5 s deadline and a last look there.
		expect(clock.sleeps).toEqual([1000, 1000, 1000, 1000, 500]);
		expect(check).toHaveBeenCalledTimes(6);
	});

	it('times out with the last transient error when the upstream keeps failing', async () => {
		const clock = new FakeClock();
		const error = new TransientError();
		const check = scripted<string>([pending('generating'), error]);
		const outcome = await poll(options(clock, { check, timeoutMs: 30_000 }));
		expect(outcome).toMatchObject({ kind: 'timeout', lastStatus: 'generating', lastError: error });
		expect(clock.time - 1_000_000).toBe(30_000);
	});

	it('stops during a sleep when the signal aborts, with no further look', async () => {
		const clock = new FakeClock();
		const controller = new AbortController();
		const check = scripted<string>([pending('in_queue')]);
		clock.onSleep = () => {
			if (clock.sleeps.length === 3) controller.abort();
		};
		const outcome = await poll(options(clock, { check, signal: controller.signal }));
		expect(outcome).toEqual({ kind: 'cancelled', lastStatus: 'in_queue', checks: 3 });
		expect(check).toHaveBeenCalledTimes(3);
	});

	it('stops when the signal aborts during a look (the request fails because it was aborted)', async () => {
		const clock = new FakeClock();
		const controller = new AbortController();
		const check = jest.fn(async () => {
			controller.abort();
			throw new Error('canceled');
		});
		const outcome = await poll(options(clock, { check, signal: controller.signal }));
		expect(outcome).toEqual({ kind: 'cancelled', lastStatus: undefined, checks: 1 });
	});

	it('stops even with an old sleep that ignores the signal', async () => {
		const clock = new FakeClock();
		const controller = new AbortController();
		const check = scripted<string>([pending()]);
		const ignoringSleep = async (ms: number) => {
			clock.sleeps.push(ms);
			clock.time += ms;
			controller.abort();
		};
		const outcome = await poll(
			options(clock, { check, sleep: ignoringSleep, signal: controller.signal }),
		);
		expect(outcome).toMatchObject({ kind: 'cancelled', checks: 1 });
	});

	it('does not start when already cancelled', async () => {
		const clock = new FakeClock();
		const controller = new AbortController();
		controller.abort();
		const check = scripted<string>([pending()]);
		const outcome = await poll(options(clock, { check, signal: controller.signal }));
		expect(outcome).toEqual({ kind: 'cancelled', lastStatus: undefined, checks: 0 });
		expect(check).not.toHaveBeenCalled();
	});

	it('reports a failing sleep that was not an abort as a failure', async () => {
		const clock = new FakeClock();
		const broken = new Error('timer broke');
		const outcome = await poll(
			options(clock, {
				check: scripted<string>([pending()]),
				sleep: async () => {
					throw broken;
				},
			}),
		);
		expect(outcome).toMatchObject({ kind: 'failed', error: broken });
	});
});

describe('fix 10: a ready result is found within max(1 s, 15 % of the time waited)', () => {
	/** A task that is ready `readyMs` after the wait began; returns the checks and the lateness. */
	async function waitFor(readyMs: number) {
		const clock = new FakeClock();
		const start = clock.now();
		const outcome = await poll(
			options<string>(clock, {
				timeoutMs: 900_000,
				check: async () =>
					clock.now() - start >= readyMs
						? { state: 'done', value: 'images' }
						: { state: 'pending', status: 'generating' },
			}),
		);
		expect(outcome.kind).toBe('done');
		return { checks: outcome.checks, lateMs: clock.now() - start - readyMs };
	}

	it.each([
		1_000, 5_000, 6_500, 22_000, 22_100, 45_000, 60_000, 123_457, 299_000, 300_000, 600_000,
	])('a task ready after %d ms', async (readyMs) => {
		const { lateMs } = await waitFor(readyMs);
		expect(lateMs).toBeLessThanOrEqual(Math.max(1000, 0.15 * readyMs));
	});

	it('a 5-minute task takes at most 40 GetResult calls', async () => {
		const { checks } = await waitFor(300_000);
		expect(checks).toBeLessThanOrEqual(40);
	});

	it('never late by more than the bound, for any ready time up to 10 minutes (1 s steps)', async () => {
		for (let readyMs = 0; readyMs <= 600_000; readyMs += 997) {
			const { lateMs } = await waitFor(readyMs);
			if (lateMs > Math.max(1000, 0.15 * readyMs))
				throw new Error(`late by ${lateMs} ms at ${readyMs} ms`);
		}
	});
});
