/* eslint-disable @typescript-eslint/no-require-imports -- a test loads the node sources */
/**
 * n8n refuses a whole workflow when getNodeParametersIssues reports a required field, and it treats
 * a field as shown as soon as a value its displayOptions depend on is an expression. So for every
 * node type and operation, every expression-capable parameter (and every option of a collection)
 * is set to an expression, and n8n-workflow's own check must report nothing: no field of a hidden
 * branch may become required.
 */
import { NodeHelpers } from 'n8n-workflow';
import type { INode, INodeParameters, INodeProperties, INodeTypeDescription } from 'n8n-workflow';

const nodeFiles: Array<[string, string]> = [
	['../nodes/Jimeng/Jimeng.node', 'Jimeng'],
	['../nodes/Jimeng/JimengVisual.node', 'JimengVisual'],
];

const EXPRESSION = '={{ $json.value }}';
/** Types whose value the editor lets the user switch to an expression. */
const EXPRESSION_TYPES = new Set(['string', 'number', 'boolean', 'options', 'multiOptions', 'dateTime', 'color', 'json', 'resourceLocator']);

function expressionFor(property: INodeProperties): unknown {
	if (property.type === 'resourceLocator') {
		const mode = property.modes?.[0]?.name ?? 'id';
		return { __rl: true, mode, value: EXPRESSION };
	}
	return EXPRESSION;
}

/** Every expression-capable parameter set to an expression; collections get every option as one. */
export function allExpressions(properties: INodeProperties[], operation: string): INodeParameters {
	const parameters: INodeParameters = { operation };
	for (const property of properties) {
		if (property.name === 'operation' || property.name in parameters) continue;
		if (EXPRESSION_TYPES.has(property.type)) {
			parameters[property.name] = expressionFor(property) as string;
		} else if (property.type === 'collection') {
			const options = (property.options ?? []) as INodeProperties[];
			parameters[property.name] = Object.fromEntries(
				options.filter((o) => EXPRESSION_TYPES.has(o.type)).map((o) => [o.name, expressionFor(o)]),
			) as INodeParameters;
		} else if (property.type === 'fixedCollection') {
			const groups = (property.options ?? []) as Array<{ name: string; values: INodeProperties[] }>;
			parameters[property.name] = Object.fromEntries(
				groups.map((g) => [
					g.name,
					Object.fromEntries(g.values.filter((v) => EXPRESSION_TYPES.has(v.type)).map((v) => [v.name, expressionFor(v)])),
				]),
			) as INodeParameters;
		}
	}
	return parameters;
}

function issuesOf(description: INodeTypeDescription, parameters: INodeParameters) {
	const node: INode = {
		id: 'a',
		name: 'Jimeng',
		type: description.name,
		typeVersion: Array.isArray(description.version) ? description.version.at(-1)! : description.version,
		position: [0, 0],
		parameters,
	};
	return NodeHelpers.getNodeParametersIssues(description.properties, node, description);
}

/**
 * Fields an expression may reveal as required, by node type and operation. Empty: the visual
 * node's branch fields (Custom Model Key, Input Image Field, the edit image/mask fields, the inpaint
 * prompt) were required until this test found them; their item checks refuse them empty instead.
 */
const KNOWN_REVEALED: Record<string, Record<string, Record<string, string[]>>> = {};

const descriptions = nodeFiles.map(([file, className]) => {
	const module = require(file) as Record<string, new () => { description: INodeTypeDescription }>;
	return new module[className]().description;
});

/** Whether the user sees (so can set) the top-level parameter on this operation with defaults. */
function shownOn(description: INodeTypeDescription, operation: string, name: string): boolean {
	const version = Array.isArray(description.version) ? description.version.at(-1)! : description.version;
	const node = { typeVersion: version, parameters: { operation } } as unknown as INode;
	const values = NodeHelpers.getNodeParameters(description.properties, { operation }, true, false, node, description) ?? { operation };
	return description.properties.some(
		(p) => p.name === name && NodeHelpers.displayParameter(values, p, node, description),
	);
}

function operationsOf(description: INodeTypeDescription): string[] {
	const operation = description.properties.find((p) => p.name === 'operation');
	return ((operation?.options ?? []) as Array<{ value: string }>).map((o) => o.value);
}

describe.each(descriptions.map((d) => [d.name, d] as const))('%s: every parameter as an expression', (_name, description) => {
	const operations = operationsOf(description);

	test('has operations to check', () => {
		expect(operations.length).toBeGreaterThan(0);
	});

	test.each(operations)('operation %s: every parameter at once as an expression', (operation) => {
		const parameters = allExpressions(description.properties, operation);
		expect(Object.keys(parameters).length).toBeGreaterThan(3);
		expect(issuesOf(description, parameters)?.parameters ?? null).toBeNull();
	});

	// The case users meet: one field (say Model By ID) is an expression, the rest keep their defaults,
	// so a required field of another branch stays empty if n8n now thinks it is shown.
	test.each(operations)('operation %s: each parameter alone as an expression', (operation) => {
		const every = allExpressions(description.properties, operation);
		// Required fields the operation shows anyway are the user's to fill; only new ones count.
		const shownAnyway = Object.keys(issuesOf(description, { operation })?.parameters ?? {});
		const reported: Record<string, string[]> = {};
		for (const [name, value] of Object.entries(every)) {
			if (name === 'operation' || !shownOn(description, operation, name)) continue;
			const issues = issuesOf(description, { operation, [name]: value });
			const revealed = Object.keys(issues?.parameters ?? {}).filter((f) => !shownAnyway.includes(f) && f !== name);
			if (revealed.length) reported[name] = revealed;
		}
		expect(reported).toEqual(KNOWN_REVEALED[description.name]?.[operation] ?? {});
	});
});

test('the check reports a required field of a hidden branch that an expression reveals', () => {
	const description = JSON.parse(JSON.stringify(descriptions[0])) as INodeTypeDescription;
	const operation = operationsOf(description)[0];
	// A required field shown only when another field has a value the user never picked: an expression
	// in that other field makes n8n treat it as shown, and it is empty.
	const trigger = description.properties.find((p) => p.type === 'options' && p.name !== 'operation')!;
	description.properties.push({
		displayName: 'Hidden Required',
		name: 'hiddenRequired',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { operation: [operation], [trigger.name]: ['never-picked'] } },
	});
	const issues = issuesOf(description, { operation, [trigger.name]: EXPRESSION });
	expect(Object.keys(issues?.parameters ?? {})).toContain('hiddenRequired');
});
