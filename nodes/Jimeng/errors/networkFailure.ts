/**
 * A call that got no HTTP answer (timeout, reset, refused, DNS), described in our own words: n8n's
 * stock texts ("consider setting Retry on Fail", "perhaps the server is offline") would tell users to
 * repeat a paid call or blame the wrong thing. Pure.
 */
import type { Failure } from './failure';
import { TRANSIENT_NETWORK_CODES } from '../run/retry';

export interface NetworkCall {
	/** "the image API", "Volcengine" … */
	service: string;
	/** Whether the call is billed when it runs (a generation, a submit). */
	paid: boolean;
	/** The timeout the call had, for the message. */
	timeoutMs?: number;
	/** What to check when the host cannot be reached. */
	endpointHint: string;
	/** Set when the execution itself was cancelled. */
	cancelled?: boolean;
}

type NetworkKind = 'refused' | 'timeout' | 'reset' | 'dns' | 'cancelled' | 'other';

export function networkKind(code: string | undefined, detail: string): NetworkKind {
	if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(detail)) return 'refused';
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
	if (
		code === 'ETIMEDOUT' ||
		code === 'ESOCKETTIMEDOUT' ||
		/timeout|timed out/i.test(detail) ||
		(code === 'ECONNABORTED' && /timeout/i.test(detail))
	)
		return 'timeout';
	if (
		code === 'ECONNRESET' ||
		code === 'EPIPE' ||
		code === 'UND_ERR_SOCKET' ||
		/socket hang up|reset|aborted|terminated|premature/i.test(detail)
	)
		return 'reset';
	return 'other';
}

export function networkFailure(
	code: string | undefined,
	detail: string,
	call: NetworkCall,
): Failure {
	const kind = call.cancelled ? 'cancelled' : networkKind(code, detail);
	const seconds = call.timeoutMs ? ` (${Math.round(call.timeoutMs / 1000)} s)` : '';
	const base = { code: code ?? kind.toUpperCase(), upstreamMessage: undefined };
	const charge = call.paid ? 'mayBeCharged' : 'free';
	switch (kind) {
		case 'refused':
			return {
				...base,
				code: code ?? 'ECONNREFUSED',
				message: `${cap(call.service)} refused the connection`,
				hint: call.endpointHint,
				charge: call.paid ? 'notCharged' : 'free',
				retry: 'notAccepted',
			};
		case 'dns':
			return {
				...base,
				message: `The host name of ${call.service} could not be resolved`,
				hint: call.endpointHint,
				charge: call.paid ? 'notCharged' : 'free',
				retry: code === 'EAI_AGAIN' ? 'transient' : 'permanent',
			};
		case 'timeout':
			return {
				...base,
				message: `${cap(call.service)} did not answer within the timeout${seconds}`,
				hint: call.paid
					? 'Slow providers may need a longer Timeout option.'
					: 'The network or the provider is slow.',
				charge,
				retry: 'transient',
			};
		case 'reset':
			return {
				...base,
				message: `The connection to ${call.service} broke before the answer arrived`,
				hint: 'The network between n8n and the provider, or a proxy, closed the connection.',
				charge,
				retry: 'transient',
			};
		case 'cancelled':
			return {
				...base,
				code: 'CANCELLED',
				message: `The execution was cancelled during a call to ${call.service}`,
				hint: '',
				charge,
				retry: 'permanent',
			};
		default:
			return {
				...base,
				message: `The call to ${call.service} failed${code ? '' : `: ${detail.slice(0, 200)}`}`,
				hint: call.endpointHint,
				charge,
				retry: code && TRANSIENT_NETWORK_CODES.has(code) ? 'transient' : 'permanent',
			};
	}
}

function cap(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
