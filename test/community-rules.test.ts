/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @typescript-eslint/no-require-imports -- a test reads the package files */
/**
 * The community-node rules n8n has published (n8n-io/n8n,
 * packages/@n8n/eslint-plugin-community-nodes/docs/rules/, read 2026-12-07) that the installed
 * lint plugin (0.32.0) does not have, checked on every node and credential package.json lists.
 * Each checker is first shown to report a deliberately broken copy, so none can pass by accident.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

import * as rules from './community-rules.checkers';
import type { Codex, Description } from './community-rules.checkers';

const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** dist/nodes/X/Y.node.js -> nodes/X/Y.node.ts (the source the build compiles). */
const sourceOf = (distPath: string) =>
	join(root, distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts'));

interface LoadedNode {
	file: string;
	fileBase: string;
	source: string;
	descriptions: Description[];
	codex: Codex | undefined;
	codexFile: string;
}

function loadNodes(): LoadedNode[] {
	return (pkg.n8n.nodes as string[]).map((dist) => {
		const file = sourceOf(dist);
		const fileBase = basename(file, '.node.ts');
		const module = require(file) as Record<string, new () => object>;
		const instance = new module[fileBase]() as {
			description: Description;
			nodeVersions?: Record<string, { description: Description }>;
		};
		// A versioned node: its base description plus every version's own.
		const versions = instance.nodeVersions ? Object.values(instance.nodeVersions) : [];
		const descriptions = [instance.description, ...versions.map((v) => v.description)].map((d) => ({
			...instance.description,
			...d,
		}));
		const codexFile = join(dirname(file), `${fileBase}.node.json`);
		const codex =
			instance.description.codex ??
			(existsSync(codexFile) ? (JSON.parse(readFileSync(codexFile, 'utf8')) as Codex) : undefined);
		return { file, fileBase, source: readFileSync(file, 'utf8'), descriptions, codex, codexFile };
	});
}

function loadCredentials() {
	return (pkg.n8n.credentials as string[]).map((dist) => {
		const file = sourceOf(dist);
		const fileBase = basename(file, '.credentials.ts');
		const module = require(file) as Record<string, new () => { name: string; icon?: unknown }>;
		const [className, Class] = Object.entries(module).find(([, v]) => typeof v === 'function')!;
		return { file, fileBase, className, credential: new Class() };
	});
}

const nodes = loadNodes();
const credentials = loadCredentials();
const descriptions = nodes.flatMap((n) => n.descriptions);

/** A description cloned so a test can break it without touching the real one. */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value));
const first = () => copy(descriptions[0]);

test('every node and credential listed in package.json is loaded', () => {
	expect(nodes.map((n) => n.descriptions[0].name).sort()).toEqual(['jimeng', 'jimengVisual']);
	expect(credentials.map((c) => c.credential.name).sort()).toEqual([
		'jimengApi',
		'jimengVolcengineApi',
	]);
	for (const d of descriptions) expect(d.properties.length).toBeGreaterThan(3);
});

describe('single-credential-per-node', () => {
	test('each node type has one credential', () => {
		for (const d of descriptions) expect(d.credentials).toHaveLength(1);
		expect(descriptions.flatMap(rules.singleCredentialPerNode)).toEqual([]);
	});
	test('reports a second credential, and one separated only by hide', () => {
		const broken = first();
		broken.credentials = [{ name: 'jimengApi' }, { name: 'jimengVolcengineApi' }];
		expect(rules.singleCredentialPerNode(broken)).toHaveLength(1);
		broken.credentials = [
			{ name: 'a', displayOptions: { hide: { backend: ['x'] } } },
			{ name: 'b', displayOptions: { hide: { backend: ['y'] } } },
		];
		expect(rules.singleCredentialPerNode(broken)).toHaveLength(1);
	});
	test('accepts mutually exclusive show conditions, not on a multiOptions field', () => {
		const alt = first();
		alt.credentials = [
			{ name: 'a', displayOptions: { show: { authentication: ['apiKey'] } } },
			{ name: 'b', displayOptions: { show: { authentication: ['oAuth2'] } } },
		];
		expect(rules.singleCredentialPerNode(alt)).toEqual([]);
		alt.properties.push({ name: 'authentication', type: 'multiOptions', default: [] });
		expect(rules.singleCredentialPerNode(alt)).toHaveLength(1);
	});
});

