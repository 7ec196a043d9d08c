#!/usr/bin/env node
'use strict';
/*
 * Standalone fake upstream for the e2e tests and the demo (no build needed, Node 20+):
 *
 *   node test/fake-upstream/cli.js [--port 0] [--host 127.0.0.1] [--api-key sk-test]
 *        [--access-key-id AK --secret-access-key SK [--session-token T]] [--region cn-north-1]
 *        [--max-skew-ms 900000] [--in-queue-polls 1] [--generating-polls 1] [--public-url URL]
 *
 * Environment fallbacks: FAKE_PORT, FAKE_API_KEY, FAKE_VOLC_ACCESS_KEY_ID, FAKE_VOLC_SECRET_ACCESS_KEY,
 * FAKE_VOLC_SESSION_TOKEN. Once listening it prints ONE JSON line on stdout:
 *   {"url":"http://127.0.0.1:PORT","port":PORT,"openaiBaseUrl":".../v1","arkBaseUrl":".../api/v3","volcEndpoint":"..."}
 * Control it over HTTP: GET /__fake/counts, GET /__fake/calls?route=submit, POST /__fake/reset,
 * POST /__fake/fault {"route":"submit","spec":{"kind":"volcBusiness","code":50430},"times":1},
 * POST /__fake/configure {"volcengine":{"inQueuePolls":2}}, POST /__fake/tasks/next {"images":3}.
 * Stops on SIGTERM/SIGINT, or when stdin closes if --exit-on-stdin-close is given.
 */

const { startFakeUpstream } = require('./server');

function parseArgs(argv) {
	/** @type {Record<string, string|boolean>} */
	const out = {};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (!a.startsWith('--')) continue;
		const eq = a.indexOf('=');
		if (eq !== -1) out[a.slice(2, eq)] = a.slice(eq + 1);
		else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out[a.slice(2)] = argv[++i];
		else out[a.slice(2)] = true;
	}
	return out;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const e = process.env;
	const str = (name, envName) => {
		const v = args[name] ?? (envName ? e[envName] : undefined);
		return typeof v === 'string' ? v : undefined;
	};
	const int = (name, envName) => {
		const v = str(name, envName);
		return v === undefined ? undefined : Number(v);
	};
	const accessKeyId = str('access-key-id', 'FAKE_VOLC_ACCESS_KEY_ID');
	const fake = await startFakeUpstream({
		port: int('port', 'FAKE_PORT') ?? 0,
		host: str('host') ?? '127.0.0.1',
		apiKey: str('api-key', 'FAKE_API_KEY') ?? 'sk-test',
		publicUrl: str('public-url'),
		volcengine: {
			accessKeyId,
			secretAccessKey: str('secret-access-key', 'FAKE_VOLC_SECRET_ACCESS_KEY'),
			sessionToken: str('session-token', 'FAKE_VOLC_SESSION_TOKEN'),
			region: str('region'),
			maxSkewMs: int('max-skew-ms'),
			tasks: {
				...(int('in-queue-polls') !== undefined ? { inQueuePolls: int('in-queue-polls') } : {}),
				...(int('generating-polls') !== undefined ? { generatingPolls: int('generating-polls') } : {}),
			},
		},
	});
	process.stdout.write(
		JSON.stringify({ url: fake.url, port: fake.port, openaiBaseUrl: fake.openaiBaseUrl, arkBaseUrl: fake.arkBaseUrl, volcEndpoint: fake.volcEndpoint }) + '\n',
	);
	const stop = () => {
		fake.close().then(() => process.exit(0));
	};
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
	if (args['exit-on-stdin-close']) {
		process.stdin.on('end', stop);
		process.stdin.resume();
	}
}

main().catch((error) => {
	process.stderr.write(`fake-upstream failed to start: ${String(error && error.stack)}\n`);
	process.exit(1);
});
