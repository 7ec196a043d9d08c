/* eslint-disable @n8n/community-nodes/no-restricted-globals -- the fake's latencies need timers */
/**
 * Several executions of one credential at once, in n8n's engine over real sockets, against a fake
 * that takes two calls at a time and refuses more with 429: one shared rate-limit picture.
 */
import type { INodeParameters } from 'n8n-workflow';

import type { FakeUpstream } from './fake-upstream';
import { credentialFor, modelById, useFakeUpstream } from './openai-support';
import { runJimeng } from './harness/runNode';
import { processLimiters } from '../nodes/Jimeng/run/credentialLimiter';

const delay = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

const prompts = (run: number, count: number) =>
	Array.from({ length: count }, (_, index) => ({ json: { prompt: `r${run}-p${index}` } }));

const generate = (concurrency: number): INodeParameters => ({
	operation: 'generate',
	model: modelById('doubao-seedream-4-0-250828'),
	prompt: '={{ $json.prompt }}',
	options: { concurrency, returnUrlsOnly: true },
});

/** An upstream that holds `capacity` calls at once (each `latencyMs`) and refuses more at once. */
function limitedUpstream(fake: FakeUpstream, capacity: number, latencyMs: number) {
	const stats = {
		inFlight: 0,
		maxInFlight: 0,
		refused: 0,
		arrivals: [] as Array<{ at: number; inFlight: number }>,
		firstRefusalAt: Infinity,
	};
	fake.override('generations', async (_call, { next }) => {
		stats.inFlight++;
		stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
		stats.arrivals.push({ at: Date.now(), inFlight: stats.inFlight });
		try {
			if (stats.inFlight > capacity) {
				stats.refused++;
				stats.firstRefusalAt = Math.min(stats.firstRefusalAt, Date.now());
				return {
					status: 429,
					headers: { 'retry-after': '0.2', 'content-type': 'application/json' },
					body: {
						error: {
							message: 'Rate limit reached',
							type: 'rate_limit_error',
							code: 'rate_limit_exceeded',
						},
					},
				};
			}
			await delay(latencyMs);
			return await next();
		} finally {
			stats.inFlight--;
		}
	});
	return stats;
}

async function runAtOnce(fake: FakeUpstream, runs: number, items: number, cap?: number) {
	return await Promise.all(
		Array.from(
			{ length: runs },
			async (_, run) =>
				await runJimeng({
					parameters: generate(2),
					input: prompts(run, items),
					credentials: {
						jimengApi: {
							...credentialFor(fake),
							...(cap === undefined ? {} : { maxCallsInFlight: cap }),
						},
					},
				}),
		),
	);
}

describe('one rate-limit picture per credential in the process', () => {
	const fixture = useFakeUpstream();

	test('5 executions × 4 items, Concurrency 2, upstream takes 2: all complete, at most 2 in flight after the first refusal', async () => {
		const { fake } = fixture;
		const stats = limitedUpstream(fake, 2, 150);
		const results = await runAtOnce(fake, 5, 4);
		for (const [run, result] of results.entries()) {
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.pairedItem)).toEqual(
				[0, 1, 2, 3].map((item) => ({ item })),
			);
			expect(
				result.items.every((item, index) => typeof item.json.url === 'string' && index < 4),
			).toBe(true);
			expect(run).toBeLessThan(5);
		}
		expect(fake.count('generations')).toBe(20 + stats.refused);
		expect(stats.refused).toBeGreaterThan(0);
		// Calls that arrive once the node surely knew of the refusal: its answer has had time to
		// arrive (a busy CI machine can delay it by a few hundred ms) and every call sent before it
		// (150 ms each) is over.
		const later = stats.arrivals.filter((arrival) => arrival.at > stats.firstRefusalAt + 400);
		expect(later.length).toBeGreaterThan(5);
		expect(Math.max(...later.map((arrival) => arrival.inFlight))).toBeLessThanOrEqual(2);
		expect(
			results.some((result) =>
				/all runs of this process together, are held at [12]\b/.test(result.logs.join('\n')),
			),
		).toBe(true);
	});

	test('measured against per-run limiters (sharing off): fewer refusals, and no run gives up', async () => {
		const { fake } = fixture;
		const measure = async () => {
			fake.reset();
			const stats = limitedUpstream(fake, 2, 150);
			const results = await runAtOnce(fake, 5, 4);
			const failed = results.filter((result) => result.error !== undefined).length;
			return { refused: stats.refused, failed };
		};
		const shared = await measure();
		processLimiters.sharing = false;
		const separate = await measure();
		expect(shared.failed).toBe(0);
		expect(separate.refused).toBeGreaterThanOrEqual(2 * shared.refused);
	});

	test('Max Calls in Flight (All Runs) = 1: never more than 1 in flight across 3 executions', async () => {
		const { fake } = fixture;
		const stats = limitedUpstream(fake, 100, 60);
		const results = await runAtOnce(fake, 3, 3, 1);
		results.forEach((result) => expect(result.error).toBeUndefined());
		expect(fake.count('generations')).toBe(9);
		expect(stats.maxInFlight).toBe(1);
	});

	test('a cap that is not a whole number is refused before anything is sent, naming the field', async () => {
		const { fake } = fixture;
		const [result] = await runAtOnce(fake, 1, 2, -1);
		expect(result.error?.message).toMatch(/Max Calls in Flight \(All Runs\)/);
		expect(fake.count('generations')).toBe(0);
	});
});
