/**
 * run/parameterCache.ts: a parameter without expressions is read from n8n once per run, an
 * expression once per item, and every value equals what n8n's own reader gives. Alone (pure
 * reader) and inside n8n-core's engine with a probe node whose parameters are real n8n ones.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { cacheParameters, cachingReader, holdsExpression } from '../nodes/Jimeng/run/parameterCache';
import { runNode } from './harness/runNode';

describe('cachingReader alone', () => {
	const raw = { fixed: 'a cat', perItem: '={{ $json.x }}', options: { size: '1K', note: '=x' }, plain: { n: 1 } };
	const countingReader = () => {
		const calls: string[] = [];
		const read = (name: string, itemIndex: number) => {
			calls.push(`${name}#${itemIndex}`);
			return name === 'plain' ? { n: 1 } : `${name}@${itemIndex}`;
		};
		return { calls, read };
	};

	test('non-expressions once per run, expressions (and any field of a collection holding one) per item', () => {
		const { calls, read } = countingReader();
		const reader = cachingReader(read, raw);
		for (let item = 0; item < 3; item++) {
			expect(reader('fixed', item)).toBe('fixed@0');
			expect(reader('perItem', item)).toBe(`perItem@${item}`);
			expect(reader('options.size', item)).toBe(`options.size@${item}`);
		}
		expect(calls.filter((call) => call.startsWith('fixed#'))).toEqual(['fixed#0']);
		expect(calls.filter((call) => call.startsWith('perItem#'))).toEqual(['perItem#0', 'perItem#1', 'perItem#2']);
		expect(calls.filter((call) => call.startsWith('options.size#'))).toHaveLength(3);
		expect(reader.hits()).toBe(2);
	});

	test('each caller gets its own copy of an object value; a different fallback is a different read', () => {
		const { calls, read } = countingReader();
		const reader = cachingReader(read, raw);
		const first = reader('plain', 0) as { n: number };
		first.n = 99;
		expect(reader('plain', 1)).toEqual({ n: 1 });
		reader('plain', 2, {});
		expect(calls).toEqual(['plain#0', 'plain#2']);
	});

	test('disabled, it reads every parameter for every item (the benchmark baseline)', () => {
		const { calls, read } = countingReader();
		const reader = cachingReader(read, raw, false);
		for (let item = 0; item < 3; item++) reader('fixed', item);
		expect(calls).toEqual(['fixed#0', 'fixed#1', 'fixed#2']);
	});

	test('holdsExpression looks inside arrays and collections', () => {
		expect(holdsExpression('=x')).toBe(true);
		expect(holdsExpression('x=')).toBe(false);
		expect(holdsExpression({ a: [{ b: '={{1}}' }] })).toBe(true);
		expect(holdsExpression({ a: [1, 'b', null] })).toBe(false);
	});
});

describe('cacheParameters in n8n-core’s engine', () => {
	const names = ['fixedText', 'itemText', 'count', 'options.quality', 'options.label', 'plainOptions.tag', 'plainOptions'];
	/** A node whose execute reads every parameter for every item with n8n's reader, then with the cache. */
	const probe = (): INodeType & { readsByName: Record<string, number>; cached: unknown[][]; n8n: unknown[][] } => {
		const node = {
			readsByName: {} as Record<string, number>,
			cached: [] as unknown[][],
			n8n: [] as unknown[][],
			description: {
				displayName: 'Probe',
				name: 'probe',
				group: ['transform'],
				version: 1,
				description: 'reads parameters',
				defaults: { name: 'Probe' },
				inputs: [NodeConnectionTypes.Main],
				outputs: [NodeConnectionTypes.Main],
				properties: [
					{ displayName: 'Fixed Text', name: 'fixedText', type: 'string', default: '' },
					{ displayName: 'Item Text', name: 'itemText', type: 'string', default: '' },
					{ displayName: 'Count', name: 'count', type: 'number', default: 1 },
					{
						displayName: 'Options',
						name: 'options',
						type: 'collection',
						default: {},
						options: [
							{ displayName: 'Quality', name: 'quality', type: 'string', default: '' },
							{ displayName: 'Label', name: 'label', type: 'string', default: '' },
						],
					},
					{
						displayName: 'Plain Options',
						name: 'plainOptions',
						type: 'collection',
						default: {},
						options: [{ displayName: 'Tag', name: 'tag', type: 'string', default: '' }],
					},
				],
			},
			async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
				const items = this.getInputData();
				const n8nRead = this.getNodeParameter.bind(this) as (name: string, item: number, fallback?: unknown) => unknown;
				node.n8n = items.map((_, item) => names.map((name) => n8nRead(name, item, null)));
				// Count what reaches n8n's reader once the cache is on.
				this.getNodeParameter = ((name: string, item: number, fallback?: unknown, options?: object) => {
					const top = name.split('.')[0];
					node.readsByName[top] = (node.readsByName[top] ?? 0) + 1;
					return (n8nRead as (...args: unknown[]) => unknown)(name, item, fallback, options);
				}) as IExecuteFunctions['getNodeParameter'];
				const restore = cacheParameters(this as never);
				try {
					node.cached = items.map((_, item) => names.map((name) => this.getNodeParameter(name, item, null)));
				} finally {
					restore();
				}
				return [items];
			},
		};
		return node as never;
	};

	test('values equal n8n’s reader; fixed parameters reach n8n once, expressions once per item', async () => {
		const node = probe();
		const result = await runNode(node, {
			parameters: {
				fixedText: 'a red apple',
				itemText: '={{ "item " + $json.index }}',
				count: 3,
				options: { quality: 'high', label: '={{ $json.index * 2 }}' },
				plainOptions: { tag: 'bench' },
			},
			input: [0, 1, 2, 3].map((index) => ({ json: { index } })),
		});
		expect(result.error).toBeUndefined();
		expect(node.cached).toEqual(node.n8n);
		expect(node.n8n[3]).toEqual(['a red apple', 'item 3', 3, 'high', 6, 'bench', { tag: 'bench' }]);
		// fixedText, count: once; plainOptions: two distinct reads (the field and the whole), each once.
		expect(node.readsByName).toEqual({ fixedText: 1, count: 1, plainOptions: 2, itemText: 4, options: 8 });
	});
});
