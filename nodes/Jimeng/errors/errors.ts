import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { type Failure, failureDescription, failureMessage } from './failure';
import { redactSecrets } from './redact';

export type { Charge, Failure, RetryClass } from './failure';

/**
 * The one way an upstream or transport failure becomes an n8n error. The typed failure rides on the
 * error itself, so callers ask `failureOf(error)` instead of keeping side tables.
 */
export class JimengApiError extends NodeApiError {
	constructor(
		node: INode,
		readonly failureDetails: Failure,
		itemIndex: number | undefined,
	) {
		const body = failureDetails.body;
		const errorBody: JsonObject =
			body && typeof body === 'object' && !Array.isArray(body)
				? (body as JsonObject)
				: { message: String(body ?? failureDetails.upstreamMessage ?? failureDetails.message) };
		super(node, errorBody, {
			message: failureMessage(failureDetails),
			description: failureDescription(failureDetails),
			httpCode:
				failureDetails.httpStatus !== undefined ? String(failureDetails.httpStatus) : undefined,
			itemIndex,
		});
		// NodeApiError swaps messages for stock texts by HTTP status or network code ("consider
		// setting Retry on Fail"): ours are final.
		this.message = failureMessage(failureDetails);
		this.description = failureDescription(failureDetails);
	}
}

export class JimengOperationError extends NodeOperationError {
	constructor(
		node: INode,
		readonly failureDetails: Failure,
		itemIndex: number | undefined,
	) {
		super(node, failureMessage(failureDetails), {
			description: failureDescription(failureDetails),
			itemIndex,
		});
		this.message = failureMessage(failureDetails);
		this.description = failureDescription(failureDetails);
	}
}

/**
 * Builds the error for a failure: a `NodeApiError` when an upstream answered or should have (HTTP,
 * network), a `NodeOperationError` otherwise. Every secret given is redacted from everything shown.
 */
export function nodeError(
	node: INode,
	failure: Failure,
	options: { itemIndex?: number; secrets?: ReadonlyArray<string | undefined>; api?: boolean } = {},
): JimengApiError | JimengOperationError {
	const safe = redactSecrets(failure, options.secrets ?? []);
	return options.api === false
		? new JimengOperationError(node, safe, options.itemIndex)
		: new JimengApiError(node, safe, options.itemIndex);
}

/**
 * Refuses an item's input before anything is sent: the message names the field, the description
 * says how to mend it.
 */
export function fail(
	ctx: IExecuteFunctions,
	itemIndex: number,
	message: string,
	description?: string,
): never {
	throw new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
}

/** The failure behind an error built by `nodeError`, if it was. */
export function failureOf(error: unknown): Failure | undefined {
	if (error instanceof JimengApiError || error instanceof JimengOperationError)
		return error.failureDetails;
	return undefined;
}

/**
 * The same error with more paid results to keep (a task id, image URLs). Rebuilt, not mutated, so
 * message and description stay those the factory wrote.
 */
export function withKept(error: unknown, kept: Record<string, unknown>, node?: INode): unknown {
	const failure = failureOf(error);
	if (failure) {
		const merged: Failure = { ...failure, kept: { ...kept, ...failure.kept } };
		const itemIndex = (error as NodeApiError).context?.itemIndex as number | undefined;
		return error instanceof JimengApiError
			? new JimengApiError(error.node, merged, itemIndex)
			: new JimengOperationError((error as JimengOperationError).node, merged, itemIndex);
	}
	if (node && (error instanceof NodeApiError || error instanceof NodeOperationError)) {
		const itemIndex = error.context?.itemIndex as number | undefined;
		return new JimengOperationError(
			node,
			{
				message: error.message,
				hint: error.description ?? '',
				charge: 'free',
				retry: 'permanent',
				kept,
			},
			itemIndex,
		);
	}
	return error;
}

/** What a failed item must still hand over: its paid results. */
export function keptOf(error: unknown): IDataObject | undefined {
	const kept = failureOf(error)?.kept;
	return kept && Object.keys(kept).length > 0 ? (kept as IDataObject) : undefined;
}

export function errorMessage(error: unknown): string {
	if (error instanceof Error) return error.message;
	return String(error);
}

/** The item emitted in place of a failed input item when "Continue On Fail" is on. */
export function errorItem(error: unknown, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: errorMessage(error) };
	const description = (error as { description?: unknown })?.description;
	if (typeof description === 'string' && description) json.details = description;
	const failure = failureOf(error);
	if (failure?.code) json.code = failure.code;
	const kept = keptOf(error);
	if (kept) Object.assign(json, kept);
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
