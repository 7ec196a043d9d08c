import type { IExecuteFunctions } from 'n8n-workflow';

import { fail } from '../errors/errors';
import { sniffImage } from './imageInfo';

export interface InputImage {
	buffer: Buffer;
	mimeType: string;
	fileName: string;
	extension: string;
	width?: number;
	height?: number;
}

/**
 * Reads an image from the input item's binary property and checks it really is one, so a bad
 * input fails here, before anything is sent to a paid endpoint.
 */
export async function readInputImage(
	ctx: IExecuteFunctions,
	itemIndex: number,
	binaryPropertyName: string,
	options: { maxBytes?: number } = {},
): Promise<InputImage> {
	const name = binaryPropertyName.trim();
	const binary = ctx.getInputData()[itemIndex]?.binary?.[name];
	if (!binary) {
		fail(
			ctx,
			itemIndex,
			`The input item has no binary property "${name}"`,
			'Check the binary property name: it must match the name of the binary data on the incoming item (for example "data").',
		);
	}
	const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, name);
	const info = sniffImage(buffer);
	if (!info) {
		fail(
			ctx,
			itemIndex,
			`The binary property "${name}" is not a PNG, JPEG, WebP or GIF image`,
			`Its MIME type is "${binary.mimeType}".`,
		);
	}
	if (options.maxBytes !== undefined && buffer.length > options.maxBytes) {
		const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
		fail(
			ctx,
			itemIndex,
			`The image in "${name}" is ${mb(buffer.length)} MB; the limit is ${mb(options.maxBytes)} MB`,
		);
	}
	return {
		buffer,
		mimeType: info.mimeType,
		extension: info.extension,
		fileName: binary.fileName ?? `${name}.${info.extension}`,
		width: info.width,
		height: info.height,
	};
}

export function toDataUri(buffer: Buffer, mimeType: string): string {
	return `data:${mimeType};base64,${buffer.toString('base64')}`;
}

/** Splits "data, image2" into ["data", "image2"]. */
export function splitPropertyNames(value: string): string[] {
	return value
		.split(',')
		.map((name) => name.trim())
		.filter((name) => name !== '');
}
