import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fail } from '../../errors/errors';
import { outputFieldOption } from '../../run/descriptions';
import { defaultPollPath, type RelayDialect } from '../relayTasks';
import { outputImages } from './output';
import { returnUrlsOnlyOption } from './properties';
import { type RelayTaskRef, waitForRelayTask } from './relayTaskWait';

const properties: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		required: true,
		default: '={{ $json.taskId }}',
		description: 'The relay task ID from Submit Task (or from a timed-out Generate or Edit)',
	},
	{
		displayName: 'Poll Path',
		name: 'pollPath',
		type: 'string',
		required: true,
		default: '={{ $json.pollPath }}',
		placeholder: 'e.g. tasks/task_01K… or /v1/images/tasks/imgtask_…',
		description:
			"Where the relay answers for the task, under the credential's Base URL, as Submit Task outputs it. If the expression gives nothing, it is found from the Task ID (APIMart task_… → tasks/ID, sub2api imgtask_… → images/tasks/ID).",
	},
	{
		// Not named "model": an expression here would make n8n show the fields that depend on Model.
		displayName: 'Model of the Task',
		name: 'taskModel',
		type: 'string',
		required: true,
		default: '={{ $json.model }}',
		description:
			'The model the task was submitted with (as Submit Task outputs it): put on the output items and used for their cost',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			outputFieldOption,
			returnUrlsOnlyOption,
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 900,
				description: 'How long to wait for the images; the task keeps running at the relay after it',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { operation: ['waitForResult'] } },
	properties,
);

const text = (value: unknown) =>
	value === undefined || value === null || ['undefined', 'null'].includes(String(value).trim())
		? ''
		: String(value).trim();

function dialectOf(taskId: string): RelayDialect {
	if (/^imgtask_/.test(taskId)) return 'sub2api';
	if (/^task[_-]/.test(taskId)) return 'apimart';
	return 'unknown';
}

/** Reads and checks the task reference; nothing is sent. */
export async function prepare(this: IExecuteFunctions, itemIndex: number) {
	const taskId = text(this.getNodeParameter('taskId', itemIndex, ''));
	if (!taskId) {
		fail(
			this,
			itemIndex,
			'Task ID is empty',
			'By default it is read from the incoming item (field "taskId"), as Submit Task outputs it. Connect Submit Task before this node, or enter the value.',
		);
	}
	if (!/^[\w.:-]+$/.test(taskId)) {
		fail(this, itemIndex, `Task ID "${taskId.slice(0, 64)}" is not a task ID`, 'A relay task ID is text like task_01K8… or imgtask_5f3a….');
	}
	const dialect = dialectOf(taskId);
	const pollPath = text(this.getNodeParameter('pollPath', itemIndex, '')) || defaultPollPath(dialect, taskId);
	if (!pollPath) {
		fail(
			this,
			itemIndex,
			'Poll Path is empty',
			`The Task ID "${taskId}" does not show which relay made it: enter the Poll Path that Submit Task put out (field "pollPath").`,
		);
	}
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const timeoutSeconds = Number(options.timeout ?? 900);
	if (!(timeoutSeconds > 0)) fail(this, itemIndex, 'Timeout must be a positive number of seconds');
	const model = text(this.getNodeParameter('taskModel', itemIndex, ''));
	const task: RelayTaskRef = { taskId, pollPath, dialect, model: model || undefined };
	return {
		task,
		timeoutMs: timeoutSeconds * 1000,
		binaryPropertyName: text(options.binaryPropertyName) || 'data',
		returnUrlsOnly: options.returnUrlsOnly === true,
	};
}

/** Polls the relay task (free) until its images are ready, then puts them out, one item each. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ task, timeoutMs, binaryPropertyName, returnUrlsOnly }: Awaited<ReturnType<typeof prepare>>,
): Promise<INodeExecutionData[]> {
	const images = await waitForRelayTask(this, task, { itemIndex, timeoutMs });
	return await outputImages(
		this,
		{ ...images, taskId: task.taskId },
		{ itemIndex, model: task.model ?? '', binaryPropertyName, returnUrlsOnly },
	);
}
