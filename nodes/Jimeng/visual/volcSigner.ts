/**
 * Volcengine signature V4 ("HMAC-SHA256") for the visual API, as the official SDKs compute it
 * (volc-sdk-python SignerV4, volc-sdk-nodejs sign.ts). Pure: no n8n imports, only node:crypto.
 *
 * Differences from AWS SigV4 that matter: the credential scope ends in `request` (not `aws4_request`),
 * the key chain starts from the raw secret (no `AWS4` prefix), and the body hash travels in
 * `X-Content-Sha256`.
 */
import { createHash, createHmac } from 'node:crypto';

export const VOLC_ALGORITHM = 'HMAC-SHA256';

/** Headers this signer owns: any earlier value is replaced, so signing an already signed request is safe. */
export const VOLC_SIGNATURE_HEADERS = [
	'x-date',
	'x-content-sha256',
	'x-security-token',
	'authorization',
];

export type HeaderValue = string | number | boolean | string[] | undefined | null;

export interface VolcSignInput {
	method: string;
	/** Absolute URL, query included. */
	url: string;
	/** Headers already on the request; only the ones named in `signedHeaders` (and Host) are read. */
	headers?: Record<string, HeaderValue>;
	/** The exact bytes that will be sent. A string is hashed as UTF-8. */
	body?: string | Uint8Array;
	accessKeyId: string;
	secretAccessKey: string;
	/** STS session token; when set it is sent as X-Security-Token and signed. */
	sessionToken?: string;
	region: string;
	service: string;
	date: Date;
	/** Extra header names to sign on top of host, x-content-sha256, x-date (e.g. 'content-type'). */
	signedHeaders?: string[];
	/** Default true. False reproduces the official Node SDK, which signs only x-content-sha256;x-date. */
	signHost?: boolean;
}

export interface VolcSignResult {
	/** Headers to add to the request. */
	headers: Record<string, string>;
	/** origin + canonical path + '?' + canonical query: send this URL so the wire matches what was signed. */
	url: string;
	host: string;
	xDate: string;
	bodyHash: string;
	canonicalUri: string;
	canonicalQuery: string;
	canonicalHeaders: string;
	signedHeaders: string;
	canonicalRequest: string;
	credentialScope: string;
	stringToSign: string;
	signature: string;
}

const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** RFC 3986 percent-encoding: only A-Z a-z 0-9 - _ . ~ stay literal; UTF-8 bytes become uppercase %XX. */
export function rfc3986Encode(value: string): string {
	return encodeURIComponent(value).replace(
		/[!'()*]/g,
		(ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase(),
	);
}

/**
 * Canonical query string: every name and value RFC 3986-encoded, pairs sorted by name
 * (stable, so repeated names keep their original order), joined with `=` and `&`.
 * Names are compared raw, as both official SDKs do.
 */
export function canonicalQueryString(pairs: Iterable<readonly [string, string]>): string {
	const list = Array.from(pairs, ([key, value]) => [key, value] as const);
	const sorted = list
		.map((pair, index) => ({ pair, index }))
		.sort((a, b) => {
			if (a.pair[0] < b.pair[0]) return -1;
			if (a.pair[0] > b.pair[0]) return 1;
			return a.index - b.index;
		});
	return sorted.map(({ pair }) => `${rfc3986Encode(pair[0])}=${rfc3986Encode(pair[1])}`).join('&');
}

/** Canonical URI: each path segment decoded then RFC 3986-encoded; an empty path is `/`. */
export function canonicalUri(pathname: string): string {
	if (!pathname) return '/';
	const path = pathname.startsWith('/') ? pathname : `/${pathname}`;
	return path
		.split('/')
		.map((segment) => rfc3986Encode(safeDecode(segment)))
		.join('/');
}

function safeDecode(value: string): string {
	try {
		return decodeURIComponent(value);
	} catch {
		return value;
	}
}

/** Host as signed: lowercase, with a default port (:80 or :443) removed, like the Python and Go SDKs. */
export function canonicalHost(host: string): string {
	return host
		.trim()
		.toLowerCase()
		.replace(/:(80|443)$/, '');
}

/** `YYYYMMDD'T'HHMMSS'Z'` in UTC, second precision. */
export function formatXDate(date: Date): string {
	if (Number.isNaN(date.getTime())) throw new Error('Signing date is not a valid date');
	return date
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');
}

export function sha256Hex(data: string | Uint8Array): string {
	return createHash('sha256').update(data).digest('hex');
}

export function hmacSha256(key: string | Uint8Array, data: string): Buffer {
	return createHmac('sha256', key).update(data, 'utf8').digest();
}

export function credentialScope(shortDate: string, region: string, service: string): string {
	return `${shortDate}/${region}/${service}/request`;
}

/** kDate = HMAC(secret, shortDate) with no prefix, then region, service, and the literal `request`. */
export function signingKey(
	secretAccessKey: string,
	shortDate: string,
	region: string,
	service: string,
): Buffer {
	const kDate = hmacSha256(secretAccessKey, shortDate);
	const kRegion = hmacSha256(kDate, region);
	const kService = hmacSha256(kRegion, service);
	return hmacSha256(kService, 'request');
}

/** Header value as signed: trimmed, inner whitespace runs collapsed (as the Node SDK does). */
function canonicalHeaderValue(value: HeaderValue): string {
	const text = Array.isArray(value) ? value.join(',') : String(value ?? '');
	return text.trim().replace(/\s+/g, ' ');
}

function findHeader(headers: Record<string, HeaderValue>, name: string): HeaderValue {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() === wanted) return value;
	}
	return undefined;
}

