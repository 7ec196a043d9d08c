import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { backendProperty } from './actions/descriptions';
import * as openai from './openai/actions';
import { router } from './run/router';
import * as volcengine from './visual/actions';
import { listSearch, loadOptions } from './methods/loadOptions';

export class Jimeng implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Jimeng (Seedream)',
		name: 'jimeng',
		icon: { light: 'file:jimeng.svg', dark: 'file:jimeng.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ ({ generate: "Generate", edit: "Edit", inpaint: "Inpaint", upscale: "Upscale", outpaint: "Outpaint", submitTask: "Submit Task", waitForResult: "Wait for Result" })[$parameter["operation"]] + ($parameter["resource"] === "volcengine" ? " · Volcengine" : " · OpenAI API") }}',
		description:
			'Generate and edit images with ByteDance Jimeng / Seedream through OpenAI-compatible relays, Volcengine Ark or the Volcengine visual API',
		defaults: { name: 'Jimeng (Seedream)' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		/*
		 * `hide`, not `show`: n8n's editor (nodeTypesUtils.ts getMainAuthField → findAlternativeAuthField)
		 * treats an options parameter that credentials `show` on as the node's "main auth field" and then
		 * auto-selects the newest credential of *either* type, switching Backend to match it. With `hide`
		 * the editor finds no auth field: Backend stays what the chosen action set, and only credentials of
		 * that backend's type are offered. README "Credentials" explains.
		 */
		credentials: [
			{ name: 'jimengApi', required: true, displayOptions: { hide: { resource: ['volcengine'] } } },
			{
				name: 'jimengVolcengineApi',
				required: true,
				displayOptions: { hide: { resource: ['openai'] } },
			},
		],
		properties: [backendProperty, ...openai.description, ...volcengine.description],
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
