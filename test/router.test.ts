/**
 * The router checks every input item before the first paid call: a run with one bad item sends
 * nothing (otherwise the items before it would be billed and their images lost with the failed run).
 */
import { modelById, runOpenAi, useFakeUpstream } from './openai-support';
import { runVolc, startVolcFake } from './volcengine-setup';
import type { FakeUpstream } from './fake-upstream';

const prompts = [{ json: { prompt: 'a red apple' } }, { json: { prompt: 'a green pear' } }, { json: { prompt: '' } }];

describe('OpenAI-compatible generate over several items', () => {
	const fixture = useFakeUpstream();
	const parameters = {
		operation: 'generate',
		model: modelById('doubao-seedream-4-0-250828'),
		prompt: '={{ $json.prompt }}',
	};

	test('a bad third item fails the run before any paid call, naming that item', async () => {
		const result = await runOpenAi({ fake: fixture.fake, parameters, input: prompts });
		expect(result.error?.message).toMatch(/prompt/i);
		expect(result.error?.itemIndex).toBe(2);
		expect(fixture.fake.paidCalls()).toBe(0);
	});

	test('with continue-on-fail the good items are generated and the bad one is an error item in its place', async () => {
		const result = await runOpenAi({
			fake: fixture.fake,
			parameters,
			input: [prompts[2], prompts[0], prompts[1]],
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(fixture.fake.paidCalls()).toBe(2);
		expect(result.items[0].json.error).toMatch(/prompt/i);
		expect(result.items[0].binary).toBeUndefined();
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items.slice(1).every((item) => item.binary?.data)).toBe(true);
	});
});

describe('Volcengine generate over several items', () => {
	let fake: FakeUpstream;
	beforeAll(async () => {
		fake = await startVolcFake();
	});
	afterAll(async () => await fake.close());
	beforeEach(() => fake.reset());

	test('a bad third item fails the run before any submit', async () => {
		const result = await runVolc(
			fake,
			{ operation: 'generate', prompt: '={{ $json.prompt }}', forceSingle: true },
			{ input: prompts },
		);
		expect(result.error?.itemIndex).toBe(2);
		expect(fake.count('submit')).toBe(0);
		expect(fake.paidCalls()).toBe(0);
	});
});
