import type {
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { API_KEY_SOURCES, checkApiCredential } from '../nodes/Jimeng/auth/credentialChecks';

const API_ROOT_EXAMPLES =
	'Relays look like https://host/v1, Volcengine Ark is https://ark.cn-beijing.volces.com/api/v3, OpenAI https://api.openai.com/v1.';

/**
 * What the Test button says for each way it fails (n8n shows the first rule that matches; the
 * Test sends GET {Base URL}/models). A key pasted with "Bearer " or with spaces is refused before
 * anything is sent, by `authenticate`; an unreachable host is reported by n8n itself with the
 * network code (ECONNREFUSED, ENOTFOUND, …), which no rule can reword.
 */
const RESPONSE_CODE_RULES: IAuthenticateRuleResponseCode[] = [
	{
		type: 'responseCode',
		properties: {
			value: 401,
			message: `The service refused the API key (HTTP 401): the key is wrong, revoked, or belongs to another service than this Base URL. ${API_KEY_SOURCES}`,
		},
	},
	{
		type: 'responseCode',
		properties: {
			value: 403,
			message:
				'The service knows the key but refused it (HTTP 403): the key has no access to this endpoint or model list, the account is out of credit, or your IP is not allowed. Check the key in the provider\'s console.',
		},
	},
	{
		type: 'responseCode',
		properties: {
			value: 404,
			message: `Nothing answers at Base URL + /models (HTTP 404): the Base URL is probably not the API root. ${API_ROOT_EXAMPLES}`,
		},
	},
	{
		type: 'responseCode',
		properties: {
			value: 405,
			message: `Base URL + /models does not take a GET (HTTP 405): the Base URL is probably not the API root. ${API_ROOT_EXAMPLES}`,
		},
	},
];

/** A web page answered (its text starts with "<"): a site's home page, not the API root. */
const RESPONSE_BODY_RULES: IAuthenticateRuleResponseSuccessBody[] = [
	{
		type: 'responseSuccessBody',
		properties: {
			key: '0',
			value: '<',
			message: `The Base URL answered with a web page, not the API: it is probably the site's address, not the API root. ${API_ROOT_EXAMPLES}`,
		},
	},
];

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
		// A key pasted with "Bearer " or with a space, or a Base URL that is no URL: said plainly (the
		// Test button shows this message), never sent. Runs check the same before the first call.
		const problem = checkApiCredential(credentials);
		if (problem) throw new Error(`${problem.problem}. ${problem.hint}`);
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
		// n8n's tester reads each rule by its type (responseCode on error answers, responseSuccessBody on
		// 2xx answers); the declared type only allows one kind per list.
		rules: [...RESPONSE_CODE_RULES, ...RESPONSE_BODY_RULES] as IAuthenticateRuleResponseCode[],
	};
}
