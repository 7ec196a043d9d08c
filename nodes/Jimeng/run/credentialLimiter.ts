import { createHmac, randomBytes } from 'node:crypto';

import type { IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { runCredentials } from '../auth/credentials';
import { readMaxInFlight } from '../auth/credentialChecks';
import { normalizeBaseUrl } from '../auth/urls';
import type { BackendKey } from './backend';
import { LimiterRegistry, type Attached } from './sharedLimiters';

/** The credentials' shared limiters of this n8n process. */
export const processLimiters = new LimiterRegistry({
	clock: { now: Date.now, sleep: async (ms, abort) => await sleep(ms, abort) },
});

// Keyed by an HMAC under a key that lives only in this process: the registry holds no secret,
// and its keys cannot be checked against a guessed API key outside the process.
const IDENTITY_KEY = randomBytes(32);

/** What makes two credentials one account's limit: the key at the same endpoint. */
const IDENTITY_OF: Record<BackendKey, (credentials: Record<string, unknown>) => string[]> = {
	openai: (credentials) => [
		String(normalizeBaseUrl(credentials.url).url ?? ''),
		String(credentials.apiKey ?? '').trim(),
	],
	volcengine: (credentials) => [
		String(credentials.endpoint ?? '').trim(),
		String(credentials.region ?? '').trim(),
		String(credentials.accessKeyId ?? '').trim(),
	],
};

export function limiterKeyOf(backend: BackendKey, credentials: Record<string, unknown>): string {
	const hmac = createHmac('sha256', IDENTITY_KEY);
	for (const part of IDENTITY_OF[backend](credentials)) hmac.update(`${part.length}:${part}`);
	return `${backend}:${hmac.digest('hex')}`;
}

/** The run's share of its credential's limiter (the router checked the credential already). */
export async function attachCredentialLimiter(
	ctx: IExecuteFunctions,
	backend: BackendKey,
): Promise<Attached> {
	const credentials = await runCredentials(ctx, backend);
	const cap = readMaxInFlight(credentials.maxCallsInFlight);
	return processLimiters.attach(
		limiterKeyOf(backend, credentials),
		typeof cap === 'number' ? cap : 0,
	);
}
