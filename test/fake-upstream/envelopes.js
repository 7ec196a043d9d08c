'use strict';
// Response envelopes of the real upstreams (shared/reference/upstream-apis.md §A.3, §B.5, §C).

const crypto = require('node:crypto');

function requestId() {
	const t = new Date().toISOString().replace(/[-:TZ.]/g, '').slice(0, 14);
	return t + crypto.randomBytes(9).toString('hex').toUpperCase();
}

/** @typedef {{ status: number, headers?: Record<string, string>, body?: unknown }} Reply */

/** @returns {Reply} */
function json(status, body, headers = {}) {
	return { status, headers, body };
}

// ---------- OpenAI / relays ----------

/** @returns {Reply} */
function openaiError(status, message, type = 'invalid_request_error', code = null, param = null, headers = {}) {
	return json(status, { error: { message, type, param, code } }, headers);
}

// ---------- Ark ----------

const ARK_TYPES = { 400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 429: 'TooManyRequests', 500: 'InternalServerError' };

/** @returns {Reply} */
function arkError(status, code, message, param = '', headers = {}) {
	const type = ARK_TYPES[/** @type {keyof typeof ARK_TYPES} */ (status)] ?? 'InternalServerError';
	return json(status, { error: { code, message: `${message} Request id: ${requestId()}`, param, type } }, headers);
}

/** Error in the style of the route's flavour. */
function flavouredError(flavour, status, kind, message, headers = {}) {
	if (flavour === 'ark') {
		const code =
			kind === 'auth'
				? 'AuthenticationError'
				: kind === 'rate'
					? 'RateLimitExceeded.EndpointRPMExceeded'
					: kind === 'server'
						? 'InternalServiceError'
						: kind === 'notfound'
							? 'InvalidEndpointOrModel.NotFound'
							: 'InvalidParameter';
		return arkError(status, code, message, '', headers);
	}
	const type =
		kind === 'auth' ? 'invalid_request_error' : kind === 'rate' ? 'rate_limit_error' : kind === 'server' ? 'server_error' : 'invalid_request_error';
	const code = kind === 'auth' ? 'invalid_api_key' : kind === 'rate' ? 'rate_limit_exceeded' : null;
	return openaiError(status, message, type, code, null, headers);
}

// ---------- Volcengine visual ----------

/** HTTP status follows the business code (§A.3). */
function businessHttpStatus(code) {
	if (code === 10000) return 200;
	if (code === 50429 || code === 50430) return 429;
	if (code === 50500 || code === 50501) return 500;
	if (code >= 50000 && code < 60000) return 400;
	return 400;
}

const BUSINESS_MESSAGES = {
	10000: 'Success',
	50200: 'Request Invalid Args',
	50201: 'Request Missing Args',
	50204: 'Parse Args Error',
	50207: 'Image Decode Error',
	50215: 'Input invalid for this service.',
	50400: 'Access Denied: Internal Error',
	50411: 'Pre Img Risk Not Pass',
	50412: 'Text Risk Not Pass',
	50413: 'Post Text Risk Not Pass',
	50511: 'Post Img Risk Not Pass',
	50512: 'Post Text Risk Not Pass',
	50518: 'Pre Img Risk Not Pass: Copyright',
	50519: 'Post Img Risk Not Pass: Copyright',
	50429: 'Request Has Reached API Limit, Please Try Later',
	50430: 'Request Has Reached API Concurrent Limit, Please Try Later',
	50500: 'Internal Error',
	50501: 'Internal RPC Error',
};

/** @returns {Reply} */
function business(code, data = null, message, headers = {}) {
	const msg = message ?? BUSINESS_MESSAGES[/** @type {keyof typeof BUSINESS_MESSAGES} */ (code)] ?? 'Error';
	return json(
		businessHttpStatus(code),
		{
			code,
			data: code === 10000 ? data : null,
			message: msg,
			request_id: requestId(),
			status: code,
			time_elapsed: `${(5 + Math.random() * 80).toFixed(3)}ms`,
		},
		headers,
	);
}

const GATEWAY_STATUS = {
	MissingParameter: [100002, 400],
	MissingAuthenticationToken: [100003, 401],
	MissingRequestInfo: [100004, 400],
	MissingSignature: [100005, 401],
	InvalidTimestamp: [100006, 400],
	ServiceNotFound: [100007, 404],
	InvalidActionOrVersion: [100008, 404],
	InvalidAccessKey: [100009, 401],
	SignatureDoesNotMatch: [100010, 401],
	LackPolicy: [100012, 403],
	AccessDenied: [100013, 403],
	InternalError: [100014, 500],
	InternalServiceTimeout: [100016, 504],
	FlowLimitExceeded: [100018, 429], // CodeN undocumented (reference lists "—"); fake's choice
	InvalidSecretToken: [100011, 401], // CodeN undocumented; fake's choice
};

/**
 * @param {{ action?: string, version?: string, region?: string }} ctx
 * @returns {Reply}
 */
function gateway(ctx, code, message, codeN, status, headers = {}) {
	const known = GATEWAY_STATUS[/** @type {keyof typeof GATEWAY_STATUS} */ (code)];
	return json(
		status ?? (known ? known[1] : 400),
		{
			ResponseMetadata: {
				RequestId: requestId(),
				Action: ctx.action ?? '',
				Version: ctx.version ?? '',
				Service: 'cv',
				Region: ctx.region ?? 'cn-north-1',
				Error: { CodeN: codeN ?? (known ? known[0] : 100000), Code: code, Message: message ?? code },
			},
		},
		headers,
	);
}

module.exports = { requestId, json, openaiError, arkError, flavouredError, business, businessHttpStatus, gateway, BUSINESS_MESSAGES };
