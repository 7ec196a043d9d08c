import type { IExecuteFunctions } from 'n8n-workflow';

import { credentialError } from '../../auth/credentials';
import { checkApiCredential } from '../../auth/credentialChecks';
import { normalizeBaseUrl } from '../../auth/urls';

export const CREDENTIAL_NAME = 'jimengApi';

export interface ApiCredentials {
	url?: string;
	apiKey?: string;
}

const baseUrlsOfRun = new WeakMap<IExecuteFunctions, Promise<string | undefined>>();

/**
 * The credential's Base URL as the checks before the first call read it (which provider's rules
 * apply), once per run: in a real n8n every credential read is a database query and a decryption
 * (200 items: most of the time before the first paid call). The credential belongs to the node,
 * as the router's credential check says; each call still reads it for its own item (below).
 */
export async function credentialBaseUrl(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<string | undefined> {
	let url = baseUrlsOfRun.get(ctx);
	if (!url) {
		url = ctx
			.getCredentials<ApiCredentials>(CREDENTIAL_NAME, itemIndex)
			.then((credentials) => credentials.url);
		baseUrlsOfRun.set(ctx, url);
		// A read that failed is not kept: the next item asks again and gets its own error.
		url.catch(() => baseUrlsOfRun.delete(ctx));
	}
	return await url;
}

/** The checked base URL and the key to redact from anything the upstream answers. */
export async function getApiContext(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<{ baseUrl: string; secret: string }> {
	const credentials = (await ctx.getCredentials(CREDENTIAL_NAME, itemIndex)) as ApiCredentials;
	// The router checked this before the first call; checked again for callers outside a run.
	const problem = checkApiCredential(credentials);
	if (problem) throw credentialError(ctx, 'openai', problem, itemIndex);
	// Trimmed like the credential's authenticate() sends it, so an echo of the key is still found.
	return {
		baseUrl: normalizeBaseUrl(credentials.url).url as string,
		secret: String(credentials.apiKey ?? '').trim(),
	};
}
