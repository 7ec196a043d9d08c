/**
 * Every paid operation of both node types offers the run's budget (issue 18, defect a): the
 * editor's descriptions are walked, so a new paid operation without Max Images / Max Cost fails
 * here. And the budget holds on Upscale in n8n's engine: nothing is sent when it would pass.
 */
import type {
	INodeParameters,
	INodeProperties,
	INodePropertyOptions,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Jimeng } from '../nodes/Jimeng/Jimeng.node';
import { JimengVisual } from '../nodes/Jimeng/JimengVisual.node';
import { encodeJpeg, type FakeUpstream } from './fake-upstream';
import { runVolc, startVolcFake } from './volcengine-setup';

/** Operations that send no paid call. */
const FREE_OPERATIONS = ['waitForResult'];
const BUDGET = ['maxImagesPerRun', 'maxCostPerRun'];

function operationsOf(description: INodeTypeDescription): string[] {
	const operation = description.properties.find((p) => p.name === 'operation');
	expect(operation?.options?.length).toBeGreaterThan(0);
	return (operation!.options as INodePropertyOptions[]).map((o) => String(o.value));
}

/**
 * The names of the Options collection's entries the editor shows for an operation, judged by
 * n8n's own display logic for every model of the API-key node's list (an option gated by a model
 * feature would be missing for some of them).
 */
function optionNamesFor(description: INodeTypeDescription, operation: string): string[] {
	const collections = description.properties.filter(
		(p) =>
			p.name === 'options' &&
			p.type === 'collection' &&
			(p.displayOptions?.show?.operation as string[] | undefined)?.includes(operation),
	);
	const models = [
		'doubao-seedream-4-5-251128',
		'dola-seedream-5-0-pro-260628',
		'gpt-image-2',
		'jimeng-4.0',
	];
	const shownForEvery = (option: INodeProperties) =>
		models.every((value) => {
			const root: INodeParameters = {
				operation,
				model: { __rl: true, mode: 'list', value },
				options: {},
			};
			return NodeHelpers.displayParameter({}, option, null, null, root);
		});
	return collections.flatMap((p) =>
		((p.options ?? []) as INodeProperties[]).filter(shownForEvery).map((o) => o.name),
	);
}

describe.each([
	['Jimeng (API key)', new Jimeng().description],
	['Jimeng Visual', new JimengVisual().description],
])('%s: every paid operation offers the budget', (_node, description) => {
	const paid = operationsOf(description).filter((op) => !FREE_OPERATIONS.includes(op));

	it('has paid operations', () => expect(paid.length).toBeGreaterThan(0));

	it.each(paid)('%s offers Max Images per Run and Max Cost per Run', (operation) => {
		expect(optionNamesFor(description, operation)).toEqual(expect.arrayContaining(BUDGET));
	});
});

it('the visual node has Generate, Edit, Submit Task, Inpaint, Upscale and Outpaint as paid operations', () => {
	expect(operationsOf(new JimengVisual().description)).toEqual(
		expect.arrayContaining(['generate', 'edit', 'submitTask', 'inpaint', 'upscale', 'outpaint']),
	);
});

describe('Upscale within Max Cost per Run (engine, signed fake)', () => {
	let fake: FakeUpstream;
	beforeAll(async () => {
		fake = await startVolcFake();
	});
	afterAll(async () => await fake.close());
	beforeEach(() => fake.reset());

	const input = [
		{
			json: {},
			binary: {
				data: {
					data: encodeJpeg(900, 600, [200, 80, 40]),
					mimeType: 'image/jpeg',
					fileName: 'a.jpg',
				},
			},
		},
	];

	it('Max Cost 0.3 CNY refuses an Upscale billed 0.40 CNY, nothing sent', async () => {
		const result = await runVolc(
			fake,
			{ operation: 'upscale', options: { maxPollInterval: 1, maxCostPerRun: 0.3 } },
			{ input },
		);
		expect(result.error?.message).toBe('The run would pass its budget');
		expect(result.error?.description).toMatch(/up to 0\.4 CNY .*Max Cost per Run \(0\.3 CNY\)/);
		expect(fake.paidCalls()).toBe(0);
		expect(fake.count('submit')).toBe(0);
	});

	it('Max Cost 0.4 CNY lets it through (one paid call)', async () => {
		const result = await runVolc(
			fake,
			{ operation: 'upscale', options: { maxPollInterval: 1, maxCostPerRun: 0.4 } },
			{ input },
		);
		expect(result.error).toBeUndefined();
		expect(fake.count('submit')).toBe(1);
	});
});
