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

/** The prompt the service reads as "remove what the mask covers" (official page 85621/1976207). */
export const REMOVE_PROMPT = '删除';

const properties: INodeProperties[] = [
	{
		displayName: 'Mode',
		name: 'inpaintMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Redraw the Masked Region',
				value: 'redraw',
				description: 'Paint what the prompt describes where the mask is white',
			},
			{
				name: 'Remove the Masked Region',
				value: 'remove',
				description: 'Erase what the mask covers and fill in the background (prompt "删除")',
			},
		],
		default: 'redraw',
	},
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		placeholder: 'e.g. a red vase with white flowers',
		displayOptions: { show: { inpaintMode: ['redraw'] } },
		description:
			'What to paint in the masked region, in Chinese or English. Put new text to write in the image in “quotes”.',
	},
	...imageInputProperties({}),
	...waitAndResultProperties([
		{
			displayName: 'Seed',
			name: 'seed',
			type: 'number',
			default: 101,
			description:
				'Same seed and inputs give the same result; -1 picks a random one. Unset, the service uses 101.',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['volcengine'], operation: ['inpaint'] } },
	properties,
);

/** Reads and checks the item (image, mask of the same size, prompt); nothing is sent. */
export async function prepare(this: IExecuteFunctions, itemIndex: number) {
	const mode = this.getNodeParameter('inpaintMode', itemIndex, 'redraw') as string;
	const prompt =
		mode === 'remove'
			? REMOVE_PROMPT
			: String(this.getNodeParameter('prompt', itemIndex, '') ?? '').trim();
	if (prompt === '') {
		fail(
			this,
			itemIndex,
			'The prompt is empty',
			'Say what to paint in the masked region, or choose the mode Remove the Masked Region.',
		);
	}
	const reqKey = EDIT_REQ_KEY.inpaint;
	const body = {
		req_key: reqKey,
		...(await readEditImages(this, itemIndex, reqKey, true)),
		prompt,
	} as Record<string, unknown>;
	const seed = integerOption(this, itemIndex, 'seed', 'Seed', {
		min: -1,
		max: Number.MAX_SAFE_INTEGER,
	});
	if (seed !== undefined) body.seed = seed;
	return editTaskRequest(this, itemIndex, reqKey, body as EditTaskRequest['body']);
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	request: EditTaskRequest,
): Promise<INodeExecutionData[]> {
	return await runEditTask(this, itemIndex, request);
}
