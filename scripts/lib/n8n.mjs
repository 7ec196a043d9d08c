// Drives a real n8n (from .tools/, on Node 24) for the demo and the end-to-end tests:
// a throwaway user folder, this package installed as a community package, credentials and workflows
// imported through n8n's own CLI, workflows executed headless, and `n8n start` / `n8n worker` processes.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { N8N_BIN, NODE_BIN, REPO_ROOT, run, toolEnv } from '../tools.mjs';

export const PACKAGE_NAME = 'n8n-nodes-jimeng-seedream';
/** The API-key node and the Volcengine visual API node. */
export const NODE_TYPE = `${PACKAGE_NAME}.jimeng`;
export const VISUAL_NODE_TYPE = `${PACKAGE_NAME}.jimengVisual`;
export const NODE_TYPES = [NODE_TYPE, VISUAL_NODE_TYPE];
export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

/** A port the OS just handed out (n8n needs a number up front; ephemeral, never a fixed one). */
export async function freePort() {
	const server = net.createServer();
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const { port } = server.address();
	await new Promise((resolve) => server.close(resolve));
	return port;
}

/**
 * Whether something already listens on `port` (n8n listens on every interface, so that is what is tried).
 * Resolves the error code (`EADDRINUSE`, `EACCES`) or undefined when the port is free.
 */
export async function portProblem(port) {
	const server = net.createServer();
	return await new Promise((resolve) => {
		server.once('error', (error) => resolve(error.code ?? 'EADDRINUSE'));
		server.listen(port, () => server.close(() => resolve(undefined)));
	});
}

/** `npm pack` of the built package (what npm would publish), into `destination`. Returns the .tgz path. */
export async function packPackage(destination) {
	if (!existsSync(path.join(REPO_ROOT, 'dist', 'nodes', 'Jimeng', 'Jimeng.node.js'))) {
		throw new Error('dist/ is missing: run `npm run build` first');
	}
	mkdirSync(destination, { recursive: true });
	const output = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], {
		quiet: true,
		label: 'npm pack',
	});
	const [info] = JSON.parse(output.slice(output.indexOf('[')));
	return path.join(destination, info.filename);
}

/**
 * Installs the packed package where n8n looks for community packages:
 * `$N8N_USER_FOLDER/.n8n/nodes/node_modules/<name>` (it has no runtime dependencies, so unpacking is an install).
 */
export async function installPackage(userFolder, tgzPath) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	rmSync(target, { recursive: true, force: true });
	mkdirSync(target, { recursive: true });
	await run('tar', ['-xzf', tgzPath, '-C', target, '--strip-components=1'], { quiet: true, label: 'tar -x' });
	const version = JSON.parse(readFileSync(path.join(target, 'package.json'), 'utf8')).version;
	writeFileSync(
		path.join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: version } }, null, 2),
	);
	return target;
}

/** Replaces every `@@NAME@@`; refuses to leave one behind (a workflow with a placeholder would fail later, less clearly). */
export function substitute(text, values) {
	const result = text.replace(/@@([A-Z0-9_]+)@@/g, (match, name) => {
		if (!(name in values)) throw new Error(`No value for placeholder ${match}`);
		return String(values[name]).replace(/\\/g, '\\\\').replace(/"/g, '\\"');
	});
	return result;
}

/** The example workflows, placeholders filled. Returns [{ file, workflow }]. */
export function loadExampleWorkflows(values) {
	const dir = path.join(EXAMPLES_DIR, 'workflows');
	return readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(substitute(readFileSync(path.join(dir, file), 'utf8'), values)) }));
}

export function loadExampleCredentials(values) {
	return JSON.parse(substitute(readFileSync(path.join(EXAMPLES_DIR, 'credentials.json'), 'utf8'), values));
}

/** Pulls the run JSON out of `n8n execute --rawOutput` (n8n logs a few lines before it). */
export function parseRawOutput(stdout) {
	const lines = stdout.split('\n');
	const start = lines.findIndex((line) => line === '{');
	let end = -1;
	for (let i = lines.length - 1; i > start; i--) {
		if (lines[i] === '}') {
			end = i;
			break;
		}
	}
	if (start === -1 || end === -1) return undefined;
	try {
		return JSON.parse(lines.slice(start, end + 1).join('\n'));
	} catch {
		return undefined;
	}
}

