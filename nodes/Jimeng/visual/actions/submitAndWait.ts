import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { submitTask } from '../transport/volcengine';
import { readResultSettings, readTimeoutSeconds, waitForTask } from './result';
import { buildSubmitRequest } from './submitBody';

/** Everything Generate and Edit read and check before the paid submit; nothing is sent. */
export async function prepareSubmitAndWait(
	ctx: IExecuteFunctions,
	itemIndex: number,
	operation: 'generate' | 'edit',
) {
	const { reqKey, body } = await buildSubmitRequest(ctx, itemIndex, operation);
	const settings = readResultSettings(ctx, itemIndex);
	const timeoutSeconds = readTimeoutSeconds(ctx, itemIndex);
	return { reqKey, body, settings, timeoutSeconds };
}

export type SubmitAndWaitRequest = Awaited<ReturnType<typeof prepareSubmitAndWait>>;

/** Generate and Edit: submit the prepared request once, then wait for the images in the same run. */
export async function submitAndWait(
	ctx: IExecuteFunctions,
	itemIndex: number,
	{ reqKey, body, settings, timeoutSeconds }: SubmitAndWaitRequest,
): Promise<INodeExecutionData[]> {
	const submittedAtMs = Date.now();
	const submitted = await submitTask.call(ctx, body, itemIndex);
	ctx.logger.info(
		`Jimeng: submitted task ${submitted.taskId} (${reqKey}) for item ${itemIndex}, waiting`,
	);
	return await waitForTask(
		ctx,
		{ taskId: submitted.taskId, reqKey },
		settings,
		timeoutSeconds,
		itemIndex,
		submitted.requestId ? { submitRequestId: submitted.requestId } : {},
		submittedAtMs,
	);
}
