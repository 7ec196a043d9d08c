// `n8n-node build` compiles TypeScript and copies icons; this adds what it leaves out: the codex
// files (node metadata n8n reads beside each *.node.json), and indents the compiled JavaScript with
// tabs instead of tsc's four spaces (the same code, a smaller package). The licence is packed from
// the package root.
const { readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { parallel, src, dest } = require('gulp');

function copyCodex() {
	return src('nodes/**/*.node.json', { base: '.' }).pipe(dest('dist'));
}

const LEADING_SPACES = /^(?: {4})+/gm;

async function indentWithTabs() {
	for (const entry of readdirSync('dist', { recursive: true, withFileTypes: true })) {
		if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
		const path = join(entry.parentPath, entry.name);
		const code = readFileSync(path, 'utf8');
		writeFileSync(path, code.replace(LEADING_SPACES, (spaces) => '\t'.repeat(spaces.length / 4)));
	}
}

exports.default = parallel(copyCodex, indentWithTabs);
