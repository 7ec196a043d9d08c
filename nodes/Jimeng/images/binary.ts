import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { sniffImage } from './imageInfo';

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

/** One output item holding one image, labelled by what its bytes are, not by what anyone claimed. */
export async function imageOutputItem(
	ctx: IExecuteFunctions,
	image: ImageOutput,
): Promise<INodeExecutionData> {
	const info = sniffImage(image.head ?? (image.data as Buffer));
	const extension = info?.extension ?? 'bin';
	const mimeType = info?.mimeType ?? 'application/octet-stream';
	const fileName = `${image.fileBaseName}.${extension}`;
	const binaryData = await ctx.helpers.prepareBinaryData(image.data, fileName, mimeType);
	const json: IDataObject = { ...image.json, mimeType, fileName };
	if (info?.width !== undefined) json.width = info.width;
	if (info?.height !== undefined) json.height = info.height;
	return {
		json,
		binary: { [image.binaryPropertyName]: binaryData },
		pairedItem: { item: image.itemIndex },
	};
}
