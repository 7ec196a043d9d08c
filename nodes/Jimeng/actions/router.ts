import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { errorItem, withItemIndex } from '../helpers/errors';
import * as openaiEdit from './openai/edit.operation';
import * as openaiGenerate from './openai/generate.operation';
import * as volcEdit from './volcengine/edit.operation';
import * as volcGenerate from './volcengine/generate.operation';
import * as volcSubmitTask from './volcengine/submitTask.operation';
import * as volcWaitForResult from './volcengine/waitForResult.operation';

type OperationExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
) => Promise<INodeExecutionData[]>;

const operations: Record<string, Record<string, OperationExecute>> = {
	openai: { generate: openaiGenerate.execute, edit: openaiEdit.execute },
	volcengine: {
		generate: volcGenerate.execute,
		edit: volcEdit.execute,
		submitTask: volcSubmitTask.execute,
		waitForResult: volcWaitForResult.execute,
	},
};

/** Runs the selected operation once per input item; every output item is paired with its input. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const returnData: INodeExecutionData[] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const backend = this.getNodeParameter('backend', itemIndex) as string;
			const operation = this.getNodeParameter('operation', itemIndex) as string;
			const execute = operations[backend]?.[operation];
			if (!execute) {
				throw new NodeOperationError(
					this.getNode(),
					`The operation "${operation}" is not supported by the "${backend}" backend`,
					{ itemIndex },
				);
			}
			returnData.push(...(await execute.call(this, itemIndex)));
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
