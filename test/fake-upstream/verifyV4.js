'use strict';
// Server-side verifier for Volcengine Signature V4 (HMAC-SHA256), written from the spec
// (shared/reference/upstream-apis.md §A.2) and independent of nodes/Jimeng/visual/volcSigner.ts.
// It rebuilds the canonical request from what was RECEIVED: method, path, raw query
// (re-canonicalised), the headers named in SignedHeaders in the listed order, and the SHA-256 of
// the raw body bytes.

const crypto = require('node:crypto');

const sha256Hex = (/** @type {string|Buffer} */ data) => crypto.createHash('sha256').update(data).digest('hex');
const hmac = (/** @type {string|Buffer} */ key, /** @type {string} */ data) =>
	crypto.createHmac('sha256', key).update(data, 'utf8').digest();

/** Strict RFC 3986: only A-Z a-z 0-9 - _ . ~ stay literal. */
function rfc3986(/** @type {string} */ value) {
	return encodeURIComponent(value).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function decodeQueryComponent(/** @type {string} */ value) {
	try {
		return decodeURIComponent(value.replace(/\+/g, ' '));
	} catch {
		return value;
	}
}

/**
 * Decode the raw query as received, then re-encode and sort by key (values of one key keep their
 * order), as the gateway does.
 * @param {string} rawQuery without the leading '?'
 */
function canonicalQueryString(rawQuery) {
	if (!rawQuery) return '';
	const pairs = rawQuery
		.split('&')
		.filter((part) => part.length > 0)
		.map((part) => {
			const eq = part.indexOf('=');
			const key = eq === -1 ? part : part.slice(0, eq);
			const value = eq === -1 ? '' : part.slice(eq + 1);
			return [rfc3986(decodeQueryComponent(key)), rfc3986(decodeQueryComponent(value))];
		});
	// Array.prototype.sort is stable, so equal keys keep their received order.
	pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
	return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/**
 * @param {string} header
 * @returns {{ algorithm: string, accessKeyId: string, date: string, region: string, service: string, terminator: string, signedHeaders: string[], signature: string } | undefined}
 */
function parseAuthorization(header) {
	const match = /^(\S+)\s+(.*)$/.exec(header.trim());
	if (!match) return undefined;
	/** @type {Record<string, string>} */
	const parts = {};
	for (const piece of match[2].split(',')) {
		const eq = piece.indexOf('=');
		if (eq === -1) return undefined;
		parts[piece.slice(0, eq).trim()] = piece.slice(eq + 1).trim();
	}
	if (!parts.Credential || !parts.SignedHeaders || !parts.Signature) return undefined;
	const scope = parts.Credential.split('/');
	if (scope.length !== 5) return undefined;
	return {
		algorithm: match[1],
		accessKeyId: scope[0],
		date: scope[1],
		region: scope[2],
		service: scope[3],
		terminator: scope[4],
		signedHeaders: parts.SignedHeaders.split(';'),
		signature: parts.Signature,
	};
}

/** Header value as the signer sees it: trimmed, inner whitespace runs collapsed. */
function canonicalHeaderValue(/** @type {string} */ name, /** @type {string} */ value) {
	let v = value.trim().replace(/\s+/g, ' ');
	if (name === 'host') v = v.replace(/:(80|443)$/, '');
	return v;
}

/**
 * @param {{ method: string, path: string, rawQuery: string, headers: Record<string, string|string[]|undefined>, body: Buffer|string }} req
 * @param {string[]} signedHeaders lower-case names, in the order given by the client
 */
function canonicalRequest(req, signedHeaders) {
	const bodyHash = sha256Hex(req.body);
	const canonicalHeaders = signedHeaders
		.map((name) => {
			const raw = req.headers[name];
			const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
			return `${name}:${canonicalHeaderValue(name, value)}\n`;
		})
		.join('');
	return [
		req.method.toUpperCase(),
		req.path || '/',
		canonicalQueryString(req.rawQuery),
		canonicalHeaders,
		signedHeaders.join(';'),
		bodyHash,
	].join('\n');
}

function signingKey(/** @type {string} */ secret, /** @type {string} */ date, /** @type {string} */ region, /** @type {string} */ service) {
	return hmac(hmac(hmac(hmac(Buffer.from(secret, 'utf8'), date), region), service), 'request');
}

function stringToSign(/** @type {string} */ xDate, /** @type {string} */ scope, /** @type {string} */ canonical) {
	return ['HMAC-SHA256', xDate, scope, sha256Hex(canonical)].join('\n');
}

/** 'YYYYMMDDTHHMMSSZ' -> epoch ms, or NaN */
function parseXDate(/** @type {string} */ value) {
	const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
	if (!m) return NaN;
	return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
}

/**
 * @typedef {{ accessKeyId: string, secretAccessKey: string, sessionToken?: string }} VolcCredential
 * @typedef {{ ok: true, accessKeyId: string, signedHeaders: string[], canonicalRequest: string, stringToSign: string }
 *   | { ok: false, code: string, codeN: number, httpStatus: number, message: string, canonicalRequest?: string, stringToSign?: string }} VerifyResult
 */

const GATEWAY_ERRORS = {
	MissingAuthenticationToken: [100003, 401],
	MissingRequestInfo: [100004, 400],
	MissingSignature: [100005, 401],
	InvalidTimestamp: [100006, 400],
	ServiceNotFound: [100007, 404],
	InvalidAccessKey: [100009, 401],
	SignatureDoesNotMatch: [100010, 401],
	InvalidSecretToken: [100011, 401], // CodeN is not documented (reference §A.3 lists "—"); 100011 is the fake's choice
};

/** @returns {VerifyResult} */
function fail(/** @type {keyof typeof GATEWAY_ERRORS} */ code, /** @type {string} */ message, extra = {}) {
	const [codeN, httpStatus] = GATEWAY_ERRORS[code];
	return { ok: false, code, codeN, httpStatus, message, ...extra };
}

/**
 * Verify a received request.
 * @param {{ method: string, path: string, rawQuery: string, headers: Record<string, string|string[]|undefined>, body: Buffer|string }} req headers with lower-case names (as node:http gives them)
 * @param {{ credentials: VolcCredential[], region?: string, service?: string, maxSkewMs?: number | false, now?: number }} options
 * @returns {VerifyResult}
 */
function verifyV4(req, options) {
	const region = options.region ?? 'cn-north-1';
	const service = options.service ?? 'cv';
	const header = (/** @type {string} */ name) => {
		const v = req.headers[name];
		return Array.isArray(v) ? v.join(',') : v;
	};

	const authorization = header('authorization');
	if (!authorization) return fail('MissingAuthenticationToken', 'Missing authentication token: no Authorization header');
	const auth = parseAuthorization(authorization);
	if (!auth) return fail('MissingSignature', 'Authorization header is malformed (expected Credential=, SignedHeaders=, Signature=)');
	if (auth.algorithm !== 'HMAC-SHA256') return fail('SignatureDoesNotMatch', `Unsupported signing algorithm ${auth.algorithm}`);

	const credential = options.credentials.find((c) => c.accessKeyId === auth.accessKeyId);
	if (!credential) return fail('InvalidAccessKey', 'The AccessKey provided does not exist or is invalid');

	if (auth.service !== service) return fail('ServiceNotFound', `Service ${auth.service} in the credential scope is not found`);
	if (auth.region !== region) return fail('SignatureDoesNotMatch', `Region ${auth.region} in the credential scope does not match ${region}`);
	if (auth.terminator !== 'request') return fail('SignatureDoesNotMatch', `Credential scope must end with "request", got "${auth.terminator}"`);

	const xDate = header('x-date');
	if (!xDate) return fail('MissingRequestInfo', 'Missing X-Date header');
	const signedAt = parseXDate(xDate);
	if (Number.isNaN(signedAt)) return fail('MissingRequestInfo', `X-Date ${xDate} is not in YYYYMMDDTHHMMSSZ format`);
	if (auth.date !== xDate.slice(0, 8)) return fail('SignatureDoesNotMatch', `Credential scope date ${auth.date} does not match X-Date ${xDate}`);
	const maxSkew = options.maxSkewMs === undefined ? 15 * 60 * 1000 : options.maxSkewMs;
	if (maxSkew !== false) {
		const now = options.now ?? Date.now();
		if (Math.abs(now - signedAt) > maxSkew) {
			return fail('InvalidTimestamp', `The request signature expired or is in the future: X-Date ${xDate}`);
		}
	}

	const signed = auth.signedHeaders.map((h) => h.trim().toLowerCase());
	if (!signed.includes('x-date')) return fail('SignatureDoesNotMatch', 'X-Date must be a signed header');
	for (const name of signed) {
		if (header(name) === undefined) return fail('SignatureDoesNotMatch', `Signed header ${name} is not present in the request`);
	}

	const bodyHash = sha256Hex(req.body);
	const contentSha = header('x-content-sha256');
	if (contentSha !== undefined && contentSha.trim().toLowerCase() !== bodyHash) {
		return fail('SignatureDoesNotMatch', 'X-Content-Sha256 does not match the SHA-256 of the received body');
	}

	const token = header('x-security-token');
	if (credential.sessionToken !== undefined || token !== undefined) {
		if (token === undefined) return fail('InvalidSecretToken', 'Temporary credentials need the X-Security-Token header');
		if (credential.sessionToken === undefined || token !== credential.sessionToken) {
			return fail('InvalidSecretToken', 'The security token is invalid or expired');
		}
		if (!signed.includes('x-security-token')) return fail('InvalidSecretToken', 'X-Security-Token must be a signed header');
	}

	const canonical = canonicalRequest(req, signed);
	const scope = `${auth.date}/${auth.region}/${auth.service}/${auth.terminator}`;
	const toSign = stringToSign(xDate, scope, canonical);
	const expected = crypto
		.createHmac('sha256', signingKey(credential.secretAccessKey, auth.date, auth.region, auth.service))
		.update(toSign, 'utf8')
		.digest();
	const given = /^[0-9a-f]{64}$/.test(auth.signature) ? Buffer.from(auth.signature, 'hex') : Buffer.alloc(0);
	if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
		return fail('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided', {
			canonicalRequest: canonical,
			stringToSign: toSign,
		});
	}
	return { ok: true, accessKeyId: auth.accessKeyId, signedHeaders: signed, canonicalRequest: canonical, stringToSign: toSign };
}

/**
 * Client-side signing built on the same canonical functions. ONLY for testing the fake itself
 * (and anchoring it to the §A.2.7 vectors); product tests must sign with the credential's own
 * authenticate(), never with this.
 * @param {{ method?: string, path?: string, rawQuery: string, headers: Record<string, string>, body: Buffer|string }} req header names lower-case; must include host and x-date
 * @param {{ accessKeyId: string, secretAccessKey: string, sessionToken?: string, region?: string, service?: string, signedHeaders?: string[] }} cred
 * @returns {Record<string, string>} headers including authorization, x-content-sha256 (and x-security-token)
 */
function signForTests(req, cred) {
	const region = cred.region ?? 'cn-north-1';
	const service = cred.service ?? 'cv';
	const headers = { ...req.headers };
	headers['x-content-sha256'] = headers['x-content-sha256'] ?? sha256Hex(req.body);
	if (cred.sessionToken !== undefined) headers['x-security-token'] = cred.sessionToken;
	const xDate = headers['x-date'];
	const date = xDate.slice(0, 8);
	const signed =
		cred.signedHeaders ?? ['host', 'x-content-sha256', 'x-date', ...(cred.sessionToken !== undefined ? ['x-security-token'] : [])];
	const canonical = canonicalRequest(
		{ method: req.method ?? 'POST', path: req.path ?? '/', rawQuery: req.rawQuery, headers, body: req.body },
		signed,
	);
	const scope = `${date}/${region}/${service}/request`;
	const signature = crypto
		.createHmac('sha256', signingKey(cred.secretAccessKey, date, region, service))
		.update(stringToSign(xDate, scope, canonical), 'utf8')
		.digest('hex');
	headers.authorization = `HMAC-SHA256 Credential=${cred.accessKeyId}/${scope}, SignedHeaders=${signed.join(';')}, Signature=${signature}`;
	return headers;
}

/** Current time as X-Date. */
function xDateNow(now = Date.now()) {
	return new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

module.exports = {
	verifyV4,
	canonicalQueryString,
	canonicalRequest,
	parseAuthorization,
	signForTests,
	xDateNow,
	sha256Hex,
	GATEWAY_ERRORS,
};
