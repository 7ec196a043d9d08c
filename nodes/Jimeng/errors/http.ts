import type { IDataObject } from 'n8n-workflow';

/**
 * The Node network code (ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET …) behind an error, wherever n8n's
 * and axios' wrapping put it: the error itself, its cause chain, or an AggregateError's errors.
 */
export function networkErrorCode(error: unknown, depth = 0): string | undefined {
	if (!error || typeof error !== 'object' || depth > 5) return undefined;
	const record = error as { code?: unknown; cause?: unknown; errors?: unknown[] };
	if (
		typeof record.code === 'string' &&
		/^(E[A-Z_]+|UND_ERR_[A-Z_]+|ERR_[A-Z_]+)$/.test(record.code)
	) {
		return record.code;
	}
	const nested = networkErrorCode(record.cause, depth + 1);
	if (nested) return nested;
	for (const inner of Array.isArray(record.errors) ? record.errors : []) {
		const code = networkErrorCode(inner, depth + 1);
		if (code) return code;
	}
	return undefined;
}

/** The message of the deepest cause: n8n's wrappers replace the useful text with generic words. */
export function innermostMessage(error: unknown): string {
	let message = error instanceof Error ? error.message : String(error);
	let current: unknown = (error as { cause?: unknown })?.cause;
	for (let depth = 0; current instanceof Error && depth < 5; depth++) {
		message = current.message || message;
		current = (current as { cause?: unknown }).cause;
	}
	return message;
}

/** A response header, whatever its case; the first value of a repeated one. */
export function headerValue(headers: IDataObject | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
	const value = key === undefined ? undefined : headers[key];
	if (Array.isArray(value)) return String(value[0]);
	return value === undefined || value === null ? undefined : String(value);
}

/** A response body as text, whether n8n handed over a string, a Buffer or a stream. */
export async function readBodyText(body: unknown): Promise<string> {
	if (body === undefined || body === null) return '';
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
		const chunks: Buffer[] = [];
		for await (const chunk of body as AsyncIterable<Buffer | string>)
			chunks.push(Buffer.from(chunk));
		return Buffer.concat(chunks).toString('utf8');
	}
	// A client that parsed the JSON anyway.
	return JSON.stringify(body);
}
