import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { normalizeBaseUrl } from '../lib/urls';

export const CREDENTIAL_NAME = 'jimengApi';

export interface ApiCredentials {
	url?: string;
	apiKey?: string;
}

/** The checked base URL and the key to redact from anything the upstream answers. */
export async function getApiContext(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<{ baseUrl: string; secret: string }> {
	const credentials = (await ctx.getCredentials(CREDENTIAL_NAME, itemIndex)) as ApiCredentials;
	const { url, problem } = normalizeBaseUrl(credentials.url);
	if (!url) {
		throw new NodeOperationError(ctx.getNode(), problem ?? 'Invalid Base URL', {
			itemIndex,
			description:
				'Open the Jimeng API credential and set Base URL to the API root, e.g. https://ark.cn-beijing.volces.com/api/v3 or https://host/v1.',
		});
	}
	// Trimmed like the credential's authenticate() sends it, so an echo of the key is still found.
	return { baseUrl: url, secret: String(credentials.apiKey ?? '').trim() };
}
