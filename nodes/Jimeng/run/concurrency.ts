import type { INodeProperties } from 'n8n-workflow';

/**
 * Items in flight when the user sets nothing. Low enough for new Volcengine visual accounts
 * (a few concurrent tasks) and relay keys; the run lowers it further on rate limits anyway.
 */
export const DEFAULT_CONCURRENCY = 2;

/** In every operation's Options: how many items run at once. */
export const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, numberPrecision: 0 },
	default: DEFAULT_CONCURRENCY,
	description:
		'How many items are sent at once (Volcengine Generate/Edit: tasks submitted and not yet finished). On a rate limit the node waits and lowers it, then raises it again up to this number. Outputs keep the input order.',
};
