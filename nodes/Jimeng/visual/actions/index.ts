import type { INodeProperties } from 'n8n-workflow';

import { type Backend, operationRegistry } from '../../run/backend';
import { billingNotice, operationProperty } from '../../run/descriptions';
import { MODELS } from '../../models/models';
import * as edit from './edit.operation';
import * as generate from './generate.operation';
import * as inpaint from './inpaint.operation';
import * as outpaint from './outpaint.operation';
import * as submitTask from './submitTask.operation';
import * as upscale from './upscale.operation';
import * as waitForResult from './waitForResult.operation';

/** The Volcengine visual API node's operations (for the router) and its editor properties. */
export const operations = {
	generate,
	edit,
	inpaint,
	upscale,
	outpaint,
	submitTask,
	waitForResult,
};

export const backend: Backend = {
	key: 'volcengine',
	operations: operationRegistry(operations),
};

const OPERATION_LABELS = {
	generate: 'Generate',
	edit: 'Edit',
	inpaint: 'Inpaint',
	upscale: 'Upscale',
	outpaint: 'Outpaint',
	submitTask: 'Submit Task',
	waitForResult: 'Wait for Result',
};
const MODEL_LABELS = Object.fromEntries(
	MODELS.filter((entry) => entry.family === 'visual').map((entry) => [entry.id, entry.label]),
);

/** The canvas subtitle: the operation and the model's name ("Generate · Jimeng 4.0"). */
const modelLabel = `${JSON.stringify(MODEL_LABELS)}[$parameter["model"]]`;
export const subtitle = `={{ ${JSON.stringify(OPERATION_LABELS)}[$parameter["operation"]] + (${modelLabel} ? " · " + ${modelLabel} : "") }}`;

export const description: INodeProperties[] = [
	operationProperty([
		{
			name: 'Generate Image',
			value: 'generate',
			action: 'Generate an image and wait for the result',
			description: 'Submit a text-to-image task and wait for the images',
		},
		{
			name: 'Edit Image',
			value: 'edit',
			action: 'Edit an image and wait for the result',
			description: 'Submit an image-to-image task and wait for the images',
		},
		{
			name: 'Inpaint Image',
			value: 'inpaint',
			action: 'Inpaint an image with a mask',
			description: 'Redraw or remove the region a mask marks (Jimeng inpainting)',
		},
		{
			name: 'Outpaint Image',
			value: 'outpaint',
			action: 'Outpaint an image',
			description: 'Extend an image beyond its edges (Jimeng outpainting)',
		},
		{
			name: 'Submit Task',
			value: 'submitTask',
			action: 'Submit a generation task',
			description: 'Submit a task and output its task ID without waiting',
		},
		{
			name: 'Upscale Image',
			value: 'upscale',
			action: 'Upscale an image to 4K or 8K',
			description: 'Upscale an image to 4K or 8K with new detail (Jimeng super resolution)',
		},
		{
			name: 'Wait for Result',
			value: 'waitForResult',
			action: 'Wait for a task result',
			description: 'Poll a submitted task until it is done, or check its status once',
		},
	]),
	billingNotice('visual', ['generate', 'edit', 'inpaint', 'upscale', 'outpaint', 'submitTask']),
	...generate.description,
	...edit.description,
	...inpaint.description,
	...upscale.description,
	...outpaint.description,
	...submitTask.description,
	...waitForResult.description,
];
