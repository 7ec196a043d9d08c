/* eslint-disable @n8n/community-nodes/no-restricted-globals -- the fake's latencies need timers */
/**
 * Batches in n8n's engine against the fake upstream over real sockets: a bounded pool, the
 * sequential output order, the run-wide adaptive limit, nothing lost when the run fails, cancel.
 */
import type { INodeParameters } from 'n8n-workflow';

import type { CallRecord, FakeUpstream, Reply } from './fake-upstream';
import { modelById, runOpenAi, useFakeUpstream } from './openai-support';
import { runVolc, startVolcFake } from './volcengine-setup';

const delay = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

const prompts = (count: number) =>
	Array.from({ length: count }, (_, index) => ({ json: { prompt: `p${index}` } }));

const generate = (options: INodeParameters): INodeParameters => ({
	operation: 'generate',
	model: modelById('doubao-seedream-4-0-250828'),
	prompt: '={{ $json.prompt }}',
	options,
});

const promptOf = (call: CallRecord) => String(call.json?.prompt);

/** Answers every images call after `latency(call)` ms, counting the calls in flight. */
function withLatency(
	fake: FakeUpstream,
	latency: (call: CallRecord) => number,
	answer?: (call: CallRecord, inFlight: number) => Reply | undefined,
) {
	const stats = { inFlight: 0, maxInFlight: 0, inFlightAtArrival: [] as number[] };
	fake.override('generations', async (call, { next }) => {
		stats.inFlight++;
		stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
		stats.inFlightAtArrival.push(stats.inFlight);
		try {
			const special = answer?.(call, stats.inFlight);
			await delay(latency(call));
			return special ?? (await next());
		} finally {
			stats.inFlight--;
		}
	});
	return stats;
}

/** The prompt of the call that produced an output URL (the fake names files after the call). */
function promptBehindUrl(fake: FakeUpstream, url: unknown): string | undefined {
	const seq = /\/files\/gen-(\d+)-/.exec(String(url))?.[1];
	const call = fake.callsTo('generations').find((entry) => String(entry.seq) === seq);
	return call && promptOf(call);
}

