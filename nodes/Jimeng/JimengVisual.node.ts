import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { router } from './run/router';
import { backend, description, subtitle } from './visual/actions';

/** Jimeng / Seedream on Volcengine's visual API, signed with an Access Key ID and Secret Access Key. */
export class JimengVisual implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Jimeng Seedream (Volcengine AK/SK)',
		name: 'jimengVisual',
		icon: { light: 'file:jimeng.svg', dark: 'file:jimeng.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle,
		description:
			"Generate, edit, inpaint, upscale and outpaint images with ByteDance Jimeng / Seedream on Volcengine's visual API, with an Access Key ID and Secret Access Key",
		defaults: { name: 'Jimeng Seedream (AK/SK)' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'jimengVolcengineApi', required: true }],
		properties: description,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// Continue On Fail is the node's setting, read once and applied to every item.
		return await router.call(this, backend, this.continueOnFail());
	}
}
