import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';

import { normalizeBaseUrl } from '../../auth/urls';
import { type ApiCredentials, CREDENTIAL_NAME } from './openaiCredential';

/** `GET {url}/models`; returns the raw model entries, or undefined when the list is unavailable. */
export async function fetchModelList(
	ctx: ILoadOptionsFunctions,
): Promise<IDataObject[] | undefined> {
	try {
		// No credential yet (a new node): no list; the editor then offers the model table's IDs.
		const credentials = (await ctx.getCredentials(CREDENTIAL_NAME)) as ApiCredentials;
		const { url } = normalizeBaseUrl(credentials.url);
		if (!url) return undefined;
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_NAME, {
			method: 'GET',
			url: `${url}/models`,
			json: true,
			timeout: 20_000,
		})) as IDataObject | IDataObject[];
		const list = Array.isArray(response) ? response : response?.data;
		return Array.isArray(list) ? (list as IDataObject[]) : undefined;
	} catch (error) {
		ctx.logger.debug(
			`Jimeng: could not load the model list (${error instanceof Error ? error.message : 'unknown error'})`,
		);
		return undefined;
	}
}