describe('OpenAI-compatible batches', () => {
	const fixture = useFakeUpstream();

	test('random latencies: output order and pairing are those of a sequential run; never more than the limit in flight', async () => {
		const { fake } = fixture;
		const stats = withLatency(fake, () => Math.floor(Math.random() * 120));
		const result = await runOpenAi({
			fake,
			parameters: generate({ concurrency: 4 }),
			input: prompts(16),
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(16);
		result.items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.binary?.data).toBeDefined();
			expect(promptBehindUrl(fake, item.json.url)).toBe(`p${index}`);
		});
		expect(fake.count('generations')).toBe(16);
		expect(stats.maxInFlight).toBe(4);
	});

	test('a 429 storm with Retry-After: the number in flight drops, every item completes, paid calls = items + rejected calls', async () => {
		const { fake } = fixture;
		let rejected = 0;
		// An upstream that takes two calls at a time and refuses the rest.
		const stats = withLatency(
			fake,
			() => 80,
			(_call, inFlight) => {
				if (inFlight <= 2) return undefined;
				rejected++;
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
			},
		);
		const result = await runOpenAi({
			fake,
			parameters: generate({ concurrency: 8, returnUrlsOnly: true }),
			input: prompts(16),
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.pairedItem)).toEqual(
			prompts(16).map((_, index) => ({ item: index })),
		);
		result.items.forEach((item, index) =>
			expect(promptBehindUrl(fake, item.json.url)).toBe(`p${index}`),
		);
		expect(rejected).toBeGreaterThan(0);
		expect(fake.count('generations')).toBe(16 + rejected);
		// The first wave sent 8; after the limit came down, later waves stayed small.
		expect(stats.inFlightAtArrival.slice(0, 8)).toContain(8);
		expect(Math.max(...stats.inFlightAtArrival.slice(-8))).toBeLessThanOrEqual(4);
		expect(result.logs.join('\n')).toMatch(/rate limit/i);
	});

	/** Item 7 is refused (content review) after the others have answered. */
	function refuseItem7(fake: FakeUpstream) {
		return withLatency(
			fake,
			(call) => (promptOf(call) === 'p7' ? 400 : 20),
			(call) =>
				promptOf(call) === 'p7'
					? {
							status: 400,
							headers: { 'content-type': 'application/json' },
							body: {
								error: {
									message:
										'The request failed because the input text may contain sensitive information.',
									type: 'invalid_request_error',
									code: 'InputTextSensitiveContentDetected',
								},
							},
						}
					: undefined,
		);
	}

	test('item 7 of 10 refused at concurrency 4: the error and the log list the nine paid results', async () => {
		const { fake } = fixture;
		refuseItem7(fake);
		const result = await runOpenAi({
			fake,
			parameters: generate({ concurrency: 4 }),
			input: prompts(10),
		});
		expect(result.error?.itemIndex).toBe(7);
		expect(result.error?.message).toMatch(/sensitive/i);
		const description = String(result.error?.description);
		expect(description).toMatch(/24 hours/);
		const warn = result.logEntries.find(
			(entry) => entry.level === 'warn' && /paid results/.test(entry.message),
		);
		expect(warn).toBeDefined();
		const calls = fake.callsTo('generations').filter((call) => promptOf(call) !== 'p7');
		expect(calls).toHaveLength(9);
		for (const call of calls) {
			const index = Number(promptOf(call).slice(1));
			const line = description.split('\n').find((text) => text.startsWith(`- item ${index}:`));
			expect(line).toMatch(new RegExp(`/files/gen-${call.seq}-0-`));
			expect(warn!.message).toContain(`/files/gen-${call.seq}-0-`);
		}
		expect(description).not.toMatch(/- item 7:/);
	});

	test('with Continue On Fail: nine images and one error item, in item order', async () => {
		const { fake } = fixture;
		refuseItem7(fake);
		const result = await runOpenAi({
			fake,
			parameters: generate({ concurrency: 4 }),
			input: prompts(10),
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(10);
		result.items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			if (index === 7) {
				expect(item.json.error).toMatch(/sensitive/i);
				expect(item.binary).toBeUndefined();
			} else {
				expect(promptBehindUrl(fake, item.json.url)).toBe(`p${index}`);
			}
		});
	});

	test('cancel during a batch: the calls in flight are aborted and no request starts after it', async () => {
		const { fake } = fixture;
		let cancel!: () => void;
		const cancelled = new Promise<void>((resolve) => (cancel = resolve));
		withLatency(
			fake,
			() => 400,
			() => {
				if (fake.count('generations') >= 3) cancel();
				return undefined;
			},
		);
		const result = await runOpenAi({
			fake,
			parameters: generate({ concurrency: 3 }),
			input: prompts(12),
			cancelWhen: cancelled,
		});
		await delay(600);
		expect(result.cancelled).toBe(true);
		expect(fake.count('generations')).toBe(3);
		expect(fake.count('download')).toBe(0);
	});
});

describe('Volcengine batches', () => {
	let fake: FakeUpstream;
	beforeAll(async () => {
		fake = await startVolcFake();
	});
	afterAll(async () => await fake.close());
	beforeEach(() => fake.reset());

	test('one task of five times out: the error names it, the others are listed with their model, ids logged at info', async () => {
		for (let index = 0; index < 5; index++) {
			fake.tasks.next(
				index === 2 ? { generatingPolls: 1000 } : { inQueuePolls: 1, generatingPolls: 1 },
			);
		}
		const result = await runVolc(
			fake,
			{
				operation: 'generate',
				prompt: '={{ $json.prompt }}',
				forceSingle: true,
				timeout: 2,
				options: { concurrency: 5 },
			},
			{ input: prompts(5) },
		);
		const tasks = fake.tasks.list();
		expect(tasks).toHaveLength(5);
		const stuck = tasks.find((task) => task.generatingPolls === 1000)!;
		const stuckItem = Number(String(stuck.submitBody.prompt).slice(1));
		expect(result.error?.itemIndex).toBe(stuckItem);
		const text = `${result.error?.message}\n${result.error?.description}`;
		expect(text).toContain(stuck.id);
		for (const task of tasks.filter((entry) => entry !== stuck)) {
			const index = Number(String(task.submitBody.prompt).slice(1));
			const line = String(result.error?.description)
				.split('\n')
				.find((entry) => entry.startsWith(`- item ${index}:`));
			expect(line).toContain(`task ${task.id} (model ${task.reqKey})`);
			expect(line).toMatch(/Wait for Result/);
		}
		const info = result.logEntries
			.filter((entry) => entry.level === 'info')
			.map((entry) => entry.message);
		for (const task of tasks) expect(info.some((message) => message.includes(task.id))).toBe(true);
		// All five were in flight together: the submits came before any task finished.
		const submits = fake.callsTo('submit').map((call) => call.time);
		const firstPoll = fake.callsTo('getResult')[0].time;
		expect(Math.max(...submits)).toBeLessThanOrEqual(firstPoll + 50);
	});
});
