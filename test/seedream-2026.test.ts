/**
 * The 2026 Seedream models on Ark in n8n's engine, against the fake's Ark rules (written from the
 * BytePlus page and, for 5.5, the relays' schemas, not from the node's table): Model + Prompt
 * works for each; layer decomposition gives one item per layer, the base first, paired with its
 * input item; background, prompt mode and layer rules are refused before any paid call, and the
 * fake refuses the same bodies, so without the node's check each would be a paid, failed call.
 */
import type { INodeParameters } from 'n8n-workflow';

import type { FakeUpstream } from './fake-upstream';
import { makeImage } from './fake-upstream';
import type { InputItem } from './harness/runNode';
import {
	TEST_BEARER,
	expectImageItem,
	lastJson,
	modelById,
	pngInput,
	runOpenAi,
	useFakeUpstream,
} from './openai-support';

const fixture = useFakeUpstream();

const PRO = 'dola-seedream-5-0-pro-260628';
const FLASH = 'dola-seedream-5-0-flash-260915';
const V55 = 'dola-seedream-5-5-261028';

const rl = (value: string) => ({ __rl: true, mode: 'list', value });

function generate(model: string, extra: INodeParameters = {}): INodeParameters {
	return { operation: 'generate', model: modelById(model), prompt: 'A red fox in snow', ...extra };
}

/** One reference image from the item's binary field `photo`. */
const fromBinary = {
	referenceImages: { images: [{ source: 'binary', binaryPropertyName: 'photo' }] },
};

/** Posts a body straight to the fake's Ark route: what the service would answer without the node. */
async function arkAnswers(fake: FakeUpstream, body: Record<string, unknown>) {
	const response = await fetch(`${fake.arkBaseUrl}/images/generations`, {
		method: 'POST',
		headers: { authorization: `Bearer ${TEST_BEARER}`, 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return {
		status: response.status,
		json: (await response.json()) as { error?: { code?: string; param?: string } },
	};
}

const pngUri = (width: number, height: number) =>
	`data:image/png;base64,${makeImage('png', width, height).toString('base64')}`;
const jpegUri = (width: number, height: number) =>
	`data:image/jpeg;base64,${makeImage('jpeg', width, height).toString('base64')}`;

describe('Model + Prompt works for each 2026 model (default size, nothing else sent)', () => {
	test.each([
		[PRO, 'id', 'jpeg'],
		['doubao-seedream-5-0-pro-260628', 'list', 'jpeg'],
		[FLASH, 'list', 'jpeg'],
		['doubao-seedream-5-0-flash-260915', 'id', 'jpeg'],
		[V55, 'list', 'png'],
		['seedream-5-5-261028', 'id', 'png'],
	] as const)('%s (%s)', async (model, mode, type) => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			base: 'ark',
			parameters: {
				operation: 'generate',
				model: mode === 'list' ? rl(model) : modelById(model),
				prompt: 'A red fox in snow',
			},
		});
		expect(result.error).toBeUndefined();
		expect(fake.paidCalls()).toBe(1);
		expect(lastJson(fake, 'generations')).toEqual({ model, prompt: 'A red fox in snow' });
		expect(result.items).toHaveLength(1);
		expectImageItem(result.items[0], { type, width: 2048, height: 2048 });
	});

	test('a 1.5K tier and a preset of the table pass the fake', async () => {
		const { fake } = fixture;
		for (const size of ['1.5K', '2352x1008']) {
			const result = await runOpenAi({
				fake,
				base: 'ark',
				parameters: generate(PRO, { size: 'size', customSize: size }),
			});
			expect(result.error).toBeUndefined();
			expect(lastJson(fake, 'generations').size).toBe(size);
		}
	});
});

