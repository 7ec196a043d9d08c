import type { IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { Slots } from './pool';

/**
 * The limiter of the run a node context belongs to. The transports find it here (rather than
 * through every signature) so that a rate limit one item sees slows down the whole run, and every
 * run of the same credential (run/sharedLimiters.ts).
 */
export const runLimiters = new WeakMap<IExecuteFunctions, Slots>();

/**
 * The wait before a paid call is sent again. A rate limit is reported to the run's limiter, and
 * the retry waits for the run's shared pause and a free slot; other retries just sleep.
 */
export async function waitBeforeRetry(
	ctx: IExecuteFunctions,
	ms: number,
	rateLimited: boolean,
	/** When the refused call was sent: refusals of calls sent before the last decrease don't count again. */
	sentAt?: number,
): Promise<void> {
	const signal = ctx.getExecutionCancelSignal();
	const limiter = runLimiters.get(ctx);
	if (limiter && rateLimited) await limiter.retryAfterRateLimit(ms, signal, sentAt);
	else await sleep(ms, signal);
}

/**
 * Tries for a paid call. In a run with a limiter, a storm may need one refusal per halving of the
 * limit before the retry fits, and each retry waits for a free slot, so allow that many more.
 */
export function paidCallAttempts(ctx: IExecuteFunctions, base: number): number {
	const limiter = runLimiters.get(ctx);
	return limiter ? base + Math.ceil(Math.log2(limiter.max)) : base;
}
