import type {
	IAuthenticateRuleResponseSuccessBody,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { ACCESS_KEY_SOURCES } from '../nodes/Jimeng/auth/credentialChecks';
import { GATEWAY_ERRORS } from '../nodes/Jimeng/visual/volcErrors';
import { VOLC_SIGNATURE_HEADERS, signVolcengineRequest } from '../nodes/Jimeng/visual/volcSigner';

const DEFAULT_ENDPOINT = 'https://visual.volcengineapi.com';
const DEFAULT_REGION = 'cn-north-1';
const SERVICE = 'cv';

/*
 * Why rules on the body and not on the HTTP status: a correctly signed GetResult for a task that does not
 * exist is answered by the visual service itself with a business error (HTTP 400, code 50215 or similar),
 * so "non-2xx = bad keys" would reject valid keys. n8n's credential tester (RoutingNode ->
 * httpRequestWithAuthentication -> authenticate below) only reads the body of 2xx answers, hence
 * ignoreHttpStatusErrors; it then returns the message of the first responseSuccessBody rule whose
 * `key` resolves (lodash get) to `value`. Gateway failures carry ResponseMetadata.Error.Code and no
 * top-level `code`, so: one rule per gateway code, then a last rule for any answer without a business
 * `code` (unknown gateway code, HTML page, wrong endpoint). Anything with a business `code` other than
 * 50400 means the gateway accepted the signature.
 */
const CREDENTIAL_TEST_RULES: IAuthenticateRuleResponseSuccessBody[] = [
	...Object.entries(GATEWAY_ERRORS).map(
		([code, { message, hint }]): IAuthenticateRuleResponseSuccessBody => ({
			type: 'responseSuccessBody',
			properties: {
				key: 'ResponseMetadata.Error.Code',
				value: code,
				message: `${code}: ${message}. ${hint}`,
			},
		}),
	),
	// No rule for 50400: it means the test's one req_key is not activated, after the keys passed the
	// gateway. The keys are good; other models may well be active.
	{
		type: 'responseSuccessBody',
		properties: {
			key: 'code',
			value: undefined,
			message:
				'The endpoint did not answer like the Volcengine visual API (no business code in the answer). Check Endpoint, Region and keys.',
		},
	},
];

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

/** Join like axios does (baseURL + '/' + url), so a path prefix on the endpoint is kept. */
function absoluteUrl(url: string, baseURL: string): string {
	if (/^[a-z][a-z\d+\-.]*:\/\//i.test(url)) return url;
	if (!url) return baseURL;
	return `${baseURL.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
}

/** Fold `qs` into the URL so the canonical query is the whole query, and nothing is appended after signing. */
function appendQs(params: URLSearchParams, qs: IDataObject | undefined): void {
	for (const [key, value] of Object.entries(qs ?? {})) {
		const values = Array.isArray(value) ? value : [value];
		for (const item of values) {
			if (item === undefined || item === null) continue;
			params.append(key, typeof item === 'object' ? JSON.stringify(item) : String(item));
		}
	}
}

function findHeaderKey(headers: IDataObject, name: string): string | undefined {
	return Object.keys(headers).find((key) => key.toLowerCase() === name);
}

/** The exact bytes to send, as a string or Buffer; undefined for no body. */
function bodyToSend(
	body: IHttpRequestOptions['body'],
	isJson: boolean,
): string | Buffer | undefined {
	if (body === undefined || body === null) return undefined;
	if (typeof body === 'string') {
		// axios trims a JSON string body before sending it; sign what will really be sent.
		if (isJson && body.trim() !== body) {
			try {
				JSON.parse(body);
				return body.trim();
			} catch {
				return body;
			}
		}
		return body;
	}
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof Uint8Array) return Buffer.from(body);
	if (body instanceof URLSearchParams) return body.toString();
	if (typeof FormData !== 'undefined' && body instanceof FormData) {
		throw new Error('Multipart bodies cannot be signed for the Volcengine visual API; send JSON');
	}
	if (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0) {
		return undefined; // n8n never sends an empty object body
	}
	return JSON.stringify(body);
}

export class JimengVolcengineApi implements ICredentialType {
	name = 'jimengVolcengineApi';

	displayName = 'Jimeng Volcengine AK/SK API';

	icon = {
		light: 'file:../nodes/Jimeng/jimeng.svg',
		dark: 'file:../nodes/Jimeng/jimeng.dark.svg',
	} as const;

	documentationUrl =
		'https://github.com/n8n-nodes-jimeng-seedream/n8n-nodes-jimeng-seedream#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Key ID',
			name: 'accessKeyId',
			type: 'string',
			required: true,
			default: '',
			hint: `Where to get it: ${ACCESS_KEY_SOURCES} Each model is activated in the Visual Intelligence console (视觉智能).`,
		},
		{
			displayName: 'Secret Access Key',
			name: 'secretAccessKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			hint: 'Created together with the Access Key ID, on the same page of the console',
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Only for temporary STS credentials (Access Key IDs that start with AKTP)',
			hint: 'Leave empty for a permanent key (Access Key ID starting with AKLT)',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'string',
			default: DEFAULT_REGION,
			description:
				'The visual API is served from cn-north-1; keep it unless Volcengine tells you otherwise',
		},
		{
			displayName: 'Endpoint',
			name: 'endpoint',
			type: 'string',
			default: DEFAULT_ENDPOINT,
			description:
				'The visual API host; change it only for a proxy that forwards signed requests unchanged',
		},
		{
			displayName: 'Max Calls in Flight (All Runs)',
			name: 'maxCallsInFlight',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 0 },
			default: 0,
			description:
				'Optional: the most items worked on at once (a submitted task counts until it has finished) across all executions in this n8n process that use this credential (0 = no cap). Each node\'s Concurrency option still caps its own run. Without a cap, the runs still share what they learn from rate limits.',
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
	 * Signs every request (node calls, declarative routing, the credential test) with Volcengine V4.
	 * Returns new options: absolute URL whose query is the canonical one, no baseURL/qs, a string body that is
	 * exactly what was hashed. Idempotent: n8n may call it again on already signed options.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const endpoint = text(credentials.endpoint) || DEFAULT_ENDPOINT;
		const url = new URL(
			absoluteUrl(requestOptions.url ?? '', text(requestOptions.baseURL) || endpoint),
		);
		appendQs(url.searchParams, requestOptions.qs);

		const headers: IDataObject = {};
		for (const [key, value] of Object.entries(requestOptions.headers ?? {})) {
			if (!VOLC_SIGNATURE_HEADERS.includes(key.toLowerCase())) headers[key] = value;
		}
		const hasBody = requestOptions.body !== undefined && requestOptions.body !== null;
		if (hasBody && findHeaderKey(headers, 'content-type') === undefined) {
			headers['Content-Type'] = 'application/json';
		}
		const contentTypeKey = findHeaderKey(headers, 'content-type');
		const isJson =
			contentTypeKey !== undefined && String(headers[contentTypeKey]).includes('application/json');
		const body = bodyToSend(requestOptions.body, isJson);

		const signed = signVolcengineRequest({
			method: requestOptions.method ?? 'GET',
			url: url.href,
			headers: headers as Record<string, string>,
			body,
			accessKeyId: text(credentials.accessKeyId),
			secretAccessKey: text(credentials.secretAccessKey),
			sessionToken: text(credentials.sessionToken) || undefined,
			region: text(credentials.region) || DEFAULT_REGION,
			service: SERVICE,
			date: new Date(),
		});

		const result: IHttpRequestOptions = {
			...requestOptions,
			url: signed.url,
			headers: { ...headers, ...signed.headers },
			body,
		};
		// baseURL and qs are already folded into the URL; axios must not add them again.
		delete result.baseURL;
		delete result.qs;
		if (body === undefined) delete result.body;
		return result;
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.endpoint}}',
			url: '/?Action=CVSync2AsyncGetResult&Version=2022-08-31',
			method: 'POST',
			body: { req_key: 'jimeng_t2i_v40', task_id: '0' },
			ignoreHttpStatusErrors: true,
		},
		rules: CREDENTIAL_TEST_RULES,
	};
}
