import type { SseEvent } from '../nodes/Jimeng/openai/sse';
import {
	SseParser,
	initialImageStreamState,
	parseSse,
	reduceImageEvent,
} from '../nodes/Jimeng/openai/sse';

const ARK_STREAM = [
	'event: image_generation.partial_succeeded',
	'data: {"type":"image_generation.partial_succeeded","model":"doubao-seedream-4-5-251128","created":1757323224,"image_index":0,"url":"https://x/0.jpeg","size":"2048x2048"}',
	'',
	': keep-alive comment',
	'',
	'event: image_generation.partial_failed',
	'data: {"type":"image_generation.partial_failed","model":"doubao-seedream-4-5-251128","created":1757323225,"image_index":1,"error":{"code":"OutputImageSensitiveContentDetected","message":"The generated image may contain sensitive information."}}',
	'',
	'event: image_generation.partial_succeeded',
	'data: {"type":"image_generation.partial_succeeded","model":"doubao-seedream-4-5-251128","created":1757323226,"image_index":2,"b64_json":"AAAA","size":"2048x2048"}',
	'',
	'event: image_generation.completed',
	'data: {"type":"image_generation.completed","model":"doubao-seedream-4-5-251128","created":1757323227,"usage":{"generated_images":2,"output_tokens":32768,"total_tokens":32768}}',
	'',
	'data: [DONE]',
	'',
	'',
].join('\n');

function reduceAll(events: SseEvent[]) {
	const state = initialImageStreamState();
	for (const event of events) reduceImageEvent(state, event);
	return state;
}

describe('SseParser', () => {
	test('whole body: events, comments skipped, [DONE] as data', () => {
		const events = parseSse(ARK_STREAM);
		expect(events.map((e) => e.event ?? '(none)')).toEqual([
			'image_generation.partial_succeeded',
			'image_generation.partial_failed',
			'image_generation.partial_succeeded',
			'image_generation.completed',
			'(none)',
		]);
		expect(events[4].data).toBe('[DONE]');
	});

	test('the same events whatever the chunking, for LF and CRLF bodies and split UTF-8', () => {
		const bodies = [ARK_STREAM, ARK_STREAM.replace(/\n/g, '\r\n'), ARK_STREAM.replace(/\n/g, '\r')];
		const expected = parseSse(ARK_STREAM);
		for (const body of bodies) {
			const bytes = Buffer.from(body.replace('sensitive', '敏感 sensitive'));
			const reference = parseSse(bytes.toString('utf8'));
			expect(reference.map((e) => e.event)).toEqual(expected.map((e) => e.event));
			for (const size of [1, 2, 3, 7, 64]) {
				const parser = new SseParser();
				const events: SseEvent[] = [];
				for (let offset = 0; offset < bytes.length; offset += size) {
					events.push(...parser.push(bytes.subarray(offset, offset + size)));
				}
				events.push(...parser.end());
				expect(events).toEqual(reference);
			}
		}
	});

	test('multi-line data joins with newline; one leading space is stripped; id kept', () => {
		const events = parseSse('id: 7\nevent: x\ndata: {"a":\ndata:  1}\n\n');
		expect(events).toEqual([{ event: 'x', id: '7', data: '{"a":\n 1}' }]);
	});

	test('a last frame without its blank line is delivered at the end', () => {
		const parser = new SseParser();
		expect(parser.push('data: [DONE]')).toEqual([]);
		expect(parser.end()).toEqual([{ data: '[DONE]' }]);
	});

	test('event type does not leak into the next frame', () => {
		expect(parseSse('event: a\ndata: 1\n\ndata: 2\n\n')).toEqual([
			{ event: 'a', data: '1' },
			{ data: '2' },
		]);
	});
});

