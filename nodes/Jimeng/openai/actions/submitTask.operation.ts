import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { prepare as prepareGenerate } from './generate.operation';
import { sendImagesCall } from './send';

// The fields are Generate's (generate.operation shows them for Submit Task too).
export const description = [];

/** Reads and checks the item exactly as Generate does; nothing is sent. */
export async function prepare(this: IExecuteFunctions, itemIndex: number) {
	return await prepareGenerate.call(this, itemIndex);
}

/**
 * Sends Generate's paid call and puts out the relay's task (taskId, pollPath) without waiting, for
 * Wait for Result later. A relay that answers with images at once has them put out as Generate does.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	prepared: Awaited<ReturnType<typeof prepare>>,
): Promise<INodeExecutionData[]> {
	return await sendImagesCall(this, itemIndex, prepared, true);
}