/** Output items of a node's last run (main output `output`), from an IRun. */
export function nodeOutput(runResult, nodeName, output = 0) {
	const runs = runResult?.data?.resultData?.runData?.[nodeName];
	if (!runs?.length) return undefined;
	return runs[runs.length - 1].data?.main?.[output] ?? [];
}

// Long-running n8n processes still alive; killed if this process exits without stopping them.
const liveChildren = new Set();
process.on('exit', () => {
	for (const child of liveChildren) child.kill('SIGKILL');
});

export class N8n {
	/**
	 * @param {{ userFolder: string, env?: Record<string,string>, log?: (m: string) => void }} options
	 * `env` comes on top of quiet, offline-friendly defaults.
	 */
	constructor({ userFolder, env = {}, log = () => {} }) {
		this.userFolder = userFolder;
		this.extraEnv = env;
		this.log = log;
		this.processes = new Set();
		mkdirSync(userFolder, { recursive: true });
	}

	env(extra = {}) {
		return toolEnv({
			N8N_USER_FOLDER: this.userFolder,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_SECURE_COOKIE: 'false',
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			DB_SQLITE_POOL_SIZE: '2',
			...this.extraEnv,
			...extra,
		});
	}

	/** Runs one n8n CLI command to completion. Never throws on a non-zero exit: returns { code, stdout, stderr }. */
	async cli(args, { env = {} } = {}) {
		const brokerPort = await freePort(); // `execute` starts a task broker; never collide with another n8n
		return await new Promise((resolve, reject) => {
			const child = spawn(NODE_BIN, [N8N_BIN, ...args], {
				cwd: this.userFolder,
				env: this.env({ N8N_RUNNERS_BROKER_PORT: String(brokerPort), ...env }),
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			liveChildren.add(child);
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (chunk) => (stdout += chunk));
			child.stderr.on('data', (chunk) => (stderr += chunk));
			child.on('error', reject);
			child.on('close', (code) => {
				liveChildren.delete(child);
				resolve({ code, stdout, stderr });
			});
		});
	}

	async cliOrThrow(args, options) {
		const result = await this.cli(args, options);
		if (result.code !== 0) {
			throw new Error(`n8n ${args.join(' ')} exited with ${result.code}\n${(result.stdout + result.stderr).slice(-3000)}`);
		}
		return result;
	}

	async importCredentials(credentials) {
		const file = path.join(this.userFolder, 'import-credentials.json');
		writeFileSync(file, JSON.stringify(credentials, null, 2));
		try {
			await this.cliOrThrow(['import:credentials', `--input=${file}`]);
		} finally {
			rmSync(file, { force: true }); // it holds keys in clear text
		}
	}

	async importWorkflows(workflows) {
		const file = path.join(this.userFolder, 'import-workflows.json');
		writeFileSync(file, JSON.stringify(workflows, null, 2));
		await this.cliOrThrow(['import:workflow', `--input=${file}`]);
	}

	async publish(workflowId) {
		await this.cliOrThrow(['publish:workflow', `--id=${workflowId}`]);
	}

	/** `n8n execute --id --rawOutput`: { code, run (IRun or undefined), stdout, stderr }. */
	async execute(workflowId, options) {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], options);
		return { ...result, run: parseRawOutput(result.stdout) };
	}

	/**
	 * Starts a long-running n8n process (`start`, `worker`, `webhook`). Output goes to `logFile` and is kept
	 * in memory for waitFor(). Returns a handle with waitFor(regex, ms), output(), stop().
	 */
	spawnProcess(command, { env = {}, logFile, args = [] } = {}) {
		const child = spawn(NODE_BIN, [N8N_BIN, command, ...args], {
			cwd: this.userFolder,
			env: this.env(env),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		liveChildren.add(child);
		let output = '';
		const file = logFile ? createWriteStream(logFile) : undefined;
		const waiters = new Set();
		const onData = (chunk) => {
			output += chunk;
			file?.write(chunk);
			for (const waiter of waiters) waiter.check();
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		const exited = once(child, 'exit').then(([code, signal]) => {
			liveChildren.delete(child);
			file?.end();
			for (const waiter of waiters) waiter.fail(new Error(`n8n ${command} exited (${code ?? signal})`));
			return code ?? signal;
		});
		const handle = {
			child,
			command,
			output: () => output,
			exited,
			/** Resolves with the match once the output matches `pattern`. */
			waitFor(pattern, timeoutMs = 120_000) {
				return new Promise((resolve, reject) => {
					const waiter = {
						check: () => {
							const match = pattern.exec(output);
							if (match) {
								cleanup();
								resolve(match);
							}
						},
						fail: (error) => {
							cleanup();
							reject(new Error(`${error.message} while waiting for ${pattern}\n${output.slice(-3000)}`));
						},
					};
					const timer = setTimeout(
						() => waiter.fail(new Error(`timed out after ${timeoutMs} ms`)),
						timeoutMs,
					);
					const cleanup = () => {
						clearTimeout(timer);
						waiters.delete(waiter);
					};
					waiters.add(waiter);
					if (child.exitCode !== null) waiter.fail(new Error(`n8n ${command} already exited`));
					else waiter.check();
				});
			},
			async stop() {
				if (child.exitCode !== null || child.signalCode !== null) return;
				child.kill('SIGTERM');
				const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
				await exited;
				clearTimeout(timer);
			},
		};
		this.processes.add(handle);
		return handle;
	}

	/**
	 * `n8n start` on `port`; resolves when the REST server answers and the production `webhooks` (paths) are
	 * registered (n8n 2.x activates published workflows in the background, after "Editor is now accessible").
	 */
	async start({ port, env = {}, logFile, webhooks = [] } = {}) {
		const brokerPort = await freePort();
		const handle = this.spawnProcess('start', {
			env: { N8N_PORT: String(port), N8N_RUNNERS_BROKER_PORT: String(brokerPort), ...env },
			logFile,
		});
		await handle.waitFor(/Editor is now accessible via/, 180_000);
		await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
		for (const webhookPath of webhooks) await waitForWebhook(`http://127.0.0.1:${port}`, webhookPath, 120_000);
		return handle;
	}

	/** `n8n worker` (queue mode); resolves when it says it is ready. */
	async worker({ env = {}, logFile } = {}) {
		const brokerPort = await freePort();
		const handle = this.spawnProcess('worker', {
			env: { N8N_RUNNERS_BROKER_PORT: String(brokerPort), ...env },
			logFile,
			args: ['--concurrency=2'],
		});
		await handle.waitFor(/n8n worker is now ready/, 180_000);
		return handle;
	}

	async stopAll() {
		await Promise.all([...this.processes].map((handle) => handle.stop()));
		this.processes.clear();
	}
}

export async function waitForHttp(url, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	let lastError;
	while (Date.now() < deadline) {
		try {
			const response = await fetch(url);
			if (response.ok) return;
			lastError = new Error(`HTTP ${response.status}`);
		} catch (error) {
			lastError = error;
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`${url} did not answer within ${timeoutMs} ms: ${lastError?.message}`);
}

/**
 * Waits until a production webhook is registered, without running it: a CORS preflight (OPTIONS with Origin)
 * makes n8n look the path up, answering 204 when it is live and 404 while it is not.
 */
export async function waitForWebhook(baseUrl, webhookPath, timeoutMs, method = 'POST') {
	const deadline = Date.now() + timeoutMs;
	let status;
	while (Date.now() < deadline) {
		try {
			const response = await fetch(`${baseUrl}/webhook/${webhookPath}`, {
				method: 'OPTIONS',
				headers: { origin: 'http://127.0.0.1', 'access-control-request-method': method },
			});
			status = response.status;
			await response.arrayBuffer();
			if (status === 204) return;
		} catch (error) {
			status = error.message;
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`webhook ${method} /webhook/${webhookPath} was not registered within ${timeoutMs} ms (last: ${status})`);
}

export { REPO_ROOT };
