import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { submitTask } from '../transport/volcengine';
import { submitOptionsProperty, submitProperties } from './properties';
import { buildSubmitRequest } from './submitBody';

const properties: INodeProperties[] = [...submitProperties('submitTask'), submitOptionsProperty()];

export const description = updateDisplayOptions(
	{ show: { operation: ['submitTask'] } },
	properties,
);

export async function prepare(this: IExecuteFunctions, itemIndex: number) {
	return await buildSubmitRequest(this, itemIndex, 'submitTask');
}

/**
 * Submits the task and outputs its id without waiting, for workflows that wait with n8n's Wait node
 * (long tasks, queue mode). Feed the item into "Wait for Result".
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ reqKey, body }: Awaited<ReturnType<typeof prepare>>,
): Promise<INodeExecutionData[]> {
	const task = await submitTask.call(this, body, itemIndex);
	this.logger.info(`Jimeng: submitted task ${task.taskId} (${reqKey}) for item ${itemIndex}`);
	return [
		{
			json: { taskId: task.taskId, reqKey, requestId: task.requestId ?? null },
			pairedItem: { item: itemIndex },
		},
	];
}
