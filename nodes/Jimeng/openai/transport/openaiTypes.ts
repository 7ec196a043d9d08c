import type { IDataObject } from 'n8n-workflow';

import type { StreamError } from '../sse';

/** One entry of `data[]`: an image (by URL or base64) or, in Ark batches, why it is missing. */
export interface ImageDatum {
	/** Position in the result; streams may skip indexes. */
	index?: number;
	url?: string;
	b64_json?: string;
	/** The decoded b64_json of a JSON answer (decoded while it streamed in). */
	bytes?: Buffer;
	revised_prompt?: string;
	size?: string;
	error?: StreamError;
}

export interface ImagesResult {
	created?: number;
	model?: string;
	usage?: IDataObject;
	/** A cost the upstream stated itself. */
	upstreamCost?: { amount: number; currency?: string };
	data: ImageDatum[];
	/** A streamed generation stopped with an error after these images. */
	fatal?: StreamError;
}

export interface ImagesRequest {
	/** Path under the base URL, e.g. `/images/generations`. */
	path: string;
	/** A JSON body, or a multipart form. */
	body: IDataObject | FormData;
	stream: boolean;
	timeoutMs: number;
	itemIndex: number;
}
