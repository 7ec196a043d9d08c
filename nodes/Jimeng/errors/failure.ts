/**
 * A failure as the transports see it, before it becomes an n8n error (helpers/errors.ts builds that).
 * Pure: no n8n imports.
 */

/**
 * What a failed call means for the bill.
 * - `notCharged`: the upstream proved it did not take the call (refused, 429, a rejected request).
 * - `mayBeCharged`: the call may have been accepted before it failed (timeout, reset, 5xx, unreadable
 *   answer); it must not be repeated automatically and the user must not be told to repeat it.
 * - `charged`: the upstream did the paid work (e.g. the images exist but could not be fetched).
 * - `free`: not a paid call (a poll, a download, the model list).
 */
export type Charge = 'notCharged' | 'mayBeCharged' | 'charged' | 'free';

/**
 * How safe a failed call is to repeat.
 * - `notAccepted`: the upstream proved it did not take the request; even a paid call may be repeated.
 * - `transient`: a server or network hiccup; a free call may be repeated, a paid one may NOT.
 * - `permanent`: repeating gives the same answer.
 */
export type RetryClass = 'notAccepted' | 'transient' | 'permanent';

export interface Failure {
	/** What happened, one sentence; becomes the start of the error message. */
	message: string;
	/** What to do about it. */
	hint: string;
	charge: Charge;
	retry: RetryClass;
	/** `SignatureDoesNotMatch`, `50413`, `insufficient_quota`, `ECONNRESET`, `HTTP 502` … */
	code?: string;
	/** The service's own words, kept beside ours. */
	upstreamMessage?: string;
	requestId?: string;
	httpStatus?: number;
	retryAfterMs?: number;
	/** The upstream body (the factory redacts it). */
	body?: unknown;
	/** Paid results the user must not lose: `taskId`, `reqKey`, `status`, `urls`. Copied to error items. */
	kept?: Record<string, unknown>;
}

const CHARGE_SENTENCES: Record<Charge, string> = {
	notCharged: 'Nothing was charged: the provider did not accept this call.',
	mayBeCharged:
		"This call may have been charged: the provider may have accepted it before the failure. The node did not repeat it, so it was not billed twice; look at the usage in the provider's console to see whether it ran.",
	charged: 'This call was charged: the provider did the work.',
	free: '',
};

export function chargeSentence(charge: Charge): string {
	return CHARGE_SENTENCES[charge];
}

/** The error message: our sentence, the code and request id, and the service's own words. */
export function failureMessage(failure: Failure): string {
	const tags = [failure.code, failure.requestId ? `request ID ${failure.requestId}` : undefined]
		.filter(Boolean)
		.join(', ');
	let message = tags ? `${failure.message} [${tags}]` : failure.message;
	const upstream = failure.upstreamMessage?.trim();
	if (upstream && !message.includes(upstream)) message += `: ${upstream}`;
	return message;
}

/** The error description: what to do, then what it means for the bill. */
export function failureDescription(failure: Failure): string {
	return [failure.hint, chargeSentence(failure.charge)].filter(Boolean).join(' ');
}

/** Words a paid-call failure must never say: they tell the user to pay again for the same call. */
export const RETRY_ADVICE = /retry|try again|run again|submit(ting)? (it )?again|resend/i;
