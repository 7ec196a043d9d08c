/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- a test builds and packs the package with npm */
// What users install: the package's own build (`npm run build`: n8n-node build + gulp) in a copy of
// the package, then `npm pack --dry-run --json`. No source maps, no type declarations (n8n loads
// only the .js), at most 150 KB packed (n8n's verification guideline for community nodes).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');
const MAX_PACKED_BYTES = 150_000; // 150 KB as npm counts it (1 kB = 1000 bytes)
const packageSources = ['package.json', 'tsconfig.json', 'gulpfile.js', 'nodes', 'credentials', 'LICENSE', 'README.md', 'README.zh-CN.md', 'CHANGELOG.md'];

interface PackInfo {
	size: number;
	entryCount: number;
	files: Array<{ path: string; size: number }>;
}

let work = '';
let packed: PackInfo;

beforeAll(() => {
	work = mkdtempSync(join(tmpdir(), 'jimeng-package-'));
	for (const source of packageSources) cpSync(join(root, source), join(work, source), { recursive: true });
	symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'), 'dir');
	execFileSync('npm', ['run', 'build'], { cwd: work, stdio: 'pipe' });
	const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: work, encoding: 'utf8' });
	[packed] = JSON.parse(output.slice(output.indexOf('['))) as PackInfo[];
}, 240_000);

afterAll(() => {
	if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed package (npm pack --dry-run of a fresh build)', () => {
	test('ships the nodes, credentials and codex files n8n loads', () => {
		const paths = packed.files.map((file) => file.path);
		const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } };
		for (const entry of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(paths).toContain(entry);
		for (const node of pkg.n8n.nodes) expect(paths).toContain(node.replace(/\.js$/, '.json'));
	});

	test('has no source maps and no type declarations', () => {
		const extra = packed.files.map((file) => file.path).filter((path) => path.endsWith('.map') || path.endsWith('.d.ts'));
		expect(extra).toEqual([]);
	});

	test('is at most 150 KB packed', () => {
		expect(packed.size).toBeGreaterThan(0);
		expect(packed.size).toBeLessThanOrEqual(MAX_PACKED_BYTES);
	});
});
