import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { submitAndResultOptionsProperty, submitProperties, timeoutProperty } from './properties';
import { type SubmitAndWaitRequest, prepareSubmitAndWait, submitAndWait } from './submitAndWait';

const properties: INodeProperties[] = [
	...submitProperties('edit'),
	timeoutProperty,
	submitAndResultOptionsProperty(),
];

export const description = updateDisplayOptions(
	{ show: { operation: ['edit'] } },
	properties,
);

export async function prepare(this: IExecuteFunctions, itemIndex: number) {
	return await prepareSubmitAndWait(this, itemIndex, 'edit');
}

/** Image to image: Jimeng 3.0 i2i with one image (binary or URL), or Jimeng 4.0 with image URLs. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	prepared: SubmitAndWaitRequest,
): Promise<INodeExecutionData[]> {
	return await submitAndWait(this, itemIndex, prepared);
}
