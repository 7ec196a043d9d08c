import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { fail } from '../../errors/errors';
import { checkEdges, type Edges } from '../../images/editImages';
import { editBody, editOperationDescription, editTaskRequest, seedField } from './editTask';

export { executeEditTask as execute } from './editTask';

const EDGE_PROPERTIES: Array<[keyof Edges, string, string, number]> = [
	['top', 'expandTop', 'Expand Top', 0],
	['bottom', 'expandBottom', 'Expand Bottom', 0],
	['left', 'expandLeft', 'Expand Left', 0.25],
	['right', 'expandRight', 'Expand Right', 0.25],
];

export const description = editOperationDescription('outpaint', {
	fields: [
		{
			displayName: 'Mode',
			name: 'outpaintMode',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Extend Edges',
					value: 'edges',
					description: 'Extend the image on each side by a share of that side',
				},
				{
					name: 'Canvas and Mask',
					value: 'canvas',
					description:
						'Send a larger canvas with the image placed on it and a mask of the same size marking the area to fill in white',
				},
			],
			default: 'edges',
		},
		...EDGE_PROPERTIES.map(
			([side, name, displayName, fallback]): INodeProperties => ({
				displayName,
				name,
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
				default: fallback,
				displayOptions: { show: { outpaintMode: ['edges'] } },
				description: `How far to extend the ${side} side, as a share of the image's ${side === 'top' || side === 'bottom' ? 'height' : 'width'} (0 to 1)`,
			}),
		),
		{
			displayName: 'Prompt',
			name: 'prompt',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			placeholder: 'e.g. a quiet beach at sunset',
			description: 'Optional: what the new area should show, in Chinese or English',
		},
	],
	mask: { outpaintMode: ['canvas'] },
	options: [
		{
			displayName: 'Seed',
			name: 'seed',
			type: 'number',
			default: -1,
			description: 'Same seed and inputs give the same result; -1 picks a random one',
		},
	],
});

/** Reads and checks the item (edges, or canvas and mask of one size); nothing is sent. */
export async function prepare(this: IExecuteFunctions, itemIndex: number) {
	const canvas = this.getNodeParameter('outpaintMode', itemIndex, 'edges') === 'canvas';
	const body = await editBody(this, itemIndex, 'outpaint', canvas);
	if (!canvas) {
		const edges = {} as Edges;
		for (const [side, name, , fallback] of EDGE_PROPERTIES) {
			edges[side] = Number(this.getNodeParameter(name, itemIndex, fallback));
		}
		const problem = checkEdges(edges);
		if (problem) fail(this, itemIndex, problem);
		Object.assign(body, edges);
	}
	const prompt = String(this.getNodeParameter('prompt', itemIndex, '') ?? '').trim();
	if (prompt !== '') body.prompt = prompt;
	Object.assign(body, seedField(this, itemIndex));
	return editTaskRequest(this, itemIndex, body);
}
