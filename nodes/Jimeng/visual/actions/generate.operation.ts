import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { submitAndResultOptionsProperty, submitProperties, timeoutProperty } from './properties';
import { type SubmitAndWaitRequest, prepareSubmitAndWait, submitAndWait } from './submitAndWait';

const properties: INodeProperties[] = [
	...submitProperties('generate'),
	timeoutProperty,
	submitAndResultOptionsProperty(),
];

export const description = updateDisplayOptions(
	{ show: { operation: ['generate'] } },
	properties,
);

export async function prepare(this: IExecuteFunctions, itemIndex: number) {
	return await prepareSubmitAndWait(this, itemIndex, 'generate');
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	prepared: SubmitAndWaitRequest,
): Promise<INodeExecutionData[]> {
	return await submitAndWait(this, itemIndex, prepared);
}
