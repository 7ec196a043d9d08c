/**
 * A bounded hand-over of byte blocks from a producer (the answer being decoded) to a consumer (n8n's
 * binary store reading a stream). The producer waits in `room()` while more than `limitBytes` are
 * queued, so a slow disk slows the download instead of filling memory. Pure.
 */
export class ChunkQueue implements AsyncIterable<Buffer> {
	private chunks: Buffer[] = [];
	private queuedBytes = 0;
	private ended = false;
	private failure: Error | undefined;
	/** The consumer stopped reading (it finished, failed or was destroyed): drop what comes. */
	private closed = false;
	private wakeReader: (() => void) | undefined;
	private wakeWriter: (() => void) | undefined;

	constructor(private readonly limitBytes = 256 * 1024) {}

	push(chunk: Buffer): void {
		if (this.closed || this.ended || chunk.length === 0) return;
		this.chunks.push(chunk);
		this.queuedBytes += chunk.length;
		this.wake('reader');
	}

	end(): void {
		this.ended = true;
		this.wake('reader');
	}

	fail(error: Error): void {
		this.failure = error;
		this.wake('reader');
	}

	close(): void {
		this.closed = true;
		this.chunks = [];
		this.queuedBytes = 0;
		this.wake('writer');
	}

	/** Resolves once the queue has room again (or nobody reads any more). */
	async room(): Promise<void> {
		while (!this.closed && this.queuedBytes > this.limitBytes) {
			await new Promise<void>((resolve) => (this.wakeWriter = resolve));
		}
	}

	private wake(who: 'reader' | 'writer'): void {
		const wake = who === 'reader' ? this.wakeReader : this.wakeWriter;
		if (who === 'reader') this.wakeReader = undefined;
		else this.wakeWriter = undefined;
		wake?.();
	}

	async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
		try {
			while (true) {
				const chunk = this.chunks.shift();
				if (chunk) {
					this.queuedBytes -= chunk.length;
					this.wake('writer');
					yield chunk;
					continue;
				}
				if (this.failure) throw this.failure;
				if (this.ended || this.closed) return;
				await new Promise<void>((resolve) => (this.wakeReader = resolve));
			}
		} finally {
			this.close();
		}
	}
}
