import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { backendProperty, operationProperties } from './actions/descriptions';
import * as openaiEdit from './actions/openai/edit.operation';
import * as openaiGenerate from './actions/openai/generate.operation';
import * as volcEdit from './actions/volcengine/edit.operation';
import * as volcGenerate from './actions/volcengine/generate.operation';
import * as volcInpaint from './actions/volcengine/inpaint.operation';
import * as volcOutpaint from './actions/volcengine/outpaint.operation';
import * as volcUpscale from './actions/volcengine/upscale.operation';
import * as volcSubmitTask from './actions/volcengine/submitTask.operation';
import * as volcWaitForResult from './actions/volcengine/waitForResult.operation';
import { router } from './actions/router';
import { listSearch, loadOptions } from './methods/loadOptions';

export class Jimeng implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Jimeng (Seedream)',
		name: 'jimeng',
		icon: { light: 'file:jimeng.svg', dark: 'file:jimeng.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ ({ generate: "Generate Image", edit: "Edit Image", inpaint: "Inpaint Image", upscale: "Upscale Image", outpaint: "Outpaint Image", submitTask: "Submit Task", waitForResult: "Wait for Result" })[$parameter["operation"]] + ($parameter["resource"] === "volcengine" ? " (Volcengine AK/SK)" : " (OpenAI-Compatible)") }}',
		description:
			'Generate and edit images with ByteDance Jimeng / Seedream through OpenAI-compatible relays, Volcengine Ark or the Volcengine visual API',
		defaults: { name: 'Jimeng (Seedream)' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'jimengApi', required: true, displayOptions: { show: { resource: ['openai'] } } },
			{
				name: 'jimengVolcengineApi',
				required: true,
				displayOptions: { show: { resource: ['volcengine'] } },
			},
		],
		properties: [
			backendProperty,
			...operationProperties,
			...openaiGenerate.description,
			...openaiEdit.description,
			...volcGenerate.description,
			...volcEdit.description,
			...volcInpaint.description,
			...volcUpscale.description,
			...volcOutpaint.description,
			...volcSubmitTask.description,
			...volcWaitForResult.description,
		],
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
