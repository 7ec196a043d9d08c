import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * Extra JSON an error can carry so that a continue-on-fail item still holds what the user needs
 * to resume (for example `{ taskId, reqKey, status }` after a wait timed out).
 */
export const RESUME_CONTEXT_KEY = 'resume';

export function errorMessage(error: unknown): string {
	if (error instanceof Error) return error.message;
	return String(error);
}

/** The item emitted in place of a failed input item when "Continue On Fail" is on. */
export function errorItem(error: unknown, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: errorMessage(error) };
	const description = (error as { description?: unknown })?.description;
	if (typeof description === 'string' && description) json.details = description;
	const resume = (error as { context?: IDataObject })?.context?.[RESUME_CONTEXT_KEY];
	if (resume && typeof resume === 'object') Object.assign(json, resume);
	return { json, pairedItem: { item: itemIndex } };
}

/** Makes sure what is thrown out of the node is an n8n error that names the failing item. */
export function withItemIndex(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}
