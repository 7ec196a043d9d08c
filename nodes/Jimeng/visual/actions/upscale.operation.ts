import type { IExecuteFunctions } from 'n8n-workflow';

import { fail } from '../../errors/errors';
import { inputLimitsOf } from '../../images/editImages';
import { findModel } from '../../models/models';
import {
	EDIT_REQ_KEY,
	editBody,
	editOperationDescription,
	editTaskRequest,
	integerOption,
} from './editTask';

export { executeEditTask as execute } from './editTask';

const RESOLUTIONS = ['4k', '8k'];
// The input limits the editor states are the ones the checks use.
const INPUT = inputLimitsOf(
	findModel(EDIT_REQ_KEY.upscale, 'volcengine') ?? { label: EDIT_REQ_KEY.upscale },
);

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
			description: `Target resolution. The input may be at most ${INPUT.maxSide}×${INPUT.maxSide} and ${((INPUT.maxBytes ?? 0) / 1024 / 1024).toFixed(1)} MB, with an aspect ratio from 1:${INPUT.maxAspect} to ${INPUT.maxAspect}:1.`,
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
