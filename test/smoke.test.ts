import { Jimeng } from '../nodes/Jimeng/Jimeng.node';

test('node description names both backends', () => {
	const node = new Jimeng();
	const backend = node.description.properties.find((p) => p.name === 'resource');
	expect(backend?.options?.map((o) => (o as { value: string }).value)).toEqual(['openai', 'volcengine']);
});
