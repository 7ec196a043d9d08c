import type { IExecuteFunctions } from 'n8n-workflow';

import type { AdaptiveLimiter } from '../lib/pool';

/**
 * The limiter of the run a node context belongs to. The transports find it here (rather than
 * through every signature) to report a rate limit and wait out the run's shared pause.
 */
export const runLimiters = new WeakMap<IExecuteFunctions, AdaptiveLimiter>();
