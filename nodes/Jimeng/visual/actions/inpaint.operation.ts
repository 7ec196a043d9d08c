import type { IExecuteFunctions } from 'n8n-workflow';

import { fail } from '../../errors/errors';
import { editBody, editOperationDescription, editTaskRequest, seedField } from './editTask';

export { executeEditTask as execute } from './editTask';

/** The prompt the service reads as "remove what the mask covers" (official page 85621/1976207). */
export const REMOVE_PROMPT = '删除';

export const description = editOperationDescription('inpaint', {
	fields: [
		{
			displayName: 'Mode',
			name: 'inpaintMode',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Redraw the Masked Region',
					value: 'redraw',
					description: 'Paint what the prompt describes where the mask is white',
				},
				{
					name: 'Remove the Masked Region',
					value: 'remove',
					description: 'Erase what the mask covers and fill in the background (prompt "删除")',
				},
			],
			default: 'redraw',
		},
		{
			displayName: 'Prompt',
			name: 'prompt',
			type: 'string',
			typeOptions: { rows: 3 },
			// Not `required`: an expression in the field that shows it would make n8n require it
			// on every branch; the item check refuses it empty before anything is sent.
			default: '',
			placeholder: 'e.g. a red vase with white flowers',
			displayOptions: { show: { inpaintMode: ['redraw'] } },
			description:
				'What to paint in the masked region, in Chinese or English. Put new text to write in the image in “quotes”.',
		},
	],
	mask: {},
	options: [
		{
			displayName: 'Seed',
			name: 'seed',
			type: 'number',
			default: 101,
			description:
				'Same seed and inputs give the same result; -1 picks a random one. Unset, the service uses 101.',
		},
	],
});

/** Reads and checks the item (image, mask of the same size, prompt); nothing is sent. */
export async function prepare(this: IExecuteFunctions, itemIndex: number) {
	const mode = this.getNodeParameter('inpaintMode', itemIndex, 'redraw') as string;
	const prompt =
		mode === 'remove'
			? REMOVE_PROMPT
			: String(this.getNodeParameter('prompt', itemIndex, '') ?? '').trim();
	if (prompt === '') {
		fail(
			this,
			itemIndex,
			'Prompt is empty',
			'Say what to paint in the masked region, or choose the mode Remove the Masked Region. Nothing was sent.',
		);
	}
	const body = {
		...(await editBody(this, itemIndex, 'inpaint', true)),
		prompt,
		...seedField(this, itemIndex),
	};
	return editTaskRequest(this, itemIndex, body);
}
