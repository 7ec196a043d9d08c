import { baseFirst, layerJson, layerOf } from '../nodes/Jimeng/openai/layers';

describe('layer decomposition answers', () => {
	test('reads z_index, both boxes, name and description as the BytePlus example shows them', () => {
		expect(
			layerOf({
				url: 'https://x/1.png',
				z_index: 1,
				bounding_box: { absolute: [383, 120, 1655, 384], normalized: [187, 59, 808, 188] },
				name: 'Seedream title text',
				description: 'Large yellow title text',
			}),
		).toEqual({
			zIndex: 1,
			boundingBox: { absolute: [383, 120, 1655, 384], normalized: [187, 59, 808, 188] },
			name: 'Seedream title text',
			description: 'Large yellow title text',
		});
		expect(layerOf({ url: 'https://x/0.jpeg', z_index: 0 })).toEqual({ zIndex: 0 });
	});

	test('entries without an integer z_index are no layers; malformed boxes are dropped', () => {
		expect(layerOf({ url: 'https://x' })).toBeUndefined();
		expect(layerOf({ z_index: '1' })).toBeUndefined();
		expect(layerOf({ z_index: 2, bounding_box: { absolute: [1, 2, 3] } })).toEqual({ zIndex: 2 });
	});

	test('the base first, then bottom to top; ties and plain entries keep their order', () => {
		const data = [3, 0, 2, 1].map((zIndex) => ({ id: `z${zIndex}`, layer: { zIndex } }));
		expect(baseFirst(data).map((d) => d.id)).toEqual(['z0', 'z1', 'z2', 'z3']);
		const plain: Array<{ id: string; layer?: { zIndex: number } }> = [{ id: 'a' }, { id: 'b' }];
		expect(baseFirst(plain)).toBe(plain);
	});

	test('the JSON of an item', () => {
		expect(layerJson({ zIndex: 0 })).toEqual({ zIndex: 0, isBaseImage: true });
		expect(
			layerJson({
				zIndex: 4,
				boundingBox: { normalized: [1, 2, 3, 4] },
				name: 'n',
				description: 'd',
			}),
		).toEqual({
			zIndex: 4,
			isBaseImage: false,
			boundingBox: { normalized: [1, 2, 3, 4] },
			layerName: 'n',
			layerDescription: 'd',
		});
	});
});
