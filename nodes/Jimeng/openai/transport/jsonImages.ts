import { placeholderIndex } from '../../images/b64Json';
import type { StoredImage } from '../../images/binary';
import { readAnswerStoringImages, type StoreImage } from '../../images/streamedAnswer';
import type { ImagesResult } from './openaiTypes';

/**
 * A JSON answer read as it streams, its `b64_json` values decoded on the way and handed to `store`
 * (n8n's binary store) while they arrive (see images/streamedAnswer): the text that comes back holds
 * placeholders instead of the base64, and no image is held whole here.
 */
export async function readJsonAnswer(
	body: unknown,
	store: StoreImage<StoredImage>,
): Promise<{ text: string; stored: Array<StoredImage | undefined> }> {
	return await readAnswerStoringImages(body, ['b64_json'], store);
}

/** Puts the stored images where their placeholders are. */
export function attachImages(
	result: ImagesResult,
	stored: Array<StoredImage | undefined>,
): ImagesResult {
	for (const datum of result.data ?? []) {
		const index = placeholderIndex(datum.b64_json);
		if (index === undefined) continue;
		delete datum.b64_json;
		const image = stored[index];
		if (image) datum.stored = image;
	}
	return result;
}
