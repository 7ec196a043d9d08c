/**
 * Token usage goes to n8n through n8n-workflow's accumulateTokenUsage (its usage views read the
 * node's run metadata), once per paid call, beside the node's own `cost`; through n8n's engine
 * against the fake upstream.
 */
import type { INodeParameters } from 'n8n-workflow';

import { modelById, runOpenAi, useFakeUpstream } from './openai-support';
import type { RunResult } from './harness/runNode';

const fixture = useFakeUpstream();

const tokenUsage = (result: RunResult) =>
	result.run?.data.resultData.runData.Jimeng?.[0]?.metadata?.tokenUsage;

const generate = (model: string, options: INodeParameters = {}): INodeParameters => ({
	operation: 'generate',
	model: modelById(model),
	prompt: 'a cat',
	size: 'size',
	customSize: '1024x1024',
	options,
});

test('gpt-image: the tokens of every call, summed over the items, in the run metadata', async () => {
	const result = await runOpenAi({
		fake: fixture.fake,
		parameters: generate('gpt-image-2', { concurrency: 2 }),
		input: [{ json: { i: 0 } }, { json: { i: 1 } }, { json: { i: 2 } }],
	});
	expect(result.error).toBeUndefined();
	const perCall = result.items.map((item) => item.json.usage as { input_tokens: number; output_tokens: number });
	expect(perCall).toHaveLength(3);
	expect(tokenUsage(result)).toEqual({
		inputTokens: perCall.reduce((sum, usage) => sum + usage.input_tokens, 0),
		outputTokens: perCall.reduce((sum, usage) => sum + usage.output_tokens, 0),
	});
	expect(tokenUsage(result)?.outputTokens).toBeGreaterThan(0);
	// the run totals are also in the log, which every n8n edition shows
	expect(result.logs.some((line) => /^info: Jimeng: this run made 3 image\(s\)/.test(line))).toBe(true);
});

test('Seedream on Ark: output tokens (Ark states no input tokens)', async () => {
	const result = await runOpenAi({
		fake: fixture.fake,
		base: 'ark',
		parameters: { ...generate('doubao-seedream-4-5-251128'), customSize: '2048x2048' },
	});
	expect(result.error).toBeUndefined();
	const usage = result.items[0].json.usage as { output_tokens: number };
	expect(tokenUsage(result)).toEqual({ inputTokens: 0, outputTokens: usage.output_tokens });
});

test('an answer without usage reports none', async () => {
	fixture.fake.configure({ openai: { usage: null } });
	const result = await runOpenAi({ fake: fixture.fake, parameters: generate('gpt-image-2') });
	expect(result.error).toBeUndefined();
	expect(result.items[0].json.usage).toBeUndefined();
	expect(tokenUsage(result)).toBeUndefined();
});
