import type { INodeProperties } from 'n8n-workflow';

import { type Backend, operationRegistry } from '../../run/backend';
import { billingNotice, operationProperty } from '../../run/descriptions';
import * as edit from './edit.operation';
import * as generate from './generate.operation';
import * as submitTask from './submitTask.operation';
import * as waitForResult from './waitForResult.operation';

/** The API-key node's operations (for the router) and its editor properties. */
export const operations = { generate, edit, submitTask, waitForResult };

export const backend: Backend = {
	key: 'openai',
	operations: operationRegistry(operations),
};

/** The canvas subtitle: the operation and the model ID the user picked ("Generate · doubao-seedream-4-5-251128"). */
// The canvas hands the model either as the resource locator or as its value alone.
export const subtitle =
	'={{ ({ generate: "Generate", edit: "Edit", submitTask: "Submit Task", waitForResult: "Wait for Result" })[$parameter["operation"]] + ((typeof $parameter["model"] === "string" ? $parameter["model"] : ($parameter["model"] || {}).value || "") && String((typeof $parameter["model"] === "string" ? $parameter["model"] : ($parameter["model"] || {}).value || "")).charAt(0) !== "=" ? " · " + (typeof $parameter["model"] === "string" ? $parameter["model"] : ($parameter["model"] || {}).value || "") : "") }}';

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
		{
			name: 'Submit Task',
			value: 'submitTask',
			action: 'Submit an image task',
			description:
				'Send a Generate call and output the task a relay answers with (APIMart, sub2api async), without waiting',
		},
		{
			name: 'Wait for Result',
			value: 'waitForResult',
			action: 'Wait for an image task',
			description: 'Poll a relay task from Submit Task until its images are ready, then output them',
		},
	]),
	billingNotice('openai', ['generate', 'edit', 'submitTask']),
	...generate.description,
	...edit.description,
	...waitForResult.description,
];
