import type { INodeProperties } from 'n8n-workflow';

import { billingBasisSentence } from '../money/pricing';

/** The operation selector of one node type; each backend's index.ts lists its operations. */
export function operationProperty(options: NonNullable<INodeProperties['options']>): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		// Generate first (the default and most used), the rest alphabetical.
		options,
		default: 'generate',
	};
}

/**
 * Shown on every operation that costs money. n8n's Retry On Fail re-runs the whole node, so every
 * item that already got images is generated and billed again.
 */
export function billingNotice(node: 'openai' | 'visual', operations: string[]): INodeProperties {
	return {
		displayName: `${billingBasisSentence(node)} Leave n8n's "Retry On Fail" setting off: it repeats paid calls. The node itself retries only calls the provider did not accept.`,
		name: 'billingNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: operations } },
	};
}

/** Where each output image goes; an option of every operation that outputs images. */
export const outputFieldOption: INodeProperties = {
	displayName: 'Put Output Image in Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	description: 'Name of the binary property each output item keeps its image in',
};
