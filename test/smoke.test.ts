import { Jimeng } from '../nodes/Jimeng/Jimeng.node';
import { JimengVisual } from '../nodes/Jimeng/JimengVisual.node';

test('two node types, each with its own credential and no backend selector', () => {
	const api = new Jimeng().description;
	const visual = new JimengVisual().description;
	expect([api.name, visual.name]).toEqual(['jimeng', 'jimengVisual']);
	expect(api.credentials).toEqual([{ name: 'jimengApi', required: true }]);
	expect(visual.credentials).toEqual([{ name: 'jimengVolcengineApi', required: true }]);
	for (const description of [api, visual]) {
		expect(description.properties.map((p) => p.name)).not.toContain('resource');
		expect(description.usableAsTool).toBe(true);
	}
	const operations = (d: typeof api) =>
		(d.properties.find((p) => p.name === 'operation')?.options ?? []).map(
			(o) => (o as { value: string }).value,
		);
	expect(operations(api).sort()).toEqual(['edit', 'generate', 'submitTask', 'waitForResult']);
	expect(operations(visual).sort()).toEqual(
		['edit', 'generate', 'inpaint', 'outpaint', 'submitTask', 'upscale', 'waitForResult'].sort(),
	);
});
