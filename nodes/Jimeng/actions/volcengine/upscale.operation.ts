import type { IExecuteFunctions } from 'n8n-workflow';

import { fail } from '../../helpers/errors';
import { editBody, editOperationDescription, editTaskRequest, integerOption } from './editTask';

export { executeEditTask as execute } from './editTask';

const RESOLUTIONS = ['4k', '8k'];

export const description = editOperationDescription('upscale', {
	fields: [
		{
			displayName: 'Resolution',
			name: 'upscaleResolution',
			type: 'options',
			options: [
				{ name: '4K', value: '4k' },
				{ name: '8K', value: '8k' },
			],
			default: '4k',
			description:
				'Target resolution. The input may be at most 4096×4096 and 4.7 MB, with an aspect ratio from 1:3 to 3:1.',
		},
	],
	mask: false,
	options: [
		{
			displayName: 'Detail (Scale)',
			name: 'upscaleScale',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 0 },
			default: 50,
			description: 'How much new detail to generate, 0 to 100. Unset, the service uses 50.',
		},
	],
});

/** Reads and checks the item (one image within the limits, the resolution); nothing is sent. */
export async function prepare(this: IExecuteFunctions, itemIndex: number) {
	const resolution = String(this.getNodeParameter('upscaleResolution', itemIndex, '4k'));
	if (!RESOLUTIONS.includes(resolution)) {
		fail(this, itemIndex, `Resolution must be 4k or 8k, not "${resolution.slice(0, 20)}"`);
	}
	const body = await editBody(this, itemIndex, 'upscale', false);
	body.resolution = resolution;
	const scale = integerOption(this, itemIndex, 'upscaleScale', 'Detail (Scale)', {
		min: 0,
		max: 100,
	});
	if (scale !== undefined) body.scale = scale;
	return editTaskRequest(this, itemIndex, body);
}
