/**
 * Pure checkers for the community-node rules that n8n has published (n8n-io/n8n,
 * packages/@n8n/eslint-plugin-community-nodes/docs/rules/, read 2026-12-07) but that the installed
 * @n8n/eslint-plugin-community-nodes 0.32.0 does not have. Each takes plain data (a node
 * description, a codex file, a credential, package.json, an SVG) and returns the problems it
 * finds as sentences; an empty list means the rule is met. No n8n import: community-rules.test.ts
 * feeds them the built descriptions and deliberately broken copies.
 */

/** The subset of INodeProperties / INodeTypeDescription the checkers read. */
export interface Property {
	displayName?: string;
	name: string;
	type?: string;
	default?: unknown;
	required?: boolean;
	hint?: string;
	displayOptions?: { show?: Record<string, unknown[]>; hide?: Record<string, unknown[]> };
	options?: Array<
		Property | OptionValue | { name: string; displayName?: string; values: Property[] }
	>;
	values?: Property[];
}
export interface OptionValue {
	name: string;
	value: unknown;
}
export interface Description {
	name: string;
	defaults?: { name?: string; color?: string };
	color?: string;
	credentials?: Array<{
		name: string;
		required?: boolean;
		displayOptions?: Property['displayOptions'];
	}>;
	properties: Property[];
	codex?: Codex;
}
export interface Codex {
	categories?: unknown;
	subcategories?: unknown;
}

const isOptionValue = (o: unknown): o is OptionValue =>
	typeof o === 'object' && o !== null && 'value' in o && !('type' in o) && !('values' in o);

/** Every parameter, with the ones nested in collections and fixedCollections, and its path. */
export function allParameters(
	properties: Property[],
	path = '',
): Array<{ path: string; p: Property }> {
	const out: Array<{ path: string; p: Property }> = [];
	for (const p of properties) {
		const here = path ? `${path}.${p.name}` : p.name;
		out.push({ path: here, p });
		for (const o of p.options ?? []) {
			if (isOptionValue(o)) continue;
			if ('values' in o && Array.isArray(o.values))
				out.push(...allParameters(o.values, `${here}.${o.name}`));
			else if ('type' in o) out.push(...allParameters([o as Property], here));
		}
	}
	return out;
}

/** single-credential-per-node: several credentials only with mutually exclusive `show` conditions. */
export function singleCredentialPerNode(d: Description): string[] {
	const creds = d.credentials ?? [];
	if (creds.length < 2) return [];
	const multi = new Set(d.properties.filter((p) => p.type === 'multiOptions').map((p) => p.name));
	const exclusive = (a: (typeof creds)[number], b: (typeof creds)[number]) => {
		const left = a.displayOptions?.show ?? {};
		const right = b.displayOptions?.show ?? {};
		return Object.entries(left).some(
			([key, lv]) =>
				!multi.has(key) &&
				Array.isArray(right[key]) &&
				lv.length > 0 &&
				lv.every((l) => right[key].every((r) => typeof l !== 'object' && l !== r)),
		);
	};
	for (let i = 0; i < creds.length; i++)
		for (let j = i + 1; j < creds.length; j++)
			if (!exclusive(creds[i], creds[j]))
				return [`${d.name}: credentials ${creds[i].name} and ${creds[j].name} can both be in use`];
	return [];
}

/** hint-max-length: a hint is at most 120 characters, nested properties included. */
export function hintMaxLength(d: Description, max = 120): string[] {
	return allParameters(d.properties)
		.filter(({ p }) => typeof p.hint === 'string' && p.hint.length > max)
		.map(
			({ path, p }) => `${d.name}: hint of ${path} has ${p.hint!.length} characters (max ${max})`,
		);
}

const SELECTORS = new Set(['resource', 'operation', 'authentication']);
const CONTAINERS = new Set(['collection', 'fixedCollection']);
const NON_INPUT = new Set(['notice', 'callout', 'hidden', 'curlImport']);

/** non-required-fields-in-collection: top-level fields are required, containers, non-input or selectors. */
export function nonRequiredFieldsInCollection(d: Description): string[] {
	return d.properties
		.filter(
			(p) =>
				!SELECTORS.has(p.name) && !CONTAINERS.has(p.type ?? '') && !NON_INPUT.has(p.type ?? ''),
		)
		.filter((p) => p.required !== true)
		.map((p) => `${d.name}: top-level field "${p.name}" is not required`);
}

/** open-ended-node-fields: no optional top-level JSON field. */
export function openEndedNodeFields(d: Description): string[] {
	return d.properties
		.filter((p) => p.type === 'json' && p.required !== true)
		.map((p) => `${d.name}: top-level optional JSON field "${p.name}"`);
}

function optionLists(
	d: Description,
): Array<{ path: string; type: string; options: OptionValue[] }> {
	return allParameters(d.properties)
		.filter(
			({ p }) => (p.type === 'options' || p.type === 'multiOptions') && Array.isArray(p.options),
		)
		.map(({ path, p }) => ({
			path,
			type: p.type!,
			options: (p.options ?? []).filter(isOptionValue),
		}));
}

