import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fail } from '../../helpers/errors';
import {
	EDIT_REQ_KEY,
	type EditTaskRequest,
	editTaskRequest,
	imageInputProperties,
	integerOption,
	readEditImages,
	runEditTask,
	waitAndResultProperties,
} from './editTask';

const RESOLUTIONS = ['4k', '8k'];

const properties: INodeProperties[] = [
	{
		displayName: 'Resolution',
		name: 'upscaleResolution',
		type: 'options',
		options: [
			{ name: '4K', value: '4k' },
			{ name: '8K', value: '8k' },
		],
		default: '4k',
		description:
			'Target resolution. The input may be at most 4096×4096 and 4.7 MB, with an aspect ratio from 1:3 to 3:1.',
	},
	...imageInputProperties(false),
	...waitAndResultProperties([
		{
			displayName: 'Detail (Scale)',
			name: 'upscaleScale',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 0 },
			default: 50,
			description: 'How much new detail to generate, 0 to 100. Unset, the service uses 50.',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['volcengine'], operation: ['upscale'] } },
	properties,
);

/** Reads and checks the item (one image within the limits, the resolution); nothing is sent. */
export async function prepare(this: IExecuteFunctions, itemIndex: number) {
	const resolution = String(this.getNodeParameter('upscaleResolution', itemIndex, '4k'));
	if (!RESOLUTIONS.includes(resolution)) {
		fail(this, itemIndex, `Resolution must be 4k or 8k, not "${resolution.slice(0, 20)}"`);
	}
	const reqKey = EDIT_REQ_KEY.upscale;
	const body: Record<string, unknown> = {
		req_key: reqKey,
		...(await readEditImages(this, itemIndex, reqKey, false)),
		resolution,
	};
	const scale = integerOption(this, itemIndex, 'upscaleScale', 'Detail (Scale)', {
		min: 0,
		max: 100,
	});
	if (scale !== undefined) body.scale = scale;
	return editTaskRequest(this, itemIndex, reqKey, body as EditTaskRequest['body']);
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	request: EditTaskRequest,
): Promise<INodeExecutionData[]> {
	return await runEditTask(this, itemIndex, request);
}
