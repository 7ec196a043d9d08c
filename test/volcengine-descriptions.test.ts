/**
 * The limits the Volcengine editor states in words are the model table's, so the text a user reads
 * and the checks before a paid call cannot disagree.
 */
import type { INodeProperties } from 'n8n-workflow';

import { JimengVisual } from '../nodes/Jimeng/JimengVisual.node';
import { modelsFor } from '../nodes/Jimeng/models/models';

const properties = new JimengVisual().description.properties;

function fieldFor(name: string, operation: string): INodeProperties {
	const found = properties.find(
		(p) =>
			p.name === name &&
			(p.displayOptions?.show?.operation as string[] | undefined)?.includes(operation),
	);
	expect(found).toBeDefined();
	return found!;
}

describe.each(['generate', 'edit', 'submitTask'] as const)('Volcengine %s', (operation) => {
	test('the prompt limit stated is the largest of the listed models', () => {
		const max = Math.max(...modelsFor(operation).map((m) => m.maxPromptChars ?? 0));
		expect(fieldFor('prompt', operation).description).toContain(`at most ${max} characters`);
	});

	test('every URL-only model with its image count is named in the image field', () => {
		const name = operation === 'edit' ? 'inputImageUrls' : 'referenceImages';
		const urlModels = modelsFor(operation).filter(
			(m) => m.maxInputImages > 0 && !m.visual.binaryInput,
		);
		expect(urlModels.length).toBeGreaterThan(0);
		const description = properties
			.filter((p) => p.name === name)
			.map((p) => p.description)
			.join(' ');
		for (const model of urlModels) {
			expect(description).toMatch(
				new RegExp(`${model.label} (takes )?up to ${model.maxInputImages}\\b`),
			);
		}
	});
});

test('the byte limit of a binary input is the table’s', () => {
	const binary = modelsFor('edit').filter((m) => m.visual.binaryInput);
	expect(binary.length).toBeGreaterThan(0);
	const megabytes = (Math.max(...binary.map((m) => m.maxInputBytes ?? 0)) / 1024 / 1024).toFixed(1);
	expect(fieldFor('inputImageSource', 'edit').description).toContain(`≤ ${megabytes} MB`);
});
