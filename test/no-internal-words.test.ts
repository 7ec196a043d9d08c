/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a test reads the package files */
// Nothing a user sees names the project's own working documents: not the built nodes and credentials
// (descriptions, the model and price tables whose sources reach every item's `cost.priceSource`), not the
// shipped code (its comments stay in dist/), not the READMEs or examples. Sources are public pages.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { JimengApi } from '../credentials/JimengApi.credentials';
import { JimengVolcengineApi } from '../credentials/JimengVolcengineApi.credentials';
import { DEFAULT_PRICES } from '../nodes/Jimeng/money/pricing';
import { MODELS, PROVIDERS } from '../nodes/Jimeng/models/models';
import { Jimeng } from '../nodes/Jimeng/Jimeng.node';
import { JimengVisual } from '../nodes/Jimeng/JimengVisual.node';

const root = join(__dirname, '..');

/** "Seedream", the API's `seed` parameter and "same seed" stay; the working documents' names do not. */
const INTERNAL = [
	/\bseed\s*\d{3}\b/i,
	/\bseeds\b/i,
	/\bseed(?:'s| document| doc)\b/i,
	/\breference\/[\w-]+\.md/i,
	/\b(?:models-2026|upstream-apis|prior-art|n8n-conventions)(?:\.md)?\b/i,
	/\.\.\/shared\b/,
];

function findings(text: string): string[] {
	return INTERNAL.flatMap((pattern) => {
		const match = pattern.exec(text);
		return match ? [text.slice(Math.max(0, match.index - 40), match.index + match[0].length + 40)] : [];
	});
}

function filesUnder(dir: string, ext: RegExp): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return filesUnder(path, ext);
		return ext.test(name) ? [path] : [];
	});
}

test('the pattern list can find what it is for (and spares Seedream and the seed parameter)', () => {
	expect(findings('price from hingnet docs (seed 000: …)')).toHaveLength(1);
	expect(findings('see reference/models-2026.md')).toHaveLength(2);
	expect(findings("every seed's request shape")).toHaveLength(1);
	expect(findings('Seedream 4.5, Same seed and parameters give the same image, {"seed": 42}')).toEqual([]);
});

test('built node and credential descriptions, the model, provider and price tables', () => {
	const built = {
		api: new Jimeng().description,
		visual: new JimengVisual().description,
		jimengApi: new JimengApi(),
		jimengVolcengineApi: new JimengVolcengineApi(),
		models: MODELS,
		providers: PROVIDERS,
		prices: DEFAULT_PRICES,
	};
	for (const [name, value] of Object.entries(built)) {
		expect({ [name]: findings(JSON.stringify(value, (_k, v) => (v instanceof RegExp ? String(v) : v))) }).toEqual({ [name]: [] });
	}
});

test('shipped source files (comments included), codex files, READMEs and examples', () => {
	const files = [
		...filesUnder(join(root, 'nodes'), /\.(ts|json)$/),
		...filesUnder(join(root, 'credentials'), /\.ts$/),
		...filesUnder(join(root, 'examples'), /\.json$/),
		join(root, 'README.md'),
		join(root, 'README.zh-CN.md'),
		join(root, 'CHANGELOG.md'),
	];
	expect(files.length).toBeGreaterThan(50);
	const found = files.flatMap((file) =>
		findings(readFileSync(file, 'utf8')).map((excerpt) => `${relative(root, file)}: ${excerpt}`),
	);
	expect(found).toEqual([]);
});