describe('layer decomposition: one item per layer, the base first, paired with its input', () => {
	test('two input items, answers out of order: base then layers 1..3 for each item', async () => {
		const { fake } = fixture;
		fake.configure({ openai: { layerCount: 3, shuffleLayers: true } });
		const input = [
			pngInput({ photo: { width: 1024, height: 1024 } }),
			pngInput({ photo: { width: 1280, height: 960 } }),
		];
		const result = await runOpenAi({
			fake,
			base: 'ark',
			input,
			parameters: generate(PRO, { ...fromBinary, options: { layerDecomposition: true } }),
		});
		expect(result.error).toBeUndefined();
		expect(fake.paidCalls()).toBe(2);
		const body = lastJson(fake, 'generations');
		expect(body.layer_decomposition).toBe(true);
		expect(body.image).toEqual([expect.stringMatching(/^data:image\/png;base64,/)]);
		expect(body.background).toBeUndefined();

		expect(result.items).toHaveLength(8);
		for (const [item, size] of [
			[0, { width: 1024, height: 1024 }],
			[1, { width: 1280, height: 960 }],
		] as const) {
			const items = result.items.filter(
				(out) => out.pairedItem && (out.pairedItem as { item: number }).item === item,
			);
			expect(items.map((out) => out.json.zIndex)).toEqual([0, 1, 2, 3]);
			expect(items[0].json).toMatchObject({ isBaseImage: true, zIndex: 0 });
			expect(items[0].json.boundingBox).toBeUndefined();
			expectImageItem(items[0], { type: 'png', ...size, pairedItem: item });
			for (const layer of items.slice(1)) {
				const box = layer.json.boundingBox as { absolute: number[]; normalized: number[] };
				expect(layer.json).toMatchObject({
					isBaseImage: false,
					layerName: `Layer ${String(layer.json.zIndex)}`,
				});
				expect(box.absolute).toHaveLength(4);
				expect(box.normalized).toHaveLength(4);
				const [left, top, right, bottom] = box.absolute;
				// The layer's file is the box's size, as the service documents.
				expectImageItem(layer, {
					type: 'png',
					width: right - left,
					height: bottom - top,
					pairedItem: item,
				});
			}
		}
	});

	test('Edit: the input image is split the same way (Ark: generations with "image")', async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			base: 'ark',
			input: [pngInput({ data: { width: 1024, height: 1024 } })],
			parameters: {
				operation: 'edit',
				model: modelById(FLASH),
				prompt: 'Split the title and the parrot',
				inputImages: 'data',
				options: { layerDecomposition: true },
			},
		});
		expect(result.error).toBeUndefined();
		expect(fake.count('edits')).toBe(0);
		expect(lastJson(fake, 'generations')).toMatchObject({ layer_decomposition: true });
		expect(result.items.map((item) => item.json.zIndex)).toEqual([0, 1, 2, 3]);
	});

	test('nothing lost: a base image whose download fails keeps its URL and zIndex; the layers are output', async () => {
		const { fake } = fixture;
		fake.fault('download', { kind: 'http', status: 404, body: 'gone' }, 1);
		const result = await runOpenAi({
			fake,
			base: 'ark',
			input: [pngInput({ photo: { width: 1024, height: 1024 } })],
			parameters: generate(PRO, { ...fromBinary, options: { layerDecomposition: true } }),
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(4);
		expect(result.items[0].json).toMatchObject({ zIndex: 0, isBaseImage: true });
		expect(result.items[0].json.error).toEqual(expect.any(String));
		expect(result.items[0].json.url).toMatch(/\/files\/base-/);
		expect(result.items[0].binary).toBeUndefined();
		for (const layer of result.items.slice(1)) expect(layer.binary?.data).toBeDefined();
	});

	test('Seedream 5.5 takes it too; Max Images per Run counts the base and every layer (5.0 Pro: 1 + 16)', async () => {
		const { fake } = fixture;
		const ok = await runOpenAi({
			fake,
			base: 'ark',
			input: [pngInput({ photo: { width: 1024, height: 1024 } })],
			parameters: generate(V55, { ...fromBinary, options: { layerDecomposition: true } }),
		});
		expect(ok.error).toBeUndefined();
		expect(ok.items.map((item) => item.json.zIndex)).toEqual([0, 1, 2, 3]);

		fake.reset();
		const refused = await runOpenAi({
			fake,
			base: 'ark',
			input: [pngInput({ photo: { width: 1024, height: 1024 } })],
			parameters: generate(PRO, {
				...fromBinary,
				options: { layerDecomposition: true, maxImagesPerRun: 16 },
			}),
		});
		expect(refused.error?.message).toBe('The run would pass its budget');
		expect(refused.error?.description).toMatch(/17 images/);
		expect(fake.paidCalls()).toBe(0);
	});
});

interface Refusal {
	label: string;
	parameters: INodeParameters;
	input?: InputItem[];
	message: RegExp;
	/** The same request as the fake (the service) would get it; it must refuse it as well. */
	body: Record<string, unknown>;
}

const onePng = [pngInput({ photo: { width: 1024, height: 1024 } })];
const refs = (count: number) => ({
	referenceImages: {
		images: Array.from({ length: count }, (_, i) => ({
			source: 'url',
			url: `https://example.com/${i}.png`,
		})),
	},
});

