import { backoffDelayMs, parseRetryAfterMs, retry } from '../nodes/Jimeng/run/retry';

test('backoff doubles from the initial delay up to the cap', () => {
	const options = { initialMs: 500, maxMs: 3000, factor: 2 };
	expect([1, 2, 3, 4, 5].map((attempt) => backoffDelayMs(attempt, options))).toEqual([
		500, 1000, 2000, 3000, 3000,
	]);
});

test('Retry-After in seconds or as an HTTP date', () => {
	const now = Date.parse('2026-01-01T00:00:00Z');
	expect(parseRetryAfterMs('3', now)).toBe(3000);
	expect(parseRetryAfterMs('0.5', now)).toBe(500);
	expect(parseRetryAfterMs('Thu, 01 Jan 2026 00:00:07 GMT', now)).toBe(7000);
	expect(parseRetryAfterMs('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
	expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
	expect(parseRetryAfterMs('soon', now)).toBeUndefined();
});

test('retries only what shouldRetry allows, sleeping the computed delay between tries', async () => {
	const slept: number[] = [];
	let calls = 0;
	const result = await retry(
		async (attempt) => {
			calls++;
			if (attempt < 3) throw new Error(`transient ${attempt}`);
			return 'ok';
		},
		{
			attempts: 5,
			shouldRetry: (error) => /transient/.test((error as Error).message),
			delayMs: (_error, attempt) => attempt * 10,
			sleep: async (ms) => void slept.push(ms),
		},
	);
	expect(result).toBe('ok');
	expect(calls).toBe(3);
	expect(slept).toEqual([10, 20]);
});

test('gives up after the last attempt and on a non-retryable error, with the original error', async () => {
	const permanent = new Error('permanent');
	let calls = 0;
	await expect(
		retry(
			async () => {
				calls++;
				throw permanent;
			},
			{ attempts: 5, shouldRetry: () => false, delayMs: () => 0, sleep: async () => {} },
		),
	).rejects.toBe(permanent);
	expect(calls).toBe(1);

	calls = 0;
	await expect(
		retry(
			async () => {
				calls++;
				throw new Error('always');
			},
			{ attempts: 3, shouldRetry: () => true, delayMs: () => 0, sleep: async () => {} },
		),
	).rejects.toThrow('always');
	expect(calls).toBe(3);
});
