import type { INodeProperties } from 'n8n-workflow';

/**
 * The backend decides the credential type. It is an ordinary, visible parameter (see the credentials'
 * `hide` in Jimeng.node.ts): the node creator's actions set it, and the panel shows it at the top.
 */
export const backendProperty: INodeProperties = {
	displayName: 'Backend',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'OpenAI-Compatible API (API Key)',
			value: 'openai',
			description:
				'Jimeng relays, Volcengine Ark, BytePlus or OpenAI, with a Jimeng API credential',
		},
		{
			name: 'Volcengine Visual API (AK/SK)',
			value: 'volcengine',
			description:
				'The official visual.volcengineapi.com API, with a Jimeng Volcengine AK/SK credential',
		},
	],
	default: 'openai',
};

/** The operation selector of one backend; each backend's index.ts lists its operations. */
export function operationProperty(
	backend: string,
	options: NonNullable<INodeProperties['options']>,
): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [backend] } },
		// Generate first (the default and most used), the rest alphabetical.
		options,
		default: 'generate',
	};
}

/**
 * Shown on every operation that costs money. n8n's Retry On Fail re-runs the whole node, so every
 * item that already got images is generated and billed again.
 */
export function billingNotice(backend: string, operations: string[]): INodeProperties {
	return {
		displayName:
			'Each call is billed by the provider, per image. Leave n8n\'s "Retry On Fail" setting off: it repeats paid calls. The node itself retries only calls the provider did not accept.',
		name: 'billingNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: [backend], operation: operations } },
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
