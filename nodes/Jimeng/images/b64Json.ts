/**
 * Reads a JSON answer as it streams and decodes every base64 string value of the given keys on the
 * way (`"b64_json": "…"`, or an array of strings such as `"binary_data_base64": ["…", "…"]`), in
 * blocks, so the JSON text, the base64 string and the image bytes are never all held at once.
 * What remains is the JSON with each such value replaced by a short placeholder, small enough to
 * parse as usual. Pure: bytes in, text and Buffers (or blocks handed to a sink) out.
 */

/** Placeholder text of the n-th decoded value; a NUL never occurs in base64. */
const PREFIX = '\u0000b64:';
export const b64Placeholder = (index: number) => `${PREFIX}${index}`;

/** The image index a placeholder stands for, or undefined for any other string. */
export function placeholderIndex(value: unknown): number | undefined {
	if (typeof value !== 'string' || !value.startsWith(PREFIX)) return undefined;
	const digits = value.slice(PREFIX.length);
	return /^\d+$/.test(digits) ? Number(digits) : undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
/** Keys are recognised from a string's first bytes; longer strings are not keys we look for. */
const MAX_KEY_LENGTH = 32;
/** Base64 characters gathered before each decode (a multiple of 4). */
const DECODE_BLOCK = 64 * 1024;

const isSpace = (byte: number) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

type State =
	| 'outside'
	| 'string'
	| 'stringEscape'
	| 'afterKey'
	| 'afterColon'
	| 'arrayBefore'
	| 'arrayAfter'
	| 'value'
	| 'valueEscape';

/**
 * Receives each image's bytes in blocks as they are decoded, instead of the scanner keeping them.
 * `ordinal` counts the decoded values in the order they appear (the placeholder's number).
 */
export interface DecodedImageSink {
	start(ordinal: number): void;
	write(ordinal: number, bytes: Buffer): void;
	end(ordinal: number): void;
	/** The answer ended inside this value: the image is incomplete. */
	truncated(ordinal: number): void;
}

export class B64JsonScanner {
	private state: State = 'outside';
	/** The current string's first bytes, to recognise a key. */
	private key = Buffer.alloc(MAX_KEY_LENGTH);
	private keyLength = 0;
	private readonly keys: Buffer[];
	private text: Buffer[] = [];
	private images: Buffer[] = [];
	private ordinal = 0;
	private parts: Buffer[] = [];
	private pending = Buffer.alloc(DECODE_BLOCK);
	private pendingLength = 0;
	private inArray = false;

	constructor(
		keys: string[] = ['b64_json'],
		private readonly sink?: DecodedImageSink,
	) {
		this.keys = keys.map((key) => Buffer.from(key));
	}

	private isKey(): boolean {
		return this.keys.some(
			(key) =>
				key.length === this.keyLength && key.equals(this.key.subarray(0, this.keyLength)),
		);
	}

	private startValue(chunk: Buffer, quoteAt: number, flushText: (end: number) => void): number {
		// Keep the opening quote, drop the value: the placeholder goes in its place.
		flushText(quoteAt + 1);
		this.state = 'value';
		this.sink?.start(this.ordinal);
		return this.scanValue(chunk, quoteAt + 1);
	}

	push(chunk: Buffer): void {
		let copyFrom = 0;
		const flushText = (end: number) => {
			if (end > copyFrom) this.text.push(Buffer.from(chunk.subarray(copyFrom, end)));
		};
		for (let i = 0; i < chunk.length; i++) {
			const byte = chunk[i];
			switch (this.state) {
				case 'outside':
					if (byte === QUOTE) {
						this.state = 'string';
						this.keyLength = 0;
					}
					break;
				case 'string':
					if (byte === BACKSLASH) {
						this.state = 'stringEscape';
						this.keyLength = MAX_KEY_LENGTH + 1;
					} else if (byte === QUOTE) {
						this.state = this.isKey() ? 'afterKey' : 'outside';
					} else {
						if (this.keyLength < MAX_KEY_LENGTH) this.key[this.keyLength] = byte;
						this.keyLength++;
					}
					break;
				case 'stringEscape':
					this.state = 'string';
					break;
				case 'afterKey':
					if (byte === COLON) this.state = 'afterColon';
					else if (!isSpace(byte)) this.state = 'outside';
					break;
				case 'afterColon':
				case 'arrayBefore':
					if (byte === QUOTE) {
						this.inArray = this.state === 'arrayBefore';
						copyFrom = this.startValue(chunk, i, flushText);
						i = copyFrom - 1;
					} else if (byte === 0x5b && this.state === 'afterColon') {
						this.state = 'arrayBefore';
					} else if (!isSpace(byte)) {
						this.state = 'outside';
					}
					break;
				case 'arrayAfter':
					if (byte === 0x2c) this.state = 'arrayBefore';
					else if (!isSpace(byte)) this.state = 'outside';
					break;
				case 'value':
				case 'valueEscape':
					copyFrom = this.scanValue(chunk, i);
					i = copyFrom - 1;
					break;
			}
		}
		if (this.state === 'value' || this.state === 'valueEscape') return;
		flushText(chunk.length);
	}

	/**
	 * Consumes base64 from `start` up to and including the closing quote; returns the index just
	 * past what it consumed. On the closing quote the image ends and its placeholder goes to the text.
	 */
	private scanValue(chunk: Buffer, start: number): number {
		let i = start;
		while (i < chunk.length) {
			if (this.state === 'valueEscape') {
				// JSON may escape "/" as "\/"; other escapes (line breaks) carry no base64.
				if (chunk[i] === 0x2f) this.addBase64(chunk, i, i + 1);
				this.state = 'value';
				i++;
				continue;
			}
			let end = i;
			while (end < chunk.length && chunk[end] !== QUOTE && chunk[end] !== BACKSLASH) end++;
			this.addBase64(chunk, i, end);
			if (end === chunk.length) return end;
			if (chunk[end] === BACKSLASH) {
				this.state = 'valueEscape';
				i = end + 1;
				continue;
			}
			this.endImage();
			this.state = this.inArray ? 'arrayAfter' : 'outside';
			return end + 1;
		}
		return i;
	}

	private addBase64(chunk: Buffer, start: number, end: number): void {
		let from = start;
		while (from < end) {
			const take = Math.min(end - from, DECODE_BLOCK - this.pendingLength);
			chunk.copy(this.pending, this.pendingLength, from, from + take);
			this.pendingLength += take;
			from += take;
			if (this.pendingLength === DECODE_BLOCK) this.decodePending(DECODE_BLOCK);
		}
	}

	private decodePending(length: number): void {
		if (length === 0) return;
		const bytes = Buffer.from(this.pending.toString('latin1', 0, length), 'base64');
		if (this.sink) this.sink.write(this.ordinal, bytes);
		else this.parts.push(bytes);
		this.pending.copy(this.pending, 0, length, this.pendingLength);
		this.pendingLength -= length;
	}

	private endImage(): void {
		this.decodePending(this.pendingLength);
		// The placeholder as JSON string content, and the closing quote.
		this.text.push(Buffer.from(JSON.stringify(b64Placeholder(this.ordinal)).slice(1)));
		if (this.sink) {
			this.sink.end(this.ordinal);
		} else {
			this.images.push(this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts));
			this.parts = [];
		}
		this.ordinal++;
	}

	/** The JSON text with placeholders, and the decoded images in the order they appeared (none with a sink). */
	end(): { text: string; images: Buffer[] } {
		if (this.state === 'value' || this.state === 'valueEscape') {
			// A truncated answer: keep what arrived so the JSON error shows, drop the partial image.
			this.parts = [];
			this.pendingLength = 0;
			this.sink?.truncated(this.ordinal);
		}
		const text = Buffer.concat(this.text).toString('utf8');
		this.text = [];
		return { text, images: this.images };
	}
}
