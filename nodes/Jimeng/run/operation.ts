import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/**
 * What every operation file exports besides its `description`.
 * `prepare` reads and checks one item and builds its request without sending anything; the router
 * runs it for every item before the first paid call. `execute` then sends exactly that request, so
 * an item is read and checked once.
 */
export interface Operation<Prepared = unknown> {
	prepare: (this: IExecuteFunctions, itemIndex: number) => Promise<Prepared>;
	execute: (
		this: IExecuteFunctions,
		itemIndex: number,
		prepared: Prepared,
	) => Promise<INodeExecutionData[]>;
}
