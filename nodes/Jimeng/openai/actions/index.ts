import type { INodeProperties } from 'n8n-workflow';

import { billingNotice, operationProperty } from '../../actions/descriptions';
import * as edit from './edit.operation';
import * as generate from './generate.operation';

/** The OpenAI-compatible backend: its operations (for the router) and its editor properties. */
export const operations = { generate, edit };

export const description: INodeProperties[] = [
	operationProperty('openai', [
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