const refusals: Refusal[] = [
	{
		label: 'transparent background with JPEG output',
		parameters: generate(V55, { options: { background: 'transparent', outputFormat: 'jpeg' } }),
		message:
			/Background "transparent" needs Output Format png; Seedream 5\.5 refuses it with "jpeg"/,
		body: { model: V55, prompt: 'p', background: 'transparent', output_format: 'jpeg' },
	},
	{
		label: 'Seedream 5.0 Pro: transparent background without an input image',
		parameters: generate(PRO, { options: { background: 'transparent' } }),
		message: /Background "transparent" on Seedream 5\.0 Pro needs exactly 1 input image/,
		body: { model: PRO, prompt: 'p', background: 'transparent' },
	},
	{
		label: 'Seedream 5.0 Pro: transparent background from a JPEG input',
		input: [pngInput({ photo: { width: 1024, height: 1024, format: 'jpeg' } })],
		parameters: generate(PRO, { ...fromBinary, options: { background: 'transparent' } }),
		message: /needs an input image with an alpha channel; a JPEG has none \(Reference Images\)/,
		body: { model: PRO, prompt: 'p', background: 'transparent', image: [jpegUri(1024, 1024)] },
	},
	{
		label: 'Seedream 5.0 Flash: background "opaque" without an input image',
		parameters: generate(FLASH, { options: { background: 'opaque' } }),
		message:
			/Background "opaque" on Seedream 5\.0 Flash needs exactly 1 input image with an alpha channel \(Reference Images\), but 0 were given/,
		body: { model: FLASH, prompt: 'p', background: 'opaque' },
	},
	{
		label: 'Seedream 5.0 Pro: background "auto" (only transparent / opaque)',
		parameters: generate(PRO, { options: { background: 'auto' } }),
		message: /Background "auto" is not accepted by Seedream 5\.0 Pro; it takes transparent, opaque/,
		body: { model: PRO, prompt: 'p', background: 'auto' },
	},
	{
		label: 'Seedream 5.0 Flash: fast prompt optimisation (Pro only)',
		parameters: generate(FLASH, { options: { promptMode: 'fast' } }),
		message: /Prompt Optimization "fast" is not accepted by Seedream 5\.0 Flash; it takes standard/,
		body: { model: FLASH, prompt: 'p', optimize_prompt_options: { mode: 'fast' } },
	},
	{
		label: 'Seedream 5.0 Pro: 11 reference images',
		parameters: generate(PRO, refs(11)),
		message: /Reference Images: Seedream 5\.0 Pro takes at most 10 input images, but 11 were given/,
		body: {
			model: PRO,
			prompt: 'p',
			image: Array.from({ length: 11 }, (_, i) => `https://example.com/${i}.png`),
		},
	},
	{
		label: 'Seedream 5.5: 11 reference images',
		parameters: generate(V55, refs(11)),
		message: /Reference Images: Seedream 5\.5 takes at most 10 input images, but 11 were given/,
		body: {
			model: V55,
			prompt: 'p',
			image: Array.from({ length: 11 }, (_, i) => `https://example.com/${i}.png`),
		},
	},
	{
		label: 'Seedream 5.5: 3K (1K, 1.5K and 2K only)',
		parameters: generate(V55, { size: 'size', customSize: '3K' }),
		message:
			/Size "3K" is not accepted by Seedream 5\.5: it takes 2K, 1\.5K, 1K or a size in pixels/,
		body: { model: V55, prompt: 'p', size: '3K' },
	},
	{
		label: 'Seedream 5.0 Flash: 512x512 is below its floor',
		parameters: generate(FLASH, { size: 'size', customSize: '512x512' }),
		message: /Size "512x512" is not accepted by Seedream 5\.0 Flash: .*needs at least 0\.92 MP/,
		body: { model: FLASH, prompt: 'p', size: '512x512' },
	},
	{
		label: 'Seedream 5.5: group images',
		parameters: generate(V55, { options: { maxImages: 3 } }),
		message: /Group Images \(Sequential\) is not an option of Seedream 5\.5/,
		body: {
			model: V55,
			prompt: 'p',
			sequential_image_generation: 'auto',
			sequential_image_generation_options: { max_images: 3 },
		},
	},
	{
		label: 'layer decomposition with two images',
		parameters: generate(PRO, { ...refs(2), options: { layerDecomposition: true } }),
		message: /Layer Decomposition needs exactly one input image \(Reference Images\); 2 were given/,
		body: {
			model: PRO,
			prompt: 'p',
			layer_decomposition: true,
			image: ['https://example.com/0.png', 'https://example.com/1.png'],
		},
	},
	{
		label: 'layer decomposition without an image',
		parameters: generate(FLASH, { options: { layerDecomposition: true } }),
		message: /Layer Decomposition needs exactly one input image \(Reference Images\); 0 were given/,
		body: { model: FLASH, prompt: 'p', layer_decomposition: true },
	},
	{
		label: 'layer decomposition with a background',
		input: onePng,
		parameters: generate(V55, {
			...fromBinary,
			options: { layerDecomposition: true, background: 'opaque' },
		}),
		message: /Background cannot be sent with Layer Decomposition: Seedream 5\.5 refuses the pair/,
		body: {
			model: V55,
			prompt: 'p',
			layer_decomposition: true,
			background: 'opaque',
			image: [pngUri(1024, 1024)],
		},
	},
	{
		label: 'layer decomposition with a size in pixels (tiers and auto only)',
		input: onePng,
		parameters: generate(PRO, {
			...fromBinary,
			size: '2048x2048',
			options: { layerDecomposition: true },
		}),
		message:
			/Size "2048x2048" is not accepted by Seedream 5\.0 Pro with Layer Decomposition: it takes 1K, 1\.5K, 2K, auto/,
		body: {
			model: PRO,
			prompt: 'p',
			layer_decomposition: true,
			size: '2048x2048',
			image: [pngUri(1024, 1024)],
		},
	},
	{
		label: 'layer decomposition on a model without it',
		input: onePng,
		parameters: generate('doubao-seedream-4-5-251128', {
			...fromBinary,
			options: { layerDecomposition: true },
		}),
		message: /Layer Decomposition is not an option of Seedream 4\.5/,
		body: {
			model: 'doubao-seedream-4-5-251128',
			prompt: 'p',
			layer_decomposition: true,
			image: [pngUri(1024, 1024)],
		},
	},
];