describe('hint-max-length', () => {
	test('no hint is longer than 120 characters', () => {
		expect(descriptions.flatMap((d) => rules.hintMaxLength(d))).toEqual([]);
	});
	test('reports a long hint nested in a collection', () => {
		const broken = first();
		const collection = broken.properties.find((p) => p.type === 'collection')!;
		(collection.options![0] as rules.Property).hint = 'x'.repeat(121);
		expect(rules.hintMaxLength(broken)).toHaveLength(1);
	});
});

describe('no-ai-codex-category, no-codex-subcategories, valid-node-categories, no-logic-or-flow-nodes', () => {
	test('each node has a codex with community categories only', () => {
		for (const n of nodes) {
			expect(n.codex).toBeDefined();
			const importsAiSdk = n.source.includes('@n8n/ai-node-sdk');
			expect(rules.codexRules(n.codexFile, n.codex!, importsAiSdk)).toEqual([]);
		}
	});
	test('reports AI, subcategories, unknown and Logic categories', () => {
		expect(
			rules.codexRules('x', { categories: ['AI'], subcategories: { AI: ['Root Nodes'] } }, false),
		).toHaveLength(2);
		expect(
			rules.codexRules('x', { categories: ['AI'], subcategories: { AI: ['Root Nodes'] } }, true),
		).toEqual([]);
		expect(rules.codexRules('x', { categories: ['Marketing'] }, false)).toHaveLength(1);
		expect(rules.codexRules('x', { categories: [] }, false)).toHaveLength(1);
		expect(rules.codexRules('x', { categories: ['Logic'] }, false)).toHaveLength(2);
	});
});

describe('non-required-fields-in-collection', () => {
	/**
	 * A warning in n8n's recommended config. These top-level optional fields are shown only for
	 * the models and sizes they apply to (model, size and input pickers and what they reveal);
	 * moving them into "Options" would hide the choice that decides what else is shown. Listed
	 * here so a new top-level optional field fails this test until it is weighed the same way.
	 */
	const accepted: Record<string, string[]> = {
		jimeng: [
			'size',
			'customSize',
			'aspectRatio',
			'resolution',
			'ratioSendAs',
			'requestStyle',
			'editPath',
			'inputImages',
		],
		jimengVisual: [
			'model',
			'size',
			'aspectRatio',
			'width',
			'height',
			'area',
			'forceSingle',
			'minRatio',
			'maxRatio',
			'scale',
			'scaleInteger',
			'usePreLlm',
			'seed',
			'timeout',
			'inputImageSource',
			'inpaintMode',
			'editInputSource',
			'waitForImages',
			'upscaleResolution',
			'outpaintMode',
			'expandTop',
			'expandBottom',
			'expandLeft',
			'expandRight',
			'prompt',
			'waitMode',
			// Fields of one branch (a model, an input source). Not `required`: an expression in the
			// picker makes n8n require every branch's required fields (test/expression-parameters);
			// each is refused empty before anything is paid instead.
			'customModel',
			'inputImages',
			'editImageField',
			'editMaskField',
			'editImageUrl',
			'editMaskUrl',
		],
	};
	test('top-level optional fields are only the accepted pickers', () => {
		for (const d of descriptions) {
			const names = new Set(
				d.properties
					.filter((p) => rules.nonRequiredFieldsInCollection({ ...d, properties: [p] }).length)
					.map((p) => p.name),
			);
			expect([...names].filter((n) => !accepted[d.name].includes(n))).toEqual([]);
		}
	});
	test('reports a top-level optional field, not a required one, a collection or operation', () => {
		const broken = first();
		broken.properties = [
			{ name: 'operation', type: 'options', default: 'a', options: [] },
			{ name: 'prompt', type: 'string', default: '', required: true },
			{ name: 'options', type: 'collection', default: {}, options: [] },
			{ name: 'limit', type: 'number', default: 50 },
		];
		expect(rules.nonRequiredFieldsInCollection(broken)).toEqual([
			`${broken.name}: top-level field "limit" is not required`,
		]);
	});
});

describe('open-ended-node-fields', () => {
	test('no optional JSON field at the top level', () => {
		expect(descriptions.flatMap(rules.openEndedNodeFields)).toEqual([]);
	});
	test('reports one', () => {
		const broken = first();
		broken.properties.push({ name: 'configuration', type: 'json', default: '{}' });
		expect(rules.openEndedNodeFields(broken)).toHaveLength(1);
	});
});

