/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/**
 * Issue 10 item 7 (the parts of it this package's transport owns), through n8n's engine against
 * the fake upstream: nested Additional Body Fields in multipart, a download answered with a web
 * page, and a cancel during Check Once that must keep the task reference; plus the SSE usage of a
 * completed event with an error reaching the output (fix 5).
 */
import { NodeApiError } from 'n8n-workflow';

import { keptOf } from '../nodes/Jimeng/errors/errors';
import type { FakeUpstream } from './fake-upstream';
import { modelById, pngInput, runOpenAi, useFakeUpstream } from './openai-support';
import { runVolc, startVolcFake, whenCalls } from './volcengine-setup';

const fixture = useFakeUpstream();

describe('multipart bodies encode nested objects like openai-node (key[name], key[])', () => {
	test('Additional Body Fields {"metadata": {...}, "tags": [...]} become bracketed parts', async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			input: [pngInput({ data: { width: 64, height: 48 } })],
			parameters: {
				operation: 'edit',
				model: modelById('gpt-image-2'),
				requestStyle: 'multipart',
				prompt: 'Make it blue',
				inputImages: 'data',
				options: {
					additionalBodyFields: '{"metadata": {"team": "design", "run": 7}, "tags": ["a", "b"]}',
				},
			},
		});
		expect(result.error).toBeUndefined();
		const fields = fake.lastCall('edits')!.multipart!.fieldList;
		expect(fields).toEqual(
			expect.arrayContaining([
				{ name: 'metadata[team]', value: 'design' },
				{ name: 'metadata[run]', value: '7' },
				{ name: 'tags[]', value: 'a' },
				{ name: 'tags[]', value: 'b' },
			]),
		);
		expect(fields.map((field) => field.name)).not.toContain('metadata');
	});
});

describe('a download answered with a web page is an error, not a .bin image', () => {
	test('HTML 200 from the image URL: the item says so and keeps the URL', async () => {
		const { fake } = fixture;
		fake.fault('download', {
			kind: 'http',
			status: 200,
			headers: { 'content-type': 'text/html; charset=utf-8' },
			body: '<html><head><title>Link expired</title></head><body>This link has expired</body></html>',
		});
		const result = await runOpenAi({
			fake,
			continueOnFail: true,
			parameters: {
				operation: 'generate',
				model: modelById('doubao-seedream-4-5-251128'),
				prompt: 'a red apple',
				size: 'size',
				customSize: '2K',
			},
		});
		expect(result.items).toHaveLength(1);
		const [item] = result.items;
		expect(item.binary).toBeUndefined();
		expect(String(item.json.error)).toMatch(
			/^Could not download the generated image: The image URL answered with text\/html instead of an image: Link expired/,
		);
		expect(item.json.url).toEqual(expect.stringContaining('http://127.0.0.1'));
		expect(fake.count('download')).toBe(1);
	});
});

describe('SSE: a completed event with an error keeps its usage in the output (fix 5)', () => {
	test('the good image is output with the usage; the error is reported in its place', async () => {
		const { fake } = fixture;
		fake.override('generations', (_call, { fileUrl }) => ({
			status: 200,
			headers: { 'content-type': 'text/event-stream' },
			body: [
				`event: image_generation.partial_succeeded\ndata: ${JSON.stringify({ type: 'image_generation.partial_succeeded', image_index: 0, url: fileUrl('gen-x-0-64x64.png'), created_at: 1757323224 })}`,
				`event: image_generation.completed\ndata: ${JSON.stringify({ type: 'image_generation.completed', error: { code: 'InternalServiceError', message: 'stopped after 1 image' }, usage: { generated_images: 1, output_tokens: 4096, total_tokens: 4096 }, created_at: 1757323230 })}`,
				'data: [DONE]',
				'',
			].join('\n\n'),
		}));
		const result = await runOpenAi({
			fake,
			base: 'ark',
			parameters: {
				operation: 'generate',
				model: modelById('doubao-seedream-4-5-251128'),
				prompt: 'a red apple',
				size: 'size',
				customSize: '2K',
				options: { stream: true },
			},
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		expect(result.items[0].json).toMatchObject({
			usage: { generated_images: 1, output_tokens: 4096, total_tokens: 4096 },
			created: 1757323224,
		});
		expect(result.items[1].json).toMatchObject({
			error: 'stopped after 1 image',
			code: 'InternalServiceError',
		});
	});
});

describe('a cancel during Check Once keeps the task reference', () => {
	let volc: FakeUpstream;
	beforeAll(async () => {
		volc = await startVolcFake();
	});
	afterAll(async () => await volc.close());

	test('cancelled while waiting to look again after a transient fault', async () => {
		const task = volc.tasks.create('jimeng_t2i_v40', { inQueuePolls: 5 });
		volc.fault('getResult', { kind: 'serverError', status: 503 });
		const result = await runVolc(
			volc,
			{ operation: 'waitForResult', waitMode: 'checkOnce' },
			{
				input: [{ json: { taskId: task.id, reqKey: 'jimeng_t2i_v40' } }],
				cancelWhen: whenCalls(volc, 'getResult', 1).then(
					() => new Promise((resolve) => setTimeout(resolve, 100)),
				),
			},
		);
		expect(result.cancelled).toBe(true);
		expect(volc.count('getResult')).toBe(1);
		const thrown = result.error?.thrown;
		expect(thrown).toBeDefined();
		expect(thrown).not.toBeInstanceOf(NodeApiError);
		expect((thrown as Error).message).toBe(
			`The execution was cancelled while checking task ${task.id}`,
		);
		expect(keptOf(thrown)).toEqual({
			taskId: task.id,
			reqKey: 'jimeng_t2i_v40',
			status: 'unknown',
		});
	});
});