describe('refused before any paid call, naming the field and the item', () => {
	test.each(refusals)('$label', async ({ parameters, input, message }) => {
		const { fake } = fixture;
		const items = input ?? [{ json: {} }];
		const result = await runOpenAi({ fake, base: 'ark', parameters, input: items });
		expect(result.error?.message).toMatch(message);
		expect(result.error?.itemIndex).toBe(0);
		expect(fake.paidCalls()).toBe(0);
	});

	test.each(refusals)('the fake refuses it too: $label', async ({ body }) => {
		const { fake } = fixture;
		const answer = await arkAnswers(fake, body);
		expect(answer.status).toBe(400);
		expect(answer.json.error?.code).toBe('InvalidParameter');
	});

	test('only the second item is bad: nothing is sent, the second item is named', async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			base: 'ark',
			input: [{ json: { format: 'png' } }, { json: { format: 'jpeg' } }],
			parameters: generate(V55, {
				options: { background: 'transparent', outputFormat: '={{ $json.format }}' },
			}),
		});
		expect(result.error?.message).toMatch(/Background "transparent" needs Output Format png/);
		expect(result.error?.itemIndex).toBe(1);
		expect(fake.paidCalls()).toBe(0);
	});

	test('the fake accepts what the node sends when the rules hold', async () => {
		const { fake } = fixture;
		for (const body of [
			{ model: V55, prompt: 'p', background: 'transparent', output_format: 'png' },
			{ model: PRO, prompt: 'p', background: 'transparent', image: [pngUri(1024, 1024)] },
			{ model: PRO, prompt: 'p', optimize_prompt_options: { mode: 'fast' } },
			{ model: FLASH, prompt: 'p', background: 'opaque', image: [pngUri(1024, 1024)] },
			{ model: V55, prompt: 'p', background: 'opaque' },
			{
				model: FLASH,
				prompt: 'p',
				layer_decomposition: true,
				size: 'auto',
				image: [pngUri(1024, 1024)],
			},
		]) {
			expect((await arkAnswers(fake, body)).status).toBe(200);
		}
	});
});

describe('transparent output and prompt optimisation reach the service', () => {
	test('Seedream 5.0 Pro: one PNG in, transparent out, fast prompt mode', async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			base: 'ark',
			input: onePng,
			parameters: generate(PRO, {
				...fromBinary,
				options: { background: 'transparent', outputFormat: 'png', promptMode: 'fast' },
			}),
		});
		expect(result.error).toBeUndefined();
		expect(lastJson(fake, 'generations')).toMatchObject({
			background: 'transparent',
			output_format: 'png',
			optimize_prompt_options: { mode: 'fast' },
		});
		expectImageItem(result.items[0], { type: 'png', width: 2048, height: 2048 });
	});
});

describe("Ark's Agent Plan base URL (/api/plan/v3) is Ark", () => {
	test('an edit goes to /images/generations with "image", as on /api/v3', async () => {
		const { fake } = fixture;
		const result = await runOpenAi({
			fake,
			url: `${fake.url}/api/plan/v3`,
			input: [pngInput({ data: { width: 1024, height: 1024 } })],
			parameters: {
				operation: 'edit',
				model: modelById(FLASH),
				prompt: 'Make it night',
				inputImages: 'data',
			},
		});
		expect(result.error).toBeUndefined();
		expect(fake.count('edits')).toBe(0);
		expect(fake.lastCall('generations')!.path).toBe('/api/plan/v3/images/generations');
		expect(lastJson(fake, 'generations').image).toEqual([
			expect.stringMatching(/^data:image\/png;base64,/),
		]);
	});
});