describe('no-asterisk-in-option-names, no-duplicate-param-options', () => {
	test('option names have no asterisk; names and values are unique per list', () => {
		expect(descriptions.flatMap(rules.noAsteriskInOptionNames)).toEqual([]);
		expect(descriptions.flatMap(rules.noDuplicateParamOptions)).toEqual([]);
	});
	test('reports an asterisk, a repeated name and a repeated value', () => {
		const broken = first();
		broken.properties.push({
			name: 'pick',
			type: 'options',
			default: 'a',
			options: [
				{ name: '* All', value: 'a' },
				{ name: 'B', value: 'a' },
				{ name: 'B', value: 'c' },
			],
		});
		expect(rules.noAsteriskInOptionNames(broken)).toHaveLength(1);
		expect(rules.noDuplicateParamOptions(broken)).toHaveLength(2);
	});
});

describe('options-sorted-alphabetically', () => {
	/**
	 * A warning in n8n's recommended config. These lists keep the order a user reads them in: the
	 * usual choice first (Generate before Edit, URL before Base64, Wait Until Done before Check
	 * Once), sizes and ratios from small to large, models from newest. Listed so a new unsorted
	 * list fails this test until it is weighed the same way.
	 */
	const accepted: Record<string, string[]> = {
		jimeng: [
			'operation',
			'referenceImages.images.source',
			'options.relayStyle',
			'options.responseFormat',
			'options.inputFidelity',
		],
		jimengVisual: [
			'operation',
			'model',
			'aspectRatio',
			'options.responseFormat',
			'options.watermarkPosition',
			'outpaintMode',
			'waitMode',
		],
	};
	test('every options list is sorted by name, but for the accepted ones', () => {
		const unsorted = descriptions.flatMap((d) =>
			rules
				.optionsSortedAlphabetically(d)
				.map((problem) => ({ node: d.name, path: problem.split(' ')[1] })),
		);
		expect(unsorted.filter(({ node, path }) => !accepted[node].includes(path))).toEqual([]);
	});
	test('reports an unsorted list, case-insensitively', () => {
		const broken = first();
		broken.properties = [
			{
				name: 'a',
				type: 'options',
				default: 'x',
				options: [
					{ name: 'apple', value: 1 },
					{ name: 'Banana', value: 2 },
				],
			},
			{
				name: 'b',
				type: 'options',
				default: 'x',
				options: [
					{ name: 'User', value: 1 },
					{ name: 'Contact', value: 2 },
				],
			},
		];
		expect(rules.optionsSortedAlphabetically(broken)).toHaveLength(1);
	});
});

describe('require-param-default', () => {
	test('every parameter, nested ones included, has a default', () => {
		expect(descriptions.flatMap(rules.requireParamDefault)).toEqual([]);
	});
	test('reports a nested parameter without one', () => {
		const broken = first();
		const collection = broken.properties.find((p) => p.type === 'collection')!;
		delete (collection.options![0] as rules.Property).default;
		expect(rules.requireParamDefault(broken)).toHaveLength(1);
	});
});

describe('node-class-description-name-camelcase, -non-core-color, node-filename-against-convention', () => {
	test('names, colours and file names follow the convention', () => {
		for (const n of nodes)
			for (const d of n.descriptions) {
				expect(rules.nameCamelCase(d)).toEqual([]);
				expect(rules.nonCoreColor(d)).toEqual([]);
				expect(rules.nodeFilename(d, n.fileBase)).toEqual([]);
			}
	});
	test('reports a bad name, the core colour and a mismatched file', () => {
		const broken = first();
		expect(rules.nameCamelCase({ ...broken, name: 'My Node' })).toHaveLength(1);
		expect(rules.nonCoreColor({ ...broken, defaults: { color: '#ff6d5a' } })).toHaveLength(1);
		expect(rules.nodeFilename({ ...broken, name: 'jimeng' }, 'JimengV2')).toEqual([]);
		expect(rules.nodeFilename({ ...broken, name: 'jimeng' }, 'JimengVisual')).toHaveLength(1);
	});
});

describe('cred-class-name-field-conventions, cred-class-name-suffix, cred-filename-against-convention', () => {
	test('credential class, name and file agree', () => {
		for (const c of credentials)
			expect(rules.credentialNaming(c.className, c.credential.name, c.fileBase)).toEqual([]);
	});
	test('reports each mistake', () => {
		expect(rules.credentialNaming('JimengApi', 'Jimeng', 'JimengApi')).toHaveLength(1);
		expect(rules.credentialNaming('Jimeng', 'jimengApi', 'Jimeng')).toHaveLength(1);
		expect(rules.credentialNaming('JimengApi', 'jimengApi', 'OtherApi')).toHaveLength(1);
	});
});

