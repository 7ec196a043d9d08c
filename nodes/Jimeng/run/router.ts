import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { checkCredentials } from '../auth/credentials';
import { errorItem, keptOf, withItemIndex } from '../errors/errors';
import { RunCost } from '../money/runCost';
import { runLimiters } from './runLimiter';
import { AdaptiveLimiter, runPool } from './pool';
import { attachCredentialLimiter } from './credentialLimiter';
import { RunSlots } from './sharedLimiters';
import { describeUnsaved, paidResultOf, type PaidResult } from '../money/paidResults';
import { DEFAULT_CONCURRENCY } from './concurrency';
import { cacheParameters } from './parameterCache';
import type { Backend } from './backend';
import type { Operation } from './operation';

function operationFor(
	ctx: IExecuteFunctions,
	backend: Backend,
	itemIndex: number,
): Operation<unknown> {
	const operation = ctx.getNodeParameter('operation', itemIndex) as string;
	const found = backend.operations[operation];
	if (!found) {
		throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" is not supported`, {
			itemIndex,
		});
	}
	return found;
}

function readConcurrency(ctx: IExecuteFunctions): number {
	const options = (ctx.getNodeParameter('options', 0, {}) ?? {}) as IDataObject;
	const value = Number(options.concurrency ?? DEFAULT_CONCURRENCY);
	if (!Number.isInteger(value) || value < 1) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Concurrency must be a whole number of at least 1`,
			{
				itemIndex: 0,
				description: `It is ${String(options.concurrency)}.`,
			},
		);
	}
	return value;
}

type Prepared = { operation: Operation<unknown>; request: unknown } | { error: unknown };

/**
 * Runs the selected operation for every input item; output order and pairing are those of a
 * sequential run. Every item is read, checked and its request built before the first paid call
 * (one bad item must not fail the run after others were billed), then the prepared requests run
 * in a pool whose size adapts to rate limits. When an item fails the run, the calls in flight
 * finish (they are paid) and the error lists every paid result the failed run leaves out.
 */
export async function router(
	this: IExecuteFunctions,
	backend: Backend,
	continueOnFail: boolean,
): Promise<INodeExecutionData[][]> {
	// Parameters without expressions are read once for the run, not once per item.
	const restoreParameters = cacheParameters(this);
	try {
		return await runItems.call(this, backend, continueOnFail);
	} finally {
		restoreParameters();
	}
}

async function runItems(
	this: IExecuteFunctions,
	backend: Backend,
	continueOnFail: boolean,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const concurrency = readConcurrency(this);
	const costs = await RunCost.start(this, backend.key);

	const checkStart = Date.now();
	// Credentials belong to the node, not to an item: one bad key fails the run, Continue On Fail or not.
	if (items.length > 0) await checkCredentials(this, backend.key, 0);
	const prepared: Prepared[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const operation = operationFor(this, backend, itemIndex);
			const request = await operation.prepare.call(this, itemIndex);
			costs.plan(itemIndex, request);
			prepared.push({ operation, request });
		} catch (error) {
			if (!continueOnFail) throw withItemIndex(this, error, itemIndex);
			prepared.push({ error });
		}
	}
	costs.check();

	this.logger.debug(`Jimeng: checked ${items.length} item(s) in ${Date.now() - checkStart} ms`);

	const outputs: INodeExecutionData[][] = [];
	const failures: Array<{ itemIndex: number; error: unknown }> = [];
	const signal = this.getExecutionCancelSignal();
	const runLimiter = new AdaptiveLimiter({
		max: concurrency,
		clock: { now: Date.now, sleep: async (ms, abort) => await sleep(ms, abort) },
	});
	// Every run of this credential in the process also takes a slot of its shared limiter.
	const credentialShare =
		items.length > 0 ? await attachCredentialLimiter(this, backend.key) : undefined;
	const shared = credentialShare?.limiter;
	const sharedRateLimitsBefore = shared?.rateLimits ?? 0;
	const limiter = new RunSlots(runLimiter, shared);
	runLimiters.set(this, limiter);
	try {
		await runPool(
			items.length,
			limiter,
			async (itemIndex) => {
				const item = prepared[itemIndex];
				if ('error' in item) {
					outputs[itemIndex] = [errorItem(item.error, itemIndex)];
					return true;
				}
				if (!costs.begin(itemIndex)) {
					outputs[itemIndex] = [costs.notStartedItem(itemIndex)];
					return true;
				}
				try {
					outputs[itemIndex] = await item.operation.execute.call(this, itemIndex, item.request);
					costs.finish(itemIndex, outputs[itemIndex]);
					limiter.succeeded();
					return true;
				} catch (error) {
					const failed = [errorItem(error, itemIndex)];
					costs.finish(itemIndex, failed);
					if (continueOnFail) {
						outputs[itemIndex] = failed;
						return true;
					}
					failures.push({ itemIndex, error });
					return false;
				}
			},
			signal,
		);
	} finally {
		runLimiters.delete(this);
		credentialShare?.detach();
		costs.writeTotals();
	}
	if (runLimiter.rateLimits > 0) {
		this.logger.info(
			`Jimeng: ${runLimiter.rateLimits} rate limit(s) in this run; items in flight went down from ${concurrency} to ${runLimiter.lowest} and back up to ${runLimiter.limit}`,
		);
	}
	if (shared && shared.rateLimits > sharedRateLimitsBefore && Number.isFinite(shared.limit)) {
		this.logger.info(
			`Jimeng: calls in flight with this credential, all runs of this process together, are held at ${shared.limit} after ${shared.rateLimits} rate limit(s)`,
		);
	}

	if (failures.length > 0 || outputs.filter(Boolean).length < items.length) {
		throw failedRun(this, outputs, failures);
	}
	return [outputs.flat()];
}

/** The error of a run that cannot complete, carrying the list of paid results it leaves out. */
function failedRun(
	ctx: IExecuteFunctions,
	outputs: INodeExecutionData[][],
	failures: Array<{ itemIndex: number; error: unknown }>,
) {
	const first = [...failures].sort((a, b) => a.itemIndex - b.itemIndex)[0];
	const error = first
		? withItemIndex(ctx, first.error, first.itemIndex)
		: new NodeOperationError(ctx.getNode(), 'The execution was cancelled');

	const unsaved: PaidResult[] = [];
	outputs.forEach((output, itemIndex) => {
		const result =
			output &&
			paidResultOf(
				itemIndex,
				output.map((item) => item.json),
			);
		if (result) unsaved.push(result);
	});
	for (const failure of failures) {
		const kept = keptOf(failure.error);
		const result = kept ? paidResultOf(failure.itemIndex, [kept]) : undefined;
		if (result && failure !== first) unsaved.push(result);
	}
	const others = failures.filter((failure) => failure !== first);
	const lines = [
		describeUnsaved(unsaved),
		others.length > 0
			? `Other items failed too: ${others.map((f) => `item ${f.itemIndex} (${(f.error as Error)?.message ?? String(f.error)})`).join('; ')}.`
			: '',
	].filter(Boolean);
	if (lines.length > 0) {
		const text = lines.join('\n\n');
		ctx.logger.warn(`Jimeng: ${text}`);
		error.description = [error.description, text].filter(Boolean).join('\n\n');
	}
	return error;
}
