import type { IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { AdaptiveLimiter } from '../lib/pool';

/**
 * The limiter of the run a node context belongs to. The transports find it here (rather than
 * through every signature) so that a rate limit one item sees slows down the whole run.
 */
export const runLimiters = new WeakMap<IExecuteFunctions, AdaptiveLimiter>();

/**
 * The wait before a paid call is sent again. A rate limit is reported to the run's limiter, and
 * the retry waits for the run's shared pause and a free slot; other retries just sleep.
 */
export async function waitBeforeRetry(
	ctx: IExecuteFunctions,
	ms: number,
	rateLimited: boolean,
): Promise<void> {
	const signal = ctx.getExecutionCancelSignal();
	const limiter = runLimiters.get(ctx);
	if (limiter && rateLimited) await limiter.retryAfterRateLimit(ms, signal);
	else await sleep(ms, signal);
}