describe('require-community-node-keyword, require-mit-license, no-monorepo', () => {
	test('package.json', () => {
		expect(rules.packageJsonRules(pkg)).toEqual([]);
	});
	test('reports each mistake', () => {
		expect(rules.packageJsonRules({ ...pkg, keywords: ['n8n'] })).toHaveLength(1);
		expect(rules.packageJsonRules({ ...pkg, license: 'Apache-2.0' })).toHaveLength(1);
		expect(
			rules.packageJsonRules({
				...pkg,
				repository: { ...pkg.repository, directory: 'packages/x' },
			}),
		).toHaveLength(1);
	});
});

describe('no-hardcoded-ids, require-continue-on-fail (node source)', () => {
	test('no fixed partner / account id in node files', () => {
		expect(nodes.flatMap((n) => rules.noHardcodedIds(n.file, n.source))).toEqual([]);
		expect(rules.noHardcodedIds('x', `const qs = { partner_id: 'fixed-partner' };`)).toHaveLength(
			1,
		);
		expect(
			rules.noHardcodedIds('x', `qs: { partner_id: this.getNodeParameter('partnerId', i) }`),
		).toEqual([]);
	});
	test('execute() handles this.continueOnFail()', () => {
		expect(nodes.flatMap((n) => rules.requireContinueOnFail(n.file, n.source))).toEqual([]);
		const without = `class A { async execute(this: IExecuteFunctions) { return [[]]; } }`;
		expect(rules.requireContinueOnFail('x', without)).toHaveLength(1);
		const withIt = `class A { async execute(this: IExecuteFunctions) { if (this.continueOnFail()) {} } }`;
		expect(rules.requireContinueOnFail('x', withIt)).toEqual([]);
	});
});

describe('node-operation-error-itemindex (every node source file)', () => {
	const sources = (function walk(dir: string): string[] {
		return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
			entry.isDirectory()
				? walk(join(dir, entry.name))
				: entry.name.endsWith('.ts')
					? [join(dir, entry.name)]
					: [],
		);
	})(join(root, 'nodes'));

	test('every NodeOperationError / NodeApiError names its item, but the run-level cancel', () => {
		expect(sources.length).toBeGreaterThan(20);
		const problems = sources.flatMap((file) =>
			rules.errorsWithoutItemIndex(file, readFileSync(file, 'utf8'), [/'The execution was cancelled'/]),
		);
		expect(problems).toEqual([]);
	});
	test('reports one without itemIndex, also nested in another call', () => {
		expect(rules.errorsWithoutItemIndex('x', `throw new NodeOperationError(this.getNode(), 'bad')`)).toHaveLength(1);
		expect(
			rules.errorsWithoutItemIndex('x', `throw new NodeApiError(this.getNode(), body(error), { message: 'x' })`),
		).toHaveLength(1);
		expect(
			rules.errorsWithoutItemIndex('x', `throw new NodeOperationError(node, f(a, b), { itemIndex: i })`),
		).toEqual([]);
	});
});

describe('icon-contrast', () => {
	const LIGHT = '#ffffff';
	const DARK = '#2b2b2b';
	const iconsOf = (owner: string, icon: unknown): Array<[string, string]> => {
		if (typeof icon === 'string')
			return [
				[icon, LIGHT],
				[icon, DARK],
			];
		const { light, dark } = icon as { light: string; dark: string };
		return [
			[light, LIGHT],
			[dark, DARK],
		].map(([f, bg]) => [join(owner, f.replace(/^file:/, '')), bg] as [string, string]);
	};
	test('every node and credential icon stands out on its theme background', () => {
		const icons = [
			...nodes.map((n) =>
				iconsOf(dirname(n.file), (n.descriptions[0] as unknown as { icon: unknown }).icon),
			),
			...credentials.map((c) => iconsOf(dirname(c.file), c.credential.icon)),
		].flat();
		expect(icons).toHaveLength(8);
		for (const [file, background] of icons)
			expect(rules.iconContrast(file, readFileSync(file, 'utf8'), background)).toEqual([]);
	});
	test('reports a black icon on the dark background', () => {
		const black = '<svg><path fill="#000000" d="M0 0h1v1z"/></svg>';
		expect(rules.iconContrast('black.svg', black, DARK)).toHaveLength(1);
		expect(rules.iconContrast('black.svg', black, LIGHT)).toEqual([]);
		expect(rules.iconContrast('none.svg', '<svg><path d="M0 0"/></svg>', DARK)).toHaveLength(1);
	});
});
