/**
 * Options per model, judged by n8n's own display logic (n8n-workflow NodeHelpers.displayParameter,
 * the function the editor uses): GPT-only options for GPT models and Seedream-only ones for
 * Seedream when the model is picked from the list; every option By ID, as an expression, or for an
 * ID the model table does not know. And the size dropdown per model.
 */
import type { INodeProperties, INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { description as editDescription } from '../nodes/Jimeng/openai/actions/edit.operation';
import { description as generateDescription } from '../nodes/Jimeng/openai/actions/generate.operation';
import { findModel, sizeChoices } from '../nodes/Jimeng/models/models';

function optionsOf(description: INodeProperties[]): INodeProperties[] {
	const collection = description.find((p) => p.name === 'options');
	return (collection?.options ?? []) as INodeProperties[];
}

function visible(description: INodeProperties[], model: INodeParameters['model']): string[] {
	const root: INodeParameters = { model, options: {} };
	const names = optionsOf(description)
		.filter((option) => NodeHelpers.displayParameter({}, option, null, null, root))
		.map((option) => option.name);
	// An option listed twice (one copy per model mode) must never show both copies.
	expect(new Set(names).size).toBe(names.length);
	return names.sort();
}

const rl = (mode: string, value: string) => ({ __rl: true, mode, value });
const GPT = ['background', 'moderation', 'outputCompression', 'quality', 'user'];
/** Options of the gpt-image models alone (Background is Seedream 5.x's as well). */
const GPT_ONLY = GPT.filter((name) => name !== 'background');
const SEEDREAM_2026 = ['background', 'layerDecomposition', 'promptMode'];
const SEEDREAM_GROUP = ['maxImages', 'sequentialImageGeneration'];

describe('Generate options per model', () => {
	test('gpt-image-2 from the list: GPT options, no Seedream ones', () => {
		const names = visible(generateDescription, rl('list', 'gpt-image-2'));
		expect(names).toEqual(
			expect.arrayContaining([...GPT, 'n', 'outputFormat', 'stream', 'responseFormat']),
		);
		for (const name of [...SEEDREAM_GROUP, 'watermark', 'seed']) expect(names).not.toContain(name);
	});

	test('Seedream 4.5 from the list: group, n (relays), stream, watermark; no GPT options', () => {
		const names = visible(generateDescription, rl('list', 'doubao-seedream-4-5-251128'));
		expect(names).toEqual(
			expect.arrayContaining([...SEEDREAM_GROUP, 'n', 'stream', 'watermark', 'responseFormat']),
		);
		for (const name of [...GPT, 'outputFormat', 'seed']) expect(names).not.toContain(name);
	});

	test.each([
		'dola-seedream-5-0-pro-260628',
		'doubao-seedream-5-0-pro-260628',
		'dola-seedream-5-0-flash-260915',
	])(
		'Seedream 5.0 Pro / Flash from the list (%s): background, layers, prompt mode; no group images, no stream',
		(id) => {
			const names = visible(generateDescription, rl('list', id));
			expect(names).toEqual(
				expect.arrayContaining(['outputFormat', 'watermark', ...SEEDREAM_2026]),
			);
			for (const name of [...SEEDREAM_GROUP, 'stream', 'n', ...GPT_ONLY]) {
				expect(names).not.toContain(name);
			}
		},
	);

	test('Seedream 5.5 from the list: background and layers; no prompt mode, group images or stream', () => {
		const names = visible(generateDescription, rl('list', 'dola-seedream-5-5-261028'));
		expect(names).toEqual(
			expect.arrayContaining(['outputFormat', 'background', 'layerDecomposition']),
		);
		for (const name of [...SEEDREAM_GROUP, 'stream', 'n', 'promptMode', ...GPT_ONLY]) {
			expect(names).not.toContain(name);
		}
	});

	test('Seedream 4.5 and 4.0 have the prompt mode but neither background nor layers', () => {
		for (const id of ['doubao-seedream-4-5-251128', 'doubao-seedream-4-0-250828']) {
			const names = visible(generateDescription, rl('list', id));
			expect(names).toContain('promptMode');
			expect(names).not.toContain('background');
			expect(names).not.toContain('layerDecomposition');
		}
	});

	test('jimeng-4.0 from the list: n, no Seedream or GPT options', () => {
		const names = visible(generateDescription, rl('list', 'jimeng-4.0'));
		expect(names).toContain('n');
		for (const name of [...SEEDREAM_GROUP, ...GPT, 'watermark', 'stream'])
			expect(names).not.toContain(name);
	});

	test.each([
		['By ID, a known model', rl('id', 'doubao-seedream-4-5-251128')],
		['By ID, an Ark endpoint', rl('id', 'ep-20250101-abc')],
		['an expression', rl('list', '={{ $json.model }}')],
		['from the list, a model the table does not know', rl('list', 'flux-1-dev')],
	])('%s: every option', (_label, model) => {
		const all = [...new Set(optionsOf(generateDescription).map((o) => o.name))].sort();
		expect(visible(generateDescription, model)).toEqual(all);
	});
});

describe('Edit options', () => {
	test('no moderation (not an edits field); input fidelity for GPT only', () => {
		const all = [...new Set(optionsOf(editDescription).map((o) => o.name))];
		expect(all).not.toContain('moderation');
		expect(visible(editDescription, rl('list', 'gpt-image-2'))).toContain('inputFidelity');
		expect(visible(editDescription, rl('list', 'doubao-seedream-4-5-251128'))).not.toContain(
			'inputFidelity',
		);
	});
});

describe('size dropdown per model', () => {
	const values = (id?: string) => sizeChoices(id ? findModel(id) : undefined).map((c) => c.value);

	test('every list starts with Model Default and ends with Custom', () => {
		for (const id of ['gpt-image-2', 'doubao-seedream-4-5-251128', 'jimeng-4.0', undefined]) {
			const list = values(id);
			expect(list[0]).toBe('default');
			expect(list[list.length - 1]).toBe('size');
		}
	});

	test('presets of the model only', () => {
		expect(values('gpt-image-2')).toEqual(
			expect.arrayContaining(['auto', '1024x1024', '1536x1024', '1024x1536']),
		);
		expect(values('gpt-image-2')).not.toContain('2K');
		expect(values('doubao-seedream-4-5-251128')).toEqual(
			expect.arrayContaining(['2048x2048', '2K', '4K']),
		);
		expect(values('doubao-seedream-4-5-251128')).not.toContain('1K');
		expect(values('doubao-seedream-4-5-251128')).not.toContain('1024x1024');
		expect(values('doubao-seedream-4-0-250828')).toContain('1K');
		expect(values('jimeng-4.0')).toEqual([
			'default',
			'1024x1024',
			'1024x1792',
			'1792x1024',
			'ratio',
			'size',
		]);
		expect(
			sizeChoices(findModel('doubao-seedream-4-5-251128')).find((c) => c.value === '2848x1600')
				?.name,
		).toBe('2848x1600 (16:9)');
	});

	test('a model the table does not know (By ID, or an expression) offers every resolution tier', () => {
		expect(values('my-relay-model')).toEqual(['default', '1K', '1.5K', '2K', '3K', '4K', 'ratio', 'size']);
		expect(values('={{ $json.model }}')).toEqual(values(undefined));
	});
});
