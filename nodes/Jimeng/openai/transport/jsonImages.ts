import { B64JsonScanner, placeholderIndex } from '../../images/b64Json';
import type { ImagesResult } from './openaiTypes';

/**
 * A JSON answer read as it streams, its `b64_json` values decoded on the way (see lib/b64Json):
 * the text that comes back holds placeholders instead of the base64.
 */
export async function readJsonAnswer(body: unknown): Promise<{ text: string; images: Buffer[] }> {
	const scanner = new B64JsonScanner();
	if (typeof body === 'string') scanner.push(Buffer.from(body));
	else if (Buffer.isBuffer(body)) scanner.push(body);
	else if (body && typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
		for await (const chunk of body as AsyncIterable<Buffer | string>) {
			scanner.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
		}
	} else if (body !== undefined && body !== null) {
		// A client that parsed the JSON anyway.
		scanner.push(Buffer.from(JSON.stringify(body)));
	}
	return scanner.end();
}

/** Puts the decoded images where their placeholders are. */
export function attachImages(result: ImagesResult, images: Buffer[]): ImagesResult {
	for (const datum of result.data) {
		const index = placeholderIndex(datum.b64_json);
		if (index === undefined || !images[index]) continue;
		datum.bytes = images[index];
		delete datum.b64_json;
	}
	return result;
}
