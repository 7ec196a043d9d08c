import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { API_KEY_SOURCES } from '../nodes/Jimeng/auth/credentialChecks';

export class JimengApi implements ICredentialType {
	name = 'jimengApi';

	displayName = 'Jimeng API';

	icon = {
		light: 'file:../nodes/Jimeng/jimeng.svg',
		dark: 'file:../nodes/Jimeng/jimeng.dark.svg',
	} as const;

	documentationUrl =
		'https://github.com/n8n-nodes-jimeng-seedream/n8n-nodes-jimeng-seedream#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'url',
			type: 'string',
			default: 'https://ark.cn-beijing.volces.com/api/v3',
			placeholder: 'https://host/v1',
			description:
				'Base URL of the OpenAI-compatible API, without the trailing /images/…: Volcengine Ark is https://ark.cn-beijing.volces.com/api/v3, relays look like https://host/v1, OpenAI is https://api.openai.com/v1',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			hint: `Where to get it: ${API_KEY_SOURCES}`,
		},
		{
			displayName: 'Max Calls in Flight (All Runs)',
			name: 'maxCallsInFlight',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 0 },
			default: 0,
			description:
				'Optional: the most image calls in flight at once across all executions in this n8n process that use this credential (0 = no cap). Each node\'s Concurrency option still caps its own run. Without a cap, the runs still share what they learn from rate limits.',
		},
		{
			displayName: 'Prices',
			name: 'prices',
			type: 'json',
			// '{}', not '': n8n's JSON editor marks an empty text as invalid JSON on every new credential.
			default: '{}',
			description:
				'Optional: your own prices, which win over the node\'s table (a relay or an enterprise account has its own). A JSON object of model ID (or a pattern with *) → price, e.g. {"jimeng-4.0": {"perCall": 0.8, "imagesPerCall": 4, "currency": "CNY"}, "doubao-seedream-4-5-*": {"perImage": 0.25, "currency": "CNY"}, "gpt-image-2": {"perMillionTokens": {"textInput": 5, "imageInput": 8, "output": 30}, "currency": "USD"}}. Checked before any paid call.',
		},
	];

	/**
	 * A function rather than the generic `=Bearer {{$credentials.apiKey}}` form (as n8n's OpenAiApi does), so
	 * the header does not depend on n8n's expression resolver and any earlier Authorization is replaced.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const apiKey = typeof credentials.apiKey === 'string' ? credentials.apiKey.trim() : '';
		const headers = Object.fromEntries(
			Object.entries(requestOptions.headers ?? {}).filter(
				([key]) => key.toLowerCase() !== 'authorization',
			),
		);
		return { ...requestOptions, headers: { ...headers, Authorization: `Bearer ${apiKey}` } };
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{String($credentials.url || "").replace(/\\/+$/, "")}}',
			url: '/models',
			method: 'GET',
		},
	};
}
