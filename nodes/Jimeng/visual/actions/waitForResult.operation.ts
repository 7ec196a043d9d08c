import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fail } from '../../errors/errors';
import { resultOptionsProperty, timeoutProperty } from './properties';
import {
	checkTaskOnce,
	imagesToItems,
	readResultSettings,
	readTimeoutSeconds,
	waitForTask,
} from './result';

const properties: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		required: true,
		default: '={{ $json.taskId }}',
		description: 'The task ID from Submit Task (or from a timed-out Generate), kept as text',
	},
	{
		// Not named "model": an expression here would make n8n show every field that depends on the
		// Model dropdown of the other operations (displayOptions treat expressions as matching).
		displayName: 'Model of the Task',
		name: 'taskModel',
		type: 'string',
		required: true,
		default: '={{ $json.reqKey }}',
		placeholder: 'e.g. jimeng_t2i_v40',
		description: 'The req_key the task was submitted with',
	},
	{
		displayName: 'Mode',
		name: 'waitMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Wait Until Done',
				value: 'wait',
				description: 'Poll until the images are ready (or the timeout), then output them',
			},
			{
				name: 'Check Once',
				value: 'checkOnce',
				description:
					'Look once and output the status with a "done" flag, for loops built with Wait and If nodes',
			},
		],
		default: 'wait',
	},
	{ ...timeoutProperty, displayOptions: { show: { waitMode: ['wait'] } } },
	resultOptionsProperty(),
];

export const description = updateDisplayOptions(
	{ show: { operation: ['waitForResult'] } },
	properties,
);

function textParameter(
	ctx: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
): string {
	const value = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	const text = value === undefined || value === null ? '' : String(value).trim();
	if (text === '' || text === 'undefined' || text === 'null') {
		fail(
			ctx,
			itemIndex,
			`${label} is empty`,
			`By default it is read from the incoming item (field "${name === 'taskId' ? 'taskId' : 'reqKey'}"), as Submit Task outputs it. Connect Submit Task before this node, or enter the value.`,
		);
	}
	return text;
}

/** Reads and checks the task reference and settings; nothing is sent. */
export async function prepare(this: IExecuteFunctions, itemIndex: number) {
	const task = {
		taskId: textParameter(this, 'taskId', 'Task ID', itemIndex),
		reqKey: textParameter(this, 'taskModel', 'Model of the Task', itemIndex),
	};
	if (!/^[\w.-]+$/.test(task.taskId)) {
		fail(
			this,
			itemIndex,
			`Task ID "${task.taskId.slice(0, 64)}" is not a task ID`,
			'A task ID is text like 7392616336519610409.',
		);
	}
	const settings = readResultSettings(this, itemIndex);
	const mode = this.getNodeParameter('waitMode', itemIndex, 'wait') as string;
	const timeoutSeconds = mode === 'checkOnce' ? 0 : readTimeoutSeconds(this, itemIndex);
	return { task, settings, mode, timeoutSeconds };
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ task, settings, mode, timeoutSeconds }: Awaited<ReturnType<typeof prepare>>,
): Promise<INodeExecutionData[]> {
	if (mode === 'checkOnce') {
		const result = await checkTaskOnce(this, task, settings, itemIndex);
		const done = result.status === 'done';
		const json = {
			taskId: task.taskId,
			reqKey: task.reqKey,
			status: result.status,
			done,
		};
		if (done) return await imagesToItems(this, task, result, settings, itemIndex, json);
		return [
			{
				json: { ...json, requestId: result.requestId ?? null },
				pairedItem: { item: itemIndex },
			},
		];
	}

	return await waitForTask(this, task, settings, timeoutSeconds, itemIndex, {
		status: 'done',
	});
}
