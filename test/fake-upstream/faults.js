'use strict';
// Switchable faults, queued per route and consumed one call at a time.

const env = require('./envelopes');

/**
 * Fault kinds (a string is shorthand for { kind }):
 *  - { kind: 'rateLimit', retryAfter?: number|string }   429 + Retry-After (Volcengine routes: business 50429)
 *  - { kind: 'volcBusiness', code: 50429|50430|50500|..., message? }  business envelope, HTTP status from the code
 *  - { kind: 'volcGateway', code: 'InternalError'|'FlowLimitExceeded'|..., status?, message? }  gateway envelope
 *  - { kind: 'serverError', status?: 500|502|503|504 }    error envelope of the route's flavour
 *  - { kind: 'http', status, body?, headers? }            anything else, verbatim
 *  - { kind: 'reset' }                                    socket destroyed without a response
 *  - { kind: 'delay', ms }                                wait, then answer normally
 *  - { kind: 'malformed' }                                HTTP 200, truncated JSON
 *  - { kind: 'relayError', code?: -2006, message? }       HTTP 200 {code, message, data:null} (jimeng-api style)
 * Every kind also takes delayMs (wait before acting).
 */

/** @typedef {{ kind: string, [key: string]: unknown }} FaultSpec */

/** @param {FaultSpec|string} spec @returns {FaultSpec} */
function normalise(spec) {
	const s = typeof spec === 'string' ? { kind: spec } : { ...spec };
	const known = ['rateLimit', 'volcBusiness', 'volcGateway', 'serverError', 'http', 'reset', 'delay', 'malformed', 'relayError'];
	if (!known.includes(s.kind)) throw new Error(`fake-upstream: unknown fault kind ${String(s.kind)}`);
	return s;
}

/**
 * Build the faulty reply. Returns 'reset', a Reply, or undefined (delay only: continue normally).
 * @param {FaultSpec} spec
 * @param {{ flavour: string, action?: string, version?: string }} ctx
 */
function faultReply(spec, ctx) {
	const volc = ctx.flavour === 'volcengine';
	switch (spec.kind) {
		case 'reset':
			return 'reset';
		case 'delay':
			return undefined;
		case 'rateLimit': {
			const retryAfter = spec.retryAfter === undefined ? undefined : String(spec.retryAfter);
			const headers = retryAfter === undefined ? {} : { 'retry-after': retryAfter };
			if (volc) return env.business(50429, null, undefined, headers);
			return env.flavouredError(ctx.flavour, 429, 'rate', 'Rate limit reached for requests, please try again later.', headers);
		}
		case 'volcBusiness':
			return env.business(Number(spec.code), null, /** @type {string|undefined} */ (spec.message));
		case 'volcGateway':
			return env.gateway(ctx, String(spec.code), /** @type {string|undefined} */ (spec.message), undefined, /** @type {number|undefined} */ (spec.status));
		case 'serverError': {
			const status = Number(spec.status ?? 500);
			if (volc) return status === 500 ? env.business(50500) : env.gateway(ctx, status === 504 ? 'InternalServiceTimeout' : 'InternalError', undefined, undefined, status);
			return env.flavouredError(ctx.flavour, status, 'server', 'The server had an error while processing your request.');
		}
		case 'http':
			return { status: Number(spec.status ?? 500), headers: /** @type {Record<string,string>} */ (spec.headers ?? {}), body: spec.body ?? '' };
		case 'malformed':
			return { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"created": 1758200023, "data": [{"url": "http://') };
		case 'relayError':
			return env.json(200, { code: spec.code ?? -2006, message: spec.message ?? '[请求jimeng失败]: 积分不足', data: null });
		default:
			return undefined;
	}
}

class FaultQueue {
	constructor() {
		/** @type {Map<string, Array<{ spec: FaultSpec, remaining: number }>>} */
		this.byRoute = new Map();
	}
	add(route, spec, times = 1) {
		const list = this.byRoute.get(route) ?? [];
		list.push({ spec: normalise(spec), remaining: times });
		this.byRoute.set(route, list);
	}
	/** Take the next fault for this route (or '*'), if any. */
	take(route) {
		for (const key of [route, '*']) {
			const list = this.byRoute.get(key);
			if (!list || list.length === 0) continue;
			const entry = list[0];
			entry.remaining--;
			if (entry.remaining <= 0) list.shift();
			return entry.spec;
		}
		return undefined;
	}
	pending(route) {
		return (this.byRoute.get(route) ?? []).reduce((n, e) => n + e.remaining, 0);
	}
	clear() {
		this.byRoute.clear();
	}
}

module.exports = { FaultQueue, faultReply, normalise };