describe('reduceImageEvent', () => {
	test('Ark stream: images in place, failed slot recorded, usage from completed, stops at [DONE]', () => {
		const events = parseSse(
			`${ARK_STREAM}event: image_generation.partial_succeeded\ndata: {"type":"image_generation.partial_succeeded","image_index":9,"url":"late"}\n\n`,
		);
		const state = reduceAll(events);
		expect(state.done).toBe(true);
		expect(state.fatal).toBeUndefined();
		expect(state.model).toBe('doubao-seedream-4-5-251128');
		expect(state.usage).toEqual({ generated_images: 2, output_tokens: 32768, total_tokens: 32768 });
		expect(state.images).toEqual([
			{ index: 0, url: 'https://x/0.jpeg', size: '2048x2048' },
			{
				index: 1,
				error: {
					code: 'OutputImageSensitiveContentDetected',
					message: 'The generated image may contain sensitive information.',
				},
			},
			{ index: 2, b64_json: 'AAAA', size: '2048x2048' },
		]);
	});

	test('an error frame is fatal and keeps the images before it', () => {
		const state = reduceAll(
			parseSse(
				[
					'event: image_generation.partial_succeeded',
					'data: {"type":"image_generation.partial_succeeded","image_index":0,"url":"u0"}',
					'',
					'event: error',
					'data: {"error":{"code":"InternalServiceError","message":"boom"}}',
					'',
					'event: image_generation.partial_succeeded',
					'data: {"type":"image_generation.partial_succeeded","image_index":1,"url":"u1"}',
					'',
				].join('\n'),
			),
		);
		expect(state.fatal).toEqual({ code: 'InternalServiceError', message: 'boom' });
		expect(state.images).toEqual([{ index: 0, url: 'u0' }]);
	});

	test('a data object with error but no event name is fatal too', () => {
		const state = reduceAll(
			parseSse('data: {"error":{"message":"quota","code":"AccountOverdueError"}}\n\n'),
		);
		expect(state.fatal).toEqual({ code: 'AccountOverdueError', message: 'quota' });
	});

	test('OpenAI stream: partial previews skipped, completed holds the image and usage', () => {
		const state = reduceAll(
			parseSse(
				[
					'event: image_generation.partial_image',
					'data: {"type":"image_generation.partial_image","b64_json":"cHJldmlldw==","partial_image_index":0}',
					'',
					'event: image_generation.completed',
					'data: {"type":"image_generation.completed","b64_json":"ZmluYWw=","usage":{"total_tokens":9}}',
					'',
				].join('\n'),
			),
		);
		expect(state.images).toEqual([{ index: 0, b64_json: 'ZmluYWw=' }]);
		expect(state.usage).toEqual({ total_tokens: 9 });
	});

	test('non-JSON frames are counted, not fatal', () => {
		const state = reduceAll(parseSse('data: {"type":\n\ndata: hello\n\n'));
		expect(state.malformed).toBe(2);
		expect(state.fatal).toBeUndefined();
	});
});

describe('issue 10 fix 5: Ark events are read by type; a completed event keeps its usage', () => {
	const fold = (frames: SseEvent[]) => {
		const state = initialImageStreamState();
		for (const frame of frames) reduceImageEvent(state, frame);
		return state;
	};

	it('a completed event carrying both error and usage keeps the billing count and reports the error', () => {
		const state = fold([
			{
				event: 'image_generation.partial_succeeded',
				data: '{"type":"image_generation.partial_succeeded","image_index":0,"url":"https://x/0.jpeg","created_at":1757323224}',
			},
			{
				event: 'image_generation.completed',
				data: '{"type":"image_generation.completed","error":{"code":"InternalServiceError","message":"stopped"},"usage":{"generated_images":1,"output_tokens":16384,"total_tokens":16384},"created_at":1757323230}',
			},
		]);
		expect(state.usage).toEqual({ generated_images: 1, output_tokens: 16384, total_tokens: 16384 });
		expect(state.fatal).toEqual({ code: 'InternalServiceError', message: 'stopped' });
		expect(state.completed).toBe(true);
		expect(state.images).toEqual([{ index: 0, url: 'https://x/0.jpeg' }]);
	});

	it('reads created_at (Ark) when there is no created (OpenAI)', () => {
		const state = fold([
			{
				data: '{"type":"image_generation.partial_succeeded","image_index":0,"url":"https://x/0.jpeg","created_at":1757323224}',
			},
		]);
		expect(state.created).toBe(1757323224);
	});

	it('partial_failed marks its slot only; an error event is fatal', () => {
		const state = fold([
			{
				event: 'image_generation.partial_failed',
				data: '{"type":"image_generation.partial_failed","image_index":0,"error":{"code":"OutputImageSensitiveContentDetected","message":"no"}}',
			},
		]);
		expect(state.fatal).toBeUndefined();
		expect(state.images[0].error?.code).toBe('OutputImageSensitiveContentDetected');
		const fatal = fold([{ event: 'error', data: '{"error":{"code":"x","message":"boom"}}' }]);
		expect(fatal.fatal).toEqual({ code: 'x', message: 'boom' });
	});
});