/** no-asterisk-in-option-names: no `*` in an option's name. */
export function noAsteriskInOptionNames(d: Description): string[] {
	const found: string[] = [];
	for (const { path, p } of allParameters(d.properties))
		for (const o of p.options ?? [])
			if (typeof o.name === 'string' && o.name.includes('*'))
				found.push(`${d.name}: option "${o.name}" of ${path} has an asterisk`);
	return found;
}

/** no-duplicate-param-options: names and values unique within an options / multiOptions list. */
export function noDuplicateParamOptions(d: Description): string[] {
	const found: string[] = [];
	for (const { path, options } of optionLists(d)) {
		const names = options.map((o) => o.name);
		const values = options.map((o) => JSON.stringify(o.value));
		names.forEach(
			(n, i) => names.indexOf(n) !== i && found.push(`${d.name}: ${path} repeats name "${n}"`),
		);
		values.forEach(
			(v, i) => values.indexOf(v) !== i && found.push(`${d.name}: ${path} repeats value ${v}`),
		);
	}
	return found;
}

/** options-sorted-alphabetically: `options`-type lists sorted by name, case-insensitive, locale-aware. */
export function optionsSortedAlphabetically(d: Description): string[] {
	const found: string[] = [];
	for (const { path, type, options } of optionLists(d)) {
		if (type !== 'options') continue;
		for (let i = 1; i < options.length; i++) {
			const order = options[i - 1].name.localeCompare(options[i].name, undefined, {
				sensitivity: 'base',
			});
			if (order > 0) {
				found.push(`${d.name}: ${path} lists "${options[i - 1].name}" before "${options[i].name}"`);
				break;
			}
		}
	}
	return found;
}

/** require-param-default: every parameter, nested ones included, declares `default`. */
export function requireParamDefault(d: Description): string[] {
	return allParameters(d.properties)
		.filter(({ p }) => typeof p.type === 'string' && !('default' in p))
		.map(({ path }) => `${d.name}: ${path} has no default`);
}

/** node-class-description-name-camelcase. */
export function nameCamelCase(d: Description): string[] {
	return /^[a-z][a-zA-Z0-9]*$/.test(d.name) ? [] : [`node name "${d.name}" is not camelCase`];
}

/** node-class-description-non-core-color: #FF6D5A is reserved for n8n's own nodes. */
export function nonCoreColor(d: Description): string[] {
	return [d.defaults?.color, d.color]
		.filter((c): c is string => typeof c === 'string' && c.toLowerCase() === '#ff6d5a')
		.map(() => `${d.name}: uses the n8n core color #FF6D5A`);
}

/** node-filename-against-convention: File is the name with its first letter upper-cased (+ V2, V3…). */
export function nodeFilename(d: Description, fileBase: string): string[] {
	const expected = d.name.charAt(0).toUpperCase() + d.name.slice(1);
	return new RegExp(`^${expected}(V\\d+)?$`).test(fileBase)
		? []
		: [`node ${d.name} lives in ${fileBase}.node.ts, expected ${expected}.node.ts`];
}

/** Codex categories a community node may use (valid-node-categories). */
export const COMMUNITY_CATEGORIES = new Set([
	'Data & Storage',
	'Finance & Accounting',
	'Marketing & Content',
	'Productivity',
	'Miscellaneous',
	'Sales',
	'Development',
	'Analytics',
	'Communication',
	'Utility',
	'AI',
]);

/**
 * The codex rules: no-ai-codex-category and no-codex-subcategories (for a node that does not
 * import @n8n/ai-node-sdk), valid-node-categories, no-logic-or-flow-nodes.
 */
export function codexRules(where: string, codex: Codex, importsAiSdk: boolean): string[] {
	const found: string[] = [];
	const { categories, subcategories } = codex;
	if (categories !== undefined) {
		if (!Array.isArray(categories) || categories.length === 0)
			found.push(`${where}: categories must be a non-empty array`);
		else
			for (const c of categories) {
				if (typeof c !== 'string' || !COMMUNITY_CATEGORIES.has(c))
					found.push(`${where}: category ${JSON.stringify(c)} is not a community node category`);
				if (c === 'AI' && !importsAiSdk)
					found.push(`${where}: category "AI" without @n8n/ai-node-sdk`);
				if (c === 'Logic' || c === 'Flow') found.push(`${where}: category "${c}" is not allowed`);
			}
	}
	if (subcategories !== undefined) {
		if (!importsAiSdk) found.push(`${where}: codex.subcategories without @n8n/ai-node-sdk`);
		const values = Object.values(subcategories as Record<string, unknown>).flat();
		for (const v of [...Object.keys(subcategories as object), ...values])
			if (v === 'Logic' || v === 'Flow') found.push(`${where}: subcategory "${v}" is not allowed`);
	}
	return found;
}

