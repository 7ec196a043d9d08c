import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { sniffImage, type ImageInfo } from './imageInfo';

type BinaryInput = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];

export interface ImageOutput {
	itemIndex: number;
	/** The image, whole or as a stream that n8n writes to its binary store. */
	data: BinaryInput;
	/** The first bytes of a streamed image, to tell what it is. */
	head?: Buffer;
	binaryPropertyName: string;
	/** File name without extension; the extension comes from the bytes. */
	fileBaseName: string;
	json: IDataObject;
}

/** An image already in n8n's binary store (written while its answer streamed in). */
export interface StoredImage {
	binary: IBinaryData;
	info?: ImageInfo;
}

function labelOf(head: Buffer) {
	const info = sniffImage(head);
	return {
		info,
		extension: info?.extension ?? 'bin',
		mimeType: info?.mimeType ?? 'application/octet-stream',
	};
}

/**
 * Writes one image into n8n's binary store, labelled by its first bytes. A stream is written as it
 * arrives (to disk in filesystem mode); the file name is set once the output item is known.
 */
export async function storeImage(
	ctx: IExecuteFunctions,
	head: Buffer,
	data: BinaryInput | NodeJS.ReadableStream,
	fileBaseName = 'jimeng',
): Promise<StoredImage> {
	const { info, extension, mimeType } = labelOf(head);
	// A Readable, made from the answer's own Readable class (see streamedAnswer).
	const input = data as BinaryInput;
	const binary = await ctx.helpers.prepareBinaryData(input, `${fileBaseName}.${extension}`, mimeType);
	return { binary, info };
}

/** The output item of an image already stored. */
export function storedImageItem(
	stored: StoredImage,
	output: Omit<ImageOutput, 'data' | 'head'>,
): INodeExecutionData {
	const { info } = stored;
	const extension = info?.extension ?? 'bin';
	const mimeType = info?.mimeType ?? 'application/octet-stream';
	const fileName = `${output.fileBaseName}.${extension}`;
	const json: IDataObject = { ...output.json, mimeType, fileName };
	if (info?.width !== undefined) json.width = info.width;
	if (info?.height !== undefined) json.height = info.height;
	return {
		json,
		binary: { [output.binaryPropertyName]: { ...stored.binary, fileName } },
		pairedItem: { item: output.itemIndex },
	};
}

/** One output item holding one image, labelled by what its bytes are, not by what anyone claimed. */
export async function imageOutputItem(
	ctx: IExecuteFunctions,
	image: ImageOutput,
): Promise<INodeExecutionData> {
	const stored = await storeImage(
		ctx,
		image.head ?? (image.data as Buffer),
		image.data,
		image.fileBaseName,
	);
	return storedImageItem(stored, image);
}
