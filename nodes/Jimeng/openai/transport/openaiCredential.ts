import type { IExecuteFunctions } from 'n8n-workflow';

import { credentialError, runCredentials } from '../../auth/credentials';
import { checkApiCredential } from '../../auth/credentialChecks';
import { normalizeBaseUrl } from '../../auth/urls';

export const CREDENTIAL_NAME = 'jimengApi';

export interface ApiCredentials {
	url?: string;
	apiKey?: string;
}

/**
 * The credential's Base URL for the checks before the first call (which provider's rules apply):
 * the run's one read, not one per item.
 */
export async function credentialBaseUrl(ctx: IExecuteFunctions): Promise<string | undefined> {
	const { url } = await runCredentials(ctx, 'openai');
	return typeof url === 'string' ? url : undefined;
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
