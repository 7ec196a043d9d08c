import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { errorItem, withItemIndex } from '../helpers/errors';
import * as openaiEdit from './openai/edit.operation';
import * as openaiGenerate from './openai/generate.operation';
import * as volcEdit from './volcengine/edit.operation';
import * as volcGenerate from './volcengine/generate.operation';
import * as volcSubmitTask from './volcengine/submitTask.operation';
import * as volcWaitForResult from './volcengine/waitForResult.operation';

interface Operation {
	/** Reads and checks an item's inputs without sending anything; paid operations have one. */
	validate?: (this: IExecuteFunctions, itemIndex: number) => Promise<void>;
	execute: (this: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData[]>;
}

const operations: Record<string, Record<string, Operation>> = {
	openai: { generate: openaiGenerate, edit: openaiEdit },
	volcengine: {
		generate: volcGenerate,
		edit: volcEdit,
		submitTask: volcSubmitTask,
		waitForResult: volcWaitForResult,
	},
};

function operationFor(ctx: IExecuteFunctions, itemIndex: number): Operation {
	const backend = ctx.getNodeParameter('resource', itemIndex) as string;
	const operation = ctx.getNodeParameter('operation', itemIndex) as string;
	const found = operations[backend]?.[operation];
	if (!found) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The operation "${operation}" is not supported by the "${backend}" backend`,
			{ itemIndex },
		);
	}
	return found;
}

/**
 * Runs the selected operation once per input item; every output item is paired with its input.
 * Every item is checked before the first paid call: one bad item must not fail the run after the
 * items before it were already billed (their images would be lost with the failed run).
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const invalid = new Map<number, unknown>();

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			await operationFor(this, itemIndex).validate?.call(this, itemIndex);
		} catch (error) {
			if (!this.continueOnFail()) throw withItemIndex(this, error, itemIndex);
			invalid.set(itemIndex, error);
		}
	}

	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		if (invalid.has(itemIndex)) {
			returnData.push(errorItem(invalid.get(itemIndex), itemIndex));
			continue;
		}
		try {
			returnData.push(...(await operationFor(this, itemIndex).execute.call(this, itemIndex)));
		} catch (error) {
			if (this.continueOnFail()) {
				returnData.push(errorItem(error, itemIndex));
				continue;
			}
			throw withItemIndex(this, error, itemIndex);
		}
	}

	return [returnData];
}
