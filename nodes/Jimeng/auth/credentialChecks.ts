/**
 * What a credential must hold before the node sends anything with it. An empty key is answered by
 * the provider with an error that names no field (or, behind some relays, only after a paid call
 * was queued), so it is refused here, naming the credential field. Pure: no n8n imports.
 */

import { checkHttpUrl, normalizeBaseUrl } from './urls';

export interface CredentialProblem {
	/** The credential field, as the editor labels it. */
	field: string;
	problem: string;
	hint: string;
}

/** A key as it will be sent: trimmed. Empty, or with spaces inside (a pasted "Bearer …", a line break), is refused. */
function checkKey(raw: unknown, field: string, where: string): CredentialProblem | undefined {
	const value = typeof raw === 'string' ? raw.trim() : '';
	if (value === '') {
		return { field, problem: `The ${field} of the credential is empty`, hint: where };
	}
	if (/^bearer\s/i.test(value)) {
		return {
			field,
			problem: `The ${field} of the credential starts with "Bearer "`,
			hint: 'Enter only the key itself: the node adds "Bearer " to the Authorization header.',
		};
	}
	if (/\s/.test(value)) {
		return {
			field,
			problem: `The ${field} of the credential contains a space or a line break`,
			hint: `Paste the key again as one word. ${where}`,
		};
	}
	return undefined;
}

// Where the keys come from, shown as credential hints and in the errors above. Sources: Volcengine
// docs 82379/1263279 (Ark: API Key 管理 → 创建 API Key) and 6792/116968 (visual: account menu →
// 密钥管理 → 新建密钥; services are activated in the 视觉智能 console).
export const API_KEY_SOURCES =
	"Volcengine Ark: console → API Key management (API Key 管理) → Create API Key. A relay: its dashboard's token page. OpenAI: platform.openai.com → API keys.";

export const ACCESS_KEY_SOURCES =
	'Volcengine console → account menu → Access Keys (密钥管理, also under 访问控制 IAM) → Create key; a sub-user with only the visual service permission is safer than the main account.';

/** The optional cap both credentials carry; empty means none. */
export const MAX_IN_FLIGHT_FIELD = 'Max Calls in Flight (All Runs)';

/** The credential's cap on calls in flight across all runs: 0 (or empty) for none. */
export function readMaxInFlight(raw: unknown): number | CredentialProblem {
	if (raw === undefined || raw === null || raw === '') return 0;
	const value = Number(raw);
	if (Number.isInteger(value) && value >= 0) return value;
	return {
		field: MAX_IN_FLIGHT_FIELD,
		problem: `The ${MAX_IN_FLIGHT_FIELD} of the credential must be a whole number of at least 0`,
		hint: `It is ${String(raw)}. 0 means no cap.`,
	};
}

function maxInFlightProblem(raw: unknown): CredentialProblem | undefined {
	const read = readMaxInFlight(raw);
	return typeof read === 'number' ? undefined : read;
}

/** The Jimeng API (Bearer) credential: a usable Base URL and a key. */
export function checkApiCredential(credentials: {
	url?: unknown;
	apiKey?: unknown;
	maxCallsInFlight?: unknown;
}): CredentialProblem | undefined {
	const { url, problem } = normalizeBaseUrl(credentials.url);
	if (!url) {
		return {
			field: 'Base URL',
			problem: problem ?? 'The Base URL of the credential is not valid',
			hint: 'Set Base URL to the API root, e.g. https://ark.cn-beijing.volces.com/api/v3 or https://host/v1.',
		};
	}
	return (
		checkKey(credentials.apiKey, 'API Key', `Where to get one: ${API_KEY_SOURCES}`) ??
		maxInFlightProblem(credentials.maxCallsInFlight)
	);
}

/** The Volcengine AK/SK credential: both keys, and an http(s) Endpoint when one is set. */
export function checkVolcengineCredential(credentials: {
	accessKeyId?: unknown;
	secretAccessKey?: unknown;
	endpoint?: unknown;
	maxCallsInFlight?: unknown;
}): CredentialProblem | undefined {
	const where = `Where to get them: ${ACCESS_KEY_SOURCES}`;
	const keyProblem =
		checkKey(credentials.accessKeyId, 'Access Key ID', where) ??
		checkKey(credentials.secretAccessKey, 'Secret Access Key', where) ??
		maxInFlightProblem(credentials.maxCallsInFlight);
	if (keyProblem) return keyProblem;
	// Empty means the default endpoint (the credential's authenticate() falls back to it).
	const endpoint = typeof credentials.endpoint === 'string' ? credentials.endpoint.trim() : '';
	if (endpoint === '') return undefined;
	const checked = checkHttpUrl(endpoint, 'The Endpoint of the credential');
	if (checked.ok) return undefined;
	return {
		field: 'Endpoint',
		problem: checked.problem,
		hint: 'Use https://visual.volcengineapi.com (the default), or the full http(s) address of a proxy that forwards signed requests unchanged.',
	};
}
