import type { IDataObject } from 'n8n-workflow';

import type { StoredImage } from '../../images/binary';
import type { LayerInfo } from '../layers';
import type { RelayTask } from '../relayTasks';
import type { StreamError } from '../sse';

/** One entry of `data[]`: an image (by URL or base64) or, in Ark batches, why it is missing. */
export interface ImageDatum {
	/** Position in the result; streams may skip indexes. */
	index?: number;
	url?: string;
	b64_json?: string;
	/** The b64_json of a JSON answer, decoded into n8n's binary store while it streamed in. */
	stored?: StoredImage;
	revised_prompt?: string;
	size?: string;
	/** In a layer decomposition answer: the base image (z_index 0) or a layer. */
	layer?: LayerInfo;
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
	/** The relay accepted the call as a task instead of answering images (`data` is empty). */
	task?: RelayTask;
	/** The images came from this relay task. */
	taskId?: string;
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
