import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { listSearch, loadOptions } from './methods/loadOptions';
import { backend, description, subtitle } from './openai/actions';
import { router } from './run/router';

/** Jimeng / Seedream with an API key: OpenAI-compatible relays, Volcengine Ark, BytePlus, OpenAI. */
export class Jimeng implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Jimeng Seedream (API Key)',
		name: 'jimeng',
		icon: { light: 'file:jimeng.svg', dark: 'file:jimeng.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle,
		description:
			'Generate and edit images with ByteDance Jimeng / Seedream through Volcengine Ark, BytePlus or an OpenAI-compatible relay, with an API key',
		defaults: { name: 'Jimeng Seedream' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'jimengApi', required: true }],
		properties: description,
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// Continue On Fail is the node's setting, read once and applied to every item.
		return await router.call(this, backend, this.continueOnFail());
	}
}
