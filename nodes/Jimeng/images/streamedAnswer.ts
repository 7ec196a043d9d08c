import { B64JsonScanner, type DecodedImageSink } from './b64Json';
import { ChunkQueue } from './chunkQueue';

/** Enough of an image to read a PNG header or, usually, a JPEG frame header. */
export const SNIFF_BYTES = 64 * 1024;

/** What n8n's binary store reads: a Node Readable made from the decoded blocks. */
export type ImageStream = NodeJS.ReadableStream;

interface ReadableClass {
	from(iterable: AsyncIterable<Buffer>, options?: { objectMode?: boolean }): ImageStream;
}

/**
 * The Readable class of a Node stream. Community nodes may not import `node:stream`, and n8n's
 * binary store wants a Readable, so it is taken from the answer's body, which is one.
 */
export function readableClassOf(stream: unknown): ReadableClass | undefined {
	let proto: unknown = stream && typeof stream === 'object' ? Object.getPrototypeOf(stream) : null;
	while (proto) {
		const ctor = (proto as { constructor?: { name?: string; from?: unknown } }).constructor;
		if (ctor?.name === 'Readable' && typeof ctor.from === 'function') return ctor as ReadableClass;
		proto = Object.getPrototypeOf(proto);
	}
	return undefined;
}

/**
 * Stores one image. `head` is its first bytes (at least SNIFF_BYTES unless the image is smaller);
 * `data` is the whole image: a Buffer when it is small or the body was not a stream, else a stream
 * that starts with `head`.
 */
export type StoreImage<T> = (ordinal: number, head: Buffer, data: Buffer | ImageStream) => Promise<T>;


/**
 * Reads a JSON answer, decoding the base64 values of `keys` as they stream and handing each image
 * to `store` as a stream while it arrives, so at most about one queue (256 KB) of each image is in
 * memory here, whatever its size. Returns the JSON text with placeholders and what `store` returned,
 * by placeholder number (a value the answer broke off in has no entry).
 */
export async function readAnswerStoringImages<T>(
	body: unknown,
	keys: string[],
	store: StoreImage<T>,
): Promise<{ text: string; stored: Array<T | undefined> }> {
	const Readable = readableClassOf(body);
	const stored: Array<Promise<T> | undefined> = [];
	let storeFailure: unknown;
	/** Images the answer broke off in: their bytes are lost, the JSON text shows the truncation. */
	const truncated = new Set<number>();
	let open: { ordinal: number; head: Buffer[]; headBytes: number; queue?: ChunkQueue } | undefined;

	const startStore = (ordinal: number, head: Buffer, data: Buffer | ImageStream, queue?: ChunkQueue) => {
		const promise = store(ordinal, head, data);
		promise.catch((error: unknown) => {
			queue?.close();
			if (!truncated.has(ordinal) && storeFailure === undefined) storeFailure = error;
		});
		stored[ordinal] = promise;
	};

	const sink: DecodedImageSink = {
		start: (ordinal) => (open = { ordinal, head: [], headBytes: 0 }),
		write: (_ordinal, bytes) => {
			if (!open) return;
			if (open.queue) return open.queue.push(bytes);
			open.head.push(bytes);
			open.headBytes += bytes.length;
			if (!Readable || open.headBytes < SNIFF_BYTES) return;
			const head = Buffer.concat(open.head);
			open.head = [];
			const queue = new ChunkQueue();
			open.queue = queue;
			async function* imageBytes() {
				yield head;
				yield* queue;
			}
			startStore(open.ordinal, head, Readable.from(imageBytes(), { objectMode: false }), queue);
		},
		end: (ordinal) => {
			if (open?.queue) open.queue.end();
			else if (open) {
				const whole = Buffer.concat(open.head);
				startStore(ordinal, whole.subarray(0, SNIFF_BYTES), whole);
			}
			open = undefined;
		},
		truncated: (ordinal) => {
			truncated.add(ordinal);
			open?.queue?.fail(new Error('The answer ended inside an image'));
			open = undefined;
		},
	};

	const scanner = new B64JsonScanner(keys, sink);
	let broken: { error: unknown } | undefined;
	try {
		if (typeof body === 'string') scanner.push(Buffer.from(body));
		else if (Buffer.isBuffer(body)) scanner.push(body);
		else if (body && typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
			for await (const chunk of body as AsyncIterable<Buffer | string>) {
				scanner.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
				// A slow binary store slows the reading, so the queue stays bounded.
				if (open?.queue) await open.queue.room();
			}
		} else if (body !== undefined && body !== null) {
			// A client that parsed the JSON anyway.
			scanner.push(Buffer.from(JSON.stringify(body)));
		}
	} catch (error) {
		broken = { error };
	}
	if (broken) {
		// The answer broke off: end the image being written and let every store settle first, then
		// hand the failure to the callers, which wrap it in a node error.
		const { error } = broken;
		open?.queue?.fail(error instanceof Error ? error : new Error(String(error)));
		await Promise.allSettled(stored);
		throw error;
	}
	const { text } = scanner.end();
	const settled = await Promise.allSettled(stored.map(async (promise) => await promise));
	if (storeFailure !== undefined) throw storeFailure;
	return {
		text,
		stored: settled.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : undefined)),
	};
}
