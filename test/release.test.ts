/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a test reads the package files */
// The publishing path n8n's verification asks for: a GitHub Action that publishes with provenance on a
// version tag, after the same gates as CI; a changelog entry and consistent repository links.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
	version: string;
	homepage: string;
	repository: { url: string };
	bugs: { url: string };
};

describe('release', () => {
	const workflow = read('.github/workflows/publish.yml');

	test('publishes from a version tag with a provenance statement and only the permissions it needs', () => {
		expect(workflow).toMatch(/on:\s*\n\s*push:\s*\n\s*tags:\s*\n\s*- 'v\*'/);
		expect(workflow).toMatch(/permissions:\s*\n\s*id-token: write\s*\n\s*contents: read/);
		expect(workflow).toContain('npm publish --provenance --access public');
	});

	test('runs install, build, lint, the tests and the scanner before it publishes', () => {
		const steps = ['npm install', 'npm run build', 'npm run lint', 'npm test', 'scripts/scan.mjs', 'npm publish'];
		const at = steps.map((step) => workflow.indexOf(step));
		expect(at.every((index) => index >= 0)).toBe(true);
		expect([...at].sort((a, b) => a - b)).toEqual(at);
	});

	test('the changelog has an entry for the version in package.json, and both lock versions agree', () => {
		expect(read('CHANGELOG.md')).toContain(`## [${pkg.version}] - `);
		const lock = JSON.parse(read('package-lock.json')) as { version: string; packages: { '': { version: string } } };
		expect([lock.version, lock.packages[''].version]).toEqual([pkg.version, pkg.version]);
	});

	test('repository, homepage, bugs and both READMEs name the same GitHub repository', () => {
		const repo = pkg.homepage.replace(/\/$/, '');
		expect(repo).toMatch(/^https:\/\/github\.com\/[^/]+\/[^/]+$/);
		expect(pkg.repository.url).toBe(`git+${repo}.git`);
		expect(pkg.bugs.url).toBe(`${repo}/issues`);
		for (const readme of ['README.md', 'README.zh-CN.md']) expect(read(readme)).toContain(repo);
	});
});
