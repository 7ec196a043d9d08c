import type { INodeProperties } from 'n8n-workflow';

export const backendProperty: INodeProperties = {
	displayName: 'Backend',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'OpenAI-Compatible (Bearer Token)',
			value: 'openai',
			description: 'Relays (new-api style), Volcengine Ark or OpenAI itself',
		},
		{
			name: 'Volcengine Visual API (AK/SK)',
			value: 'volcengine',
			description: 'The official visual.volcengineapi.com API, signed with your Access Key',
		},
	],
	default: 'openai',
};

export const operationProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['openai'] } },
		options: [
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
		],
		default: 'generate',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['volcengine'] } },
		// Generate first (the default and most used), the rest alphabetical.
		// eslint-disable-next-line n8n-nodes-base/node-param-options-type-unsorted-items
		options: [
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
		],
		default: 'generate',
	},
];

/** Where each output image goes; an option of every operation that outputs images. */
export const outputFieldOption: INodeProperties = {
	displayName: 'Put Output Image in Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	description: 'Name of the binary property each output item keeps its image in',
};
