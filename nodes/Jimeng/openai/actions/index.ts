import type { INodeProperties } from 'n8n-workflow';

import { type Backend, operationRegistry } from '../../run/backend';
import { billingNotice, operationProperty } from '../../run/descriptions';
import * as edit from './edit.operation';
import * as generate from './generate.operation';

/** The API-key node's operations (for the router) and its editor properties. */
export const operations = { generate, edit };

export const backend: Backend = {
	key: 'openai',
	operations: operationRegistry(operations),
};

/** The canvas subtitle: the operation and the model ID the user picked ("Generate · doubao-seedream-4-5-251128"). */
export const subtitle =
	'={{ ({ generate: "Generate", edit: "Edit" })[$parameter["operation"]] + ($parameter["model"] && $parameter["model"].value && String($parameter["model"].value).charAt(0) !== "=" ? " · " + $parameter["model"].value : "") }}';

export const description: INodeProperties[] = [
	operationProperty([
		{
			name: 'Generate Image',
			value: 'generate',
			action: 'Generate an image',
			description: 'Create images from a prompt, optionally with reference images',
		},
		{
			name: 'Edit Image',
			value: 'edit',
			action: 'Edit an image',
			description: 'Change one or more input images following a prompt',
		},
	]),
	billingNotice('openai', ['generate', 'edit']),
	...generate.description,
	...edit.description,
];