/** cred-class-name-field-conventions, cred-class-name-suffix, cred-filename-against-convention. */
export function credentialNaming(
	className: string,
	credentialName: string,
	fileBase: string,
): string[] {
	const found: string[] = [];
	if (!/^[a-z]/.test(credentialName) || !credentialName.endsWith('Api'))
		found.push(`credential name "${credentialName}" must start lower-case and end with Api`);
	if (!className.endsWith('Api')) found.push(`credential class ${className} must end with Api`);
	if (fileBase !== className)
		found.push(`credential ${className} lives in ${fileBase}.credentials.ts`);
	return found;
}

/** require-community-node-keyword, require-mit-license, no-monorepo. */
export function packageJsonRules(pkg: {
	keywords?: unknown;
	license?: unknown;
	repository?: unknown;
}): string[] {
	const found: string[] = [];
	if (!Array.isArray(pkg.keywords) || !pkg.keywords.includes('n8n-community-node-package'))
		found.push('package.json keywords lack "n8n-community-node-package"');
	if (pkg.license !== 'MIT')
		found.push(`package.json license is ${JSON.stringify(pkg.license)}, not "MIT"`);
	if (
		typeof pkg.repository === 'object' &&
		pkg.repository !== null &&
		'directory' in pkg.repository
	)
		found.push('package.json repository.directory marks a monorepo');
	return found;
}

/** no-hardcoded-ids: no string literal assigned to a partner / affiliate / account … id in node source. */
export function noHardcodedIds(file: string, source: string): string[] {
	const re =
		/\b['"]?(partner|affiliate|reseller|account|tenant|customer|client)[_-]?id['"]?\s*[:=]\s*(['"`])/gi;
	return [...source.matchAll(re)].map((m) => `${file}: fixed ${m[1]} id`);
}

/** require-continue-on-fail: the node class's execute() calls this.continueOnFail(). */
export function requireContinueOnFail(file: string, source: string): string[] {
	const start = source.search(/\basync\s+execute\s*\(|\bexecute\s*\(\s*this/);
	if (start < 0) return [];
	let depth = 0;
	let body = '';
	for (let i = source.indexOf('{', source.indexOf(')', start)); i < source.length; i++) {
		if (source[i] === '{') depth++;
		if (source[i] === '}') depth--;
		body += source[i];
		if (depth === 0) break;
	}
	return /this\.continueOnFail\(\)/.test(body)
		? []
		: [`${file}: execute() does not call this.continueOnFail()`];
}

/**
 * node-operation-error-itemindex: every NodeOperationError / NodeApiError the node builds names the
 * item it is about (`itemIndex` among its arguments). Stricter than the published rule, which looks
 * only inside loops over getInputData(): this node's items run in its router's pool. `runLevel`
 * lists the messages of errors about the whole run, which have no item.
 */
export function errorsWithoutItemIndex(file: string, source: string, runLevel: RegExp[] = []): string[] {
	const problems: string[] = [];
	for (const match of source.matchAll(/new\s+(NodeOperationError|NodeApiError)\s*\(/g)) {
		let depth = 0;
		let args = '';
		for (let i = (match.index ?? 0) + match[0].length - 1; i < source.length; i++) {
			if (source[i] === '(') depth++;
			if (source[i] === ')') depth--;
			args += source[i];
			if (depth === 0) break;
		}
		if (/\bitemIndex\b/.test(args) || runLevel.some((re) => re.test(args))) continue;
		problems.push(`${file}: new ${match[1]}${args.slice(0, 80)} has no itemIndex`);
	}
	return problems;
}

/** WCAG relative luminance of #rgb / #rrggbb. */
function luminance(hex: string): number {
	const full = hex.length === 4 ? hex.replace(/[0-9a-f]/gi, (c) => c + c).slice(1) : hex.slice(1);
	const [r, g, b] = [0, 2, 4].map((i) => {
		const c = parseInt(full.slice(i, i + 2), 16) / 255;
		return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	});
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
export function contrast(a: string, b: string): number {
	const [x, y] = [luminance(a), luminance(b)].sort((m, n) => n - m);
	return (x + 0.05) / (y + 0.05);
}

/**
 * icon-contrast: the best contrast among the SVG's fill / stroke / stop-color hex colours against
 * the theme background (white, or #2b2b2b for dark) is at least 1.5:1. No colour counts as black.
 */
export function iconContrast(
	file: string,
	svg: string,
	background: string,
	minimum = 1.5,
): string[] {
	const colours = [
		...svg.matchAll(/(?:fill|stroke|stop-color)\s*[=:]\s*["']?\s*(#[0-9a-f]{6}|#[0-9a-f]{3})\b/gi),
	].map((m) => m[1]);
	const best = Math.max(
		...(colours.length ? colours : ['#000000']).map((c) => contrast(c, background)),
	);
	return best >= minimum ? [] : [`${file}: best contrast ${best.toFixed(2)}:1 on ${background}`];
}
