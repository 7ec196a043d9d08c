import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { nodeError } from '../../errors/errors';
import { asyncPathFor } from '../relayTasks';
import { requestImages } from '../transport/openai';
import { outputImages } from './output';
import type { CommonParameters } from './parameters';
import { relayTaskJson, relayTaskRef, waitForRelayTask } from './relayTaskWait';

/** What Generate, Edit and Submit Task prepared for one item: the exact paid call. */
export interface PreparedCall {
	params: CommonParameters;
	path: string;
	body: IDataObject | FormData;
	stream: boolean;
}

/**
 * Sends an item's paid call once and puts out its images. A relay that answers with a task is
 * waited for (free polls), or the task is put out for Wait for Result when `outputTask` is set or
 * the user chose so; its id is logged at info either way, so it is never lost.
 */
export async function sendImagesCall(
	ctx: IExecuteFunctions,
	itemIndex: number,
	{ params, path, body, stream }: PreparedCall,
	outputTask = false,
): Promise<INodeExecutionData[]> {
	const submittedAtMs = Date.now();
	const result = await requestImages(ctx, {
		path: params.options.asyncEndpoint === true ? asyncPathFor(path) : path,
		body,
		stream,
		timeoutMs: params.timeoutMs,
		itemIndex,
	});
	const out = {
		itemIndex,
		model: params.model,
		sizeLabel: params.sizeLabel,
		binaryPropertyName: params.binaryPropertyName,
		returnUrlsOnly: params.returnUrlsOnly,
	};
	if (!result.task) return await outputImages(ctx, result, out);

	const accepted = result.task;
	ctx.logger.info(
		`Jimeng: the relay accepted item ${itemIndex} as task ${accepted.taskId} (model ${params.model}${accepted.pollPath ? `, poll ${accepted.pollPath}` : ''})`,
	);
	const task = relayTaskRef(accepted, params.model);
	if (!task) {
		throw nodeError(
			ctx.getNode(),
			{
				message: `The relay answered with task ${accepted.taskId} but does not say where to look it up`,
				hint: `Find the images of task ${accepted.taskId} in the relay's console or docs; this answer shape is not one the node knows how to poll.`,
				charge: 'mayBeCharged',
				retry: 'permanent',
				kept: { taskId: accepted.taskId, model: params.model, status: accepted.status ?? 'unknown' },
			},
			{ itemIndex, api: false },
		);
	}
	if (outputTask || params.options.relayTaskAnswer === 'output') {
		return [{ json: relayTaskJson(task, accepted.status), pairedItem: { item: itemIndex } }];
	}
	const images = await waitForRelayTask(ctx, task, {
		itemIndex,
		timeoutMs: Math.max(1000, params.timeoutMs - (Date.now() - submittedAtMs)),
		submittedAtMs,
		firstPauseMs: accepted.retryAfterMs,
	});
	return await outputImages(
		ctx,
		{ ...images, taskId: task.taskId, upstreamCost: images.upstreamCost ?? accepted.cost },
		out,
	);
}
