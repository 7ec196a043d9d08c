/**
 * Server-sent events: an incremental parser (chunks may split anywhere, even inside a UTF-8
 * character or between CR and LF) and a reducer for Ark / OpenAI image-generation events.
 * Pure: no n8n imports.
 */

export interface SseEvent {
	/** The `event:` field; absent when the frame had none. */
	event?: string;
	data: string;
	id?: string;
}

export class SseParser {
	private readonly decoder = new TextDecoder('utf-8');

	/**
	 * Pieces of the line still waiting for its line break. Joined once when the break arrives, so a
	 * multi-megabyte `data:` line fed in small chunks costs linear, not quadratic, time.
	 */
	private partialLine: string[] = [];

	/** A CR ended the last chunk: an LF starting the next one belongs to it. */
	private pendingCR = false;

	private eventType: string | undefined;

	private dataLines: string[] = [];

	private id: string | undefined;

	/** Feeds a chunk of the body; returns the events it completed. */
	push(chunk: Uint8Array | string): SseEvent[] {
		const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
		return this.consume(text);
	}

	/** Ends the body: a last frame without its blank line is still delivered. */
	end(): SseEvent[] {
		const events = this.consume(this.decoder.decode());
		if (this.partialLine.length > 0) this.processLine(this.takeLine(''), events);
		this.dispatch(events);
		return events;
	}

	private consume(chunk: string): SseEvent[] {
		let text = chunk;
		if (this.pendingCR && text.startsWith('\n')) text = text.slice(1);
		if (text !== '') this.pendingCR = false;
		const events: SseEvent[] = [];
		const lineBreak = /\r\n|\r|\n/g;
		let lineStart = 0;
		for (let match = lineBreak.exec(text); match; match = lineBreak.exec(text)) {
			// A lone CR at the very end may be the first half of CRLF: decide when more arrives.
			if (match[0] === '\r' && match.index === text.length - 1) this.pendingCR = true;
			this.processLine(this.takeLine(text.slice(lineStart, match.index)), events);
			lineStart = match.index + match[0].length;
		}
		if (lineStart < text.length) this.partialLine.push(text.slice(lineStart));
		return events;
	}

	private takeLine(end: string): string {
		if (this.partialLine.length === 0) return end;
		const line = this.partialLine.join('') + end;
		this.partialLine = [];
		return line;
	}

	private processLine(line: string, events: SseEvent[]): void {
		if (line === '') {
			this.dispatch(events);
			return;
		}
		if (line.startsWith(':')) return; // comment / keep-alive
		const colon = line.indexOf(':');
		const field = colon === -1 ? line : line.slice(0, colon);
		let value = colon === -1 ? '' : line.slice(colon + 1);
		if (value.startsWith(' ')) value = value.slice(1);
		if (field === 'data') this.dataLines.push(value);
		else if (field === 'event') this.eventType = value;
		else if (field === 'id') this.id = value;
		// `retry` and unknown fields are ignored, as the spec says.
	}

	private dispatch(events: SseEvent[]): void {
		if (this.dataLines.length > 0) {
			const event: SseEvent = { data: this.dataLines.join('\n') };
			if (this.eventType !== undefined) event.event = this.eventType;
			if (this.id !== undefined) event.id = this.id;
			events.push(event);
		}
		this.dataLines = [];
		this.eventType = undefined;
	}
}

/** Parses a whole SSE body at once. */
export function parseSse(body: string): SseEvent[] {
	const parser = new SseParser();
	return [...parser.push(body), ...parser.end()];
}

export interface StreamError {
	code?: string;
	message: string;
	type?: string;
}

/** One slot of the result, in `image_index` order: an image or the reason it is missing. */
export interface StreamImage {
	index: number;
	url?: string;
	b64_json?: string;
	size?: string;
	revised_prompt?: string;
	error?: StreamError;
}

export interface ImageStreamState {
	images: StreamImage[];
	usage?: Record<string, unknown>;
	model?: string;
	created?: number;
	/** `data: [DONE]` was seen. */
	done: boolean;
	/** A `*.completed` event was seen (the end of an Ark stream, even without [DONE]). */
	completed: boolean;
	/** A frame that ended the whole stream with an error. */
	fatal?: StreamError;
	/** Frames whose data was not JSON; kept for the error message. */
	malformed: number;
}

