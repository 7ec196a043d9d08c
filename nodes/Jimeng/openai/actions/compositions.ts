import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { fail } from '../../errors/errors';
import type { InputImage } from '../../images/inputImages';
import { appendFormValue } from '../transport/multipart';

/**
 * jimeng-api relays (iptag/jimeng-api src/api/routes/images.ts): their /images/generations refuses
 * `size` / `width` / `height` and silently drops `image`, so reference images and edits go to
 * /images/compositions — multipart with repeated `images` files, or JSON `images: [url]` — with
 * the size as `ratio` + `resolution`, 1 to 10 images.
 */
export const COMPOSITIONS_PATH = '/images/compositions';
const MAX_COMPOSITION_IMAGES = 10;

/** Refuses `size` before paying: jimeng-api answers it with an error only after a call is made. */
export function checkJimengApiSize(
	ctx: IExecuteFunctions,
	itemIndex: number,
	body: IDataObject,
): void {
	const found = ['size', 'width', 'height'].filter((key) => body[key] !== undefined);
	if (found.length > 0) {
		fail(
			ctx,
			itemIndex,
			`jimeng-api relays do not take "${found.join('", "')}"`,
			'Set Size to Model Default or Aspect Ratio + Resolution (sent as ratio and resolution).',
		);
	}
}

/** The compositions request: files as repeated `images`, or URLs as JSON `images`. */
export function compositionsRequest(
	ctx: IExecuteFunctions,
	itemIndex: number,
	fields: IDataObject,
	files: InputImage[],
	urls: string[],
): { path: string; body: IDataObject | FormData } {
	checkJimengApiSize(ctx, itemIndex, fields);
	const count = files.length + urls.length;
	if (count < 1 || count > MAX_COMPOSITION_IMAGES) {
		fail(
			ctx,
			itemIndex,
			`jimeng-api compositions take 1 to ${MAX_COMPOSITION_IMAGES} images, not ${count}`,
		);
	}
	if (files.length > 0 && urls.length > 0) {
		fail(
			ctx,
			itemIndex,
			'jimeng-api compositions take either uploaded files or image URLs in one request, not both',
			'Download the URL images first (HTTP Request node) and pass them as binary fields, or use URLs only.',
		);
	}
	if (files.length === 0) {
		return { path: COMPOSITIONS_PATH, body: { ...fields, images: urls } };
	}
	const form = new FormData();
	for (const [key, value] of Object.entries(fields)) appendFormValue(form, key, value);
	for (const file of files) {
		form.append(
			'images',
			new Blob([new Uint8Array(file.buffer)], { type: file.mimeType }),
			file.fileName,
		);
	}
	return { path: COMPOSITIONS_PATH, body: form };
}
