/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * One-time set-up of n8n-core's dependency-injection container for tests: a throwaway n8n user folder,
 * the filesystem binary-data store (n8n 2.x's default in regular mode) and a logger that records
 * every message, so tests can read what the node logged.
 *
 * n8n-core carries its own copies of `@n8n/di` and `@n8n/backend-common` (newer than the ones other
 * devDependencies pull in), and services are keyed by class, so those two are loaded from
 * n8n-core's own folder: the Container and Logger we touch must be the ones n8n-core uses.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { BinaryDataConfig, BinaryDataService, InstanceSettings } from 'n8n-core';
import { LoggerProxy } from 'n8n-workflow';

const coreRequire = createRequire(require.resolve('n8n-core'));
const { Container } = coreRequire('@n8n/di') as typeof import('@n8n/di');
const { Logger } = coreRequire('@n8n/backend-common') as typeof import('@n8n/backend-common');

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface LogEntry {
	level: LogLevel;
	message: string;
	/** The metadata object passed to the logger, as given (may hold errors). */
	metadata?: unknown;
	/** `level: message {metadata as JSON}`, what a log line of n8n would contain. */
	text: string;
}

/** Collects log entries of the run that is active in the current async context. */
export const logScope = new AsyncLocalStorage<LogEntry[]>();

/** Entries logged outside any run (engine start-up, stray timers). */
export const unscopedLogs: LogEntry[] = [];

/** JSON.stringify that survives cycles, Buffers, bigints and errors (their non-enumerable fields too). */
export function safeStringify(value: unknown): string {
	const seen = new WeakSet<object>();
	return (
		JSON.stringify(value, function (_key, val: unknown) {
			if (typeof val === 'bigint') return val.toString();
			if (typeof val === 'function') return undefined;
			if (val && typeof val === 'object') {
				if (Buffer.isBuffer(val) || val instanceof Uint8Array) return `[bytes ${val.length}]`;
				if ((val as { type?: unknown }).type === 'Buffer' && Array.isArray((val as { data?: unknown }).data)) {
					return `[bytes ${(val as { data: unknown[] }).data.length}]`;
				}
				if (seen.has(val)) return '[Circular]';
				seen.add(val);
				if (val instanceof Error) {
					const { name, message, stack } = val;
					return { name, message, stack, ...(val as unknown as Record<string, unknown>) };
				}
			}
			return val;
		}) ?? 'undefined'
	);
}

function record(level: LogLevel, message: string, metadata?: unknown) {
	const text = `${level}: ${String(message)}${metadata === undefined ? '' : ` ${safeStringify(metadata)}`}`;
	(logScope.getStore() ?? unscopedLogs).push({ level, message: String(message), metadata, text });
}

/** Stands in for n8n's winston Logger (`this.logger` in nodes, LoggerProxy in the engine). */
const recordingLogger = {
	error: (message: string, metadata?: unknown) => record('error', message, metadata),
	warn: (message: string, metadata?: unknown) => record('warn', message, metadata),
	info: (message: string, metadata?: unknown) => record('info', message, metadata),
	debug: (message: string, metadata?: unknown) => record('debug', message, metadata),
	verbose: (message: string, metadata?: unknown) => record('debug', message, metadata),
	scoped: () => recordingLogger,
	getInternalLogger: () => recordingLogger,
};

let engineReady: Promise<{ binaryDataService: BinaryDataService; userFolder: string }> | undefined;
let userFolder: string | undefined;

/** Removes the temporary n8n user folder (binary files) when the test file is done. */
if (typeof afterAll === 'function') {
	afterAll(() => {
		if (userFolder) rmSync(userFolder, { recursive: true, force: true });
	});
}

/** Boots the container once per test file (jest gives each file its own module registry). */
export async function ensureEngine() {
	engineReady ??= (async () => {
		userFolder = mkdtempSync(join(tmpdir(), 'jimeng-n8n-harness-'));
		// InstanceSettings reads this when the container first builds it: keep n8n away from ~/.n8n.
		process.env.N8N_USER_FOLDER = userFolder;
		Container.set(Logger, recordingLogger as unknown as InstanceType<typeof Logger>);
		LoggerProxy.init(recordingLogger as unknown as Parameters<typeof LoggerProxy.init>[0]);
		Container.get(InstanceSettings);

		const binaryDataConfig = Container.get(BinaryDataConfig);
		// JIMENG_HARNESS_BINARY_MODE=default keeps binaries in the execution data (n8n's "default" mode).
		binaryDataConfig.mode =
			process.env.JIMENG_HARNESS_BINARY_MODE === 'default' ? 'default' : 'filesystem';
		binaryDataConfig.localStoragePath = join(userFolder, 'storage');
		const binaryDataService = Container.get(BinaryDataService);
		await binaryDataService.init();
		return { binaryDataService, userFolder };
	})();
	return await engineReady;
}