export function initialImageStreamState(): ImageStreamState {
	return { images: [], done: false, completed: false, malformed: 0 };
}

function toStreamError(value: unknown, fallback: string): StreamError {
	if (typeof value === 'string') return { message: value };
	const error = (value ?? {}) as Record<string, unknown>;
	const result: StreamError = {
		message: typeof error.message === 'string' && error.message ? error.message : fallback,
	};
	if (error.code !== undefined && error.code !== null) result.code = String(error.code);
	if (typeof error.type === 'string') result.type = error.type;
	return result;
}

function placeImage(state: ImageStreamState, image: StreamImage): void {
	const existing = state.images.findIndex((slot) => slot.index === image.index);
	if (existing === -1) state.images.push(image);
	else state.images[existing] = image;
	state.images.sort((a, b) => a.index - b.index);
}

function nextIndex(state: ImageStreamState): number {
	return state.images.reduce((max, image) => Math.max(max, image.index + 1), 0);
}

/**
 * Folds one event into the state. The event type decides (Ark's SDK: `types/images/image_gen_*_event.py`,
 * `_streaming.py`): `image_generation.partial_succeeded` adds an image at its `image_index`,
 * `partial_failed` records the error in that slot, `completed` carries usage (the billing count) and
 * may carry an error too: both are kept. Any other frame with `error` is fatal. OpenAI: `*.partial_image` previews are skipped, `*.completed` carries the final image and usage.
 * Ark stamps events with `created_at`, OpenAI with `created`.
 */
export function reduceImageEvent(state: ImageStreamState, event: SseEvent): ImageStreamState {
	if (state.done || state.fatal) return state;
	const raw = event.data.trim();
	if (raw === '[DONE]') {
		state.done = true;
		return state;
	}
	let data: Record<string, unknown>;
	try {
		const parsed: unknown = JSON.parse(raw);
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
			throw new Error('not an object');
		data = parsed as Record<string, unknown>;
	} catch {
		state.malformed++;
		return state;
	}
	const type = typeof data.type === 'string' ? data.type : (event.event ?? '');
	if (typeof data.model === 'string') state.model = data.model;
	if (typeof data.created === 'number') state.created = data.created;
	else if (typeof data.created_at === 'number') state.created ??= data.created_at;
	const index = typeof data.image_index === 'number' ? data.image_index : nextIndex(state);

	if (type.endsWith('partial_failed')) {
		placeImage(state, {
			index,
			error: toStreamError(data.error, 'The image failed'),
		});
		return state;
	}
	if (event.event === 'error' || type === 'error' || (data.error && !type.endsWith('.completed'))) {
		state.fatal = toStreamError(data.error ?? data, 'The stream reported an error');
		return state;
	}
	if (type.endsWith('partial_succeeded')) {
		const image: StreamImage = { index };
		if (typeof data.url === 'string') image.url = data.url;
		if (typeof data.b64_json === 'string') image.b64_json = data.b64_json;
		if (typeof data.size === 'string') image.size = data.size;
		if (typeof data.revised_prompt === 'string') image.revised_prompt = data.revised_prompt;
		placeImage(state, image);
		return state;
	}
	if (type.endsWith('.completed')) {
		state.completed = true;
		if (data.usage && typeof data.usage === 'object') {
			state.usage = data.usage as Record<string, unknown>;
		}
		// A completed event with an error ends the stream after its usage was read.
		if (data.error) state.fatal = toStreamError(data.error, 'The generation failed');
		// OpenAI's completed event is the final image itself; Ark's only closes the stream.
		if (typeof data.b64_json === 'string' || typeof data.url === 'string') {
			const image: StreamImage = { index: nextIndex(state) };
			if (typeof data.url === 'string') image.url = data.url;
			if (typeof data.b64_json === 'string') image.b64_json = data.b64_json;
			if (typeof data.size === 'string') image.size = data.size;
			placeImage(state, image);
		}
		return state;
	}
	// partial_image previews and unknown event types carry nothing we keep.
	return state;
}
