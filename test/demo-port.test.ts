/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a test runs the demo script */
// `npm run demo -- --serve` checks its port before the long steps (installing n8n, building, importing)
// and says how to pick another; it used to fail at the last step, a minute or more later.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import path from 'node:path';

const DEMO = path.join(__dirname, '..', 'scripts', 'demo.mjs');

async function runDemo(args: string[]): Promise<{ code: number | null; output: string }> {
	return await new Promise((resolve, reject) => {
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- the test runs the demo script itself
		const child = spawn(process.execPath, [DEMO, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		// A demo that went past the check would start installing: stop it, the test has failed.
		const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
		child.on('error', reject);
		child.on('exit', (code) => {
			clearTimeout(timer);
			resolve({ code, output });
		});
	});
}

let taken: Server;
let port: number;
beforeAll(async () => {
	taken = createServer();
	await new Promise<void>((resolve) => taken.listen(0, resolve));
	port = (taken.address() as { port: number }).port;
});
afterAll(async () => await new Promise((resolve) => taken.close(resolve)));

test('a taken port stops the demo at once, before any step, and suggests --port', async () => {
	const { code, output } = await runDemo(['--serve', `--port=${port}`]);
	expect(code).toBe(1);
	expect(output).toMatch(new RegExp(`FAILED before it started: port ${port} is already in use`));
	expect(output).toMatch(new RegExp(`npm run demo -- --serve --port=${port + 1}`));
	expect(output).not.toMatch(/\[demo\] 1\/\d/);
}, 30_000);

test('a --port that is not a number is refused the same way', async () => {
	const { code, output } = await runDemo(['--serve', '--port=abc']);
	expect(code).toBe(1);
	expect(output).toMatch(/--port=abc is not a port number/);
}, 30_000);
