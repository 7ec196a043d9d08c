/**
 * Layer decomposition answers (Seedream 5.0 Pro / Flash, 5.5): `data[]` holds the base image
 * (`z_index` 0) and the layers (`z_index` 1, 2, … in stacking order), each layer with its
 * `bounding_box` ({ absolute: [left, top, right, bottom] in the base image's pixels, normalized:
 * the same in thousandths }), `name` and `description` (BytePlus ModelArk, Seedream 5.0 pro
 * tutorial, "About the returned response"). Pure: no n8n imports.
 */

export interface BoundingBox {
	absolute?: number[];
	normalized?: number[];
}

export interface LayerInfo {
	zIndex: number;
	boundingBox?: BoundingBox;
	name?: string;
	description?: string;
}

const isBox = (value: unknown): value is number[] =>
	Array.isArray(value) && value.length === 4 && value.every((n) => typeof n === 'number');

/** The layer facts of one `data[]` entry, or undefined when it has no `z_index`. */
export function layerOf(entry: Record<string, unknown>): LayerInfo | undefined {
	const zIndex = entry.z_index;
	if (typeof zIndex !== 'number' || !Number.isInteger(zIndex)) return undefined;
	const layer: LayerInfo = { zIndex };
	const box = entry.bounding_box as Record<string, unknown> | undefined;
	if (box && typeof box === 'object') {
		const boundingBox: BoundingBox = {};
		if (isBox(box.absolute)) boundingBox.absolute = box.absolute;
		if (isBox(box.normalized)) boundingBox.normalized = box.normalized;
		if (boundingBox.absolute || boundingBox.normalized) layer.boundingBox = boundingBox;
	}
	if (typeof entry.name === 'string') layer.name = entry.name;
	if (typeof entry.description === 'string') layer.description = entry.description;
	return layer;
}

/** The base image first, then the layers bottom to top; entries without a layer keep their place. */
export function baseFirst<T extends { layer?: LayerInfo }>(data: T[]): T[] {
	if (!data.some((datum) => datum.layer)) return data;
	const order = (datum: T) => datum.layer?.zIndex ?? Number.MAX_SAFE_INTEGER;
	return data
		.map((datum, position) => ({ datum, position }))
		.sort((a, b) => order(a.datum) - order(b.datum) || a.position - b.position)
		.map(({ datum }) => datum);
}

/** What an output item's JSON says of its layer. */
export function layerJson(layer: LayerInfo): Record<string, unknown> {
	const json: Record<string, unknown> = { zIndex: layer.zIndex, isBaseImage: layer.zIndex === 0 };
	if (layer.boundingBox) json.boundingBox = layer.boundingBox;
	if (layer.name !== undefined) json.layerName = layer.name;
	if (layer.description !== undefined) json.layerDescription = layer.description;
	return json;
}