export function signVolcengineRequest(input: VolcSignInput): VolcSignResult {
	const parsed = new URL(input.url);
	const requestHeaders = input.headers ?? {};
	const xDate = formatXDate(input.date);
	const shortDate = xDate.slice(0, 8);
	const bodyHash =
		input.body === undefined || input.body.length === 0 ? EMPTY_BODY_SHA256 : sha256Hex(input.body);

	const explicitHost = findHeader(requestHeaders, 'host');
	const host = canonicalHost(
		explicitHost !== undefined && explicitHost !== null ? String(explicitHost) : parsed.host,
	);

	const added: Record<string, string> = { 'X-Date': xDate, 'X-Content-Sha256': bodyHash };
	if (input.sessionToken) added['X-Security-Token'] = input.sessionToken;

	// Lowercase name -> value of every header taking part in the signature.
	const toSign = new Map<string, string>([
		['x-date', xDate],
		['x-content-sha256', bodyHash],
	]);
	if (input.signHost !== false) toSign.set('host', host);
	if (input.sessionToken) toSign.set('x-security-token', canonicalHeaderValue(input.sessionToken));
	for (const extra of input.signedHeaders ?? []) {
		const name = extra.toLowerCase();
		if (toSign.has(name)) continue;
		const value = findHeader(requestHeaders, name);
		if (value === undefined || value === null) {
			throw new Error(`Header "${extra}" is to be signed but is not set on the request`);
		}
		toSign.set(name, canonicalHeaderValue(value));
	}

	const names = [...toSign.keys()].sort();
	const canonicalHeaders = names.map((name) => `${name}:${toSign.get(name)}\n`).join('');
	const signedHeaders = names.join(';');
	const uri = canonicalUri(parsed.pathname);
	const query = canonicalQueryString(parsed.searchParams.entries());

	const canonicalRequest = [
		input.method.toUpperCase(),
		uri,
		query,
		canonicalHeaders,
		signedHeaders,
		bodyHash,
	].join('\n');
	const scope = credentialScope(shortDate, input.region, input.service);
	const stringToSign = [VOLC_ALGORITHM, xDate, scope, sha256Hex(canonicalRequest)].join('\n');
	const signature = createHmac(
		'sha256',
		signingKey(input.secretAccessKey, shortDate, input.region, input.service),
	)
		.update(stringToSign, 'utf8')
		.digest('hex');

	added.Authorization = `${VOLC_ALGORITHM} Credential=${input.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;

	return {
		headers: added,
		url: `${parsed.origin}${uri}${query ? `?${query}` : ''}`,
		host,
		xDate,
		bodyHash,
		canonicalUri: uri,
		canonicalQuery: query,
		canonicalHeaders,
		signedHeaders,
		canonicalRequest,
		credentialScope: scope,
		stringToSign,
		signature,
	};
}
