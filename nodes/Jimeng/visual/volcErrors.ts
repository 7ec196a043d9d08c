import { type Failure, type RetryClass, failureMessage } from '../errors/failure';
import { networkFailure } from '../errors/networkFailure';

/**
 * Reads Volcengine visual API answers and says what went wrong in words a workflow author can act on.
 * Pure: no n8n imports, so it is tested alone.
 *
 * Two layers can fail: the gateway (`ResponseMetadata.Error`: signature,
 * keys, permissions) and the service (`code` other than 10000). The HTTP status follows the code,
 * so the body is read on every status.
 */

export type VolcRetryClass = RetryClass;

/**
 * A Volcengine failure before the transport decides what it means for the bill (`charge` depends on
 * whether the call was a paid submit or a free poll).
 */
export interface VolcFailure extends Omit<Failure, 'charge'> {
	layer: 'gateway' | 'business' | 'http' | 'network';
	/** `SignatureDoesNotMatch`, `50413`, `HTTP 502`, `ECONNRESET` … */
	code: string;
}

export interface Explanation {
	message: string;
	hint: string;
	retry?: VolcRetryClass;
}

const CHECK_KEYS = 'Open the Jimeng Volcengine AK/SK credential and check';

export const GATEWAY_ERRORS: Readonly<Record<string, Explanation>> = {
	SignatureDoesNotMatch: {
		message: 'Volcengine rejected the request signature',
		hint: `${CHECK_KEYS} that the Secret Access Key belongs to the Access Key ID and has no extra spaces; the region must be cn-north-1 for the visual API.`,
	},
	InvalidAccessKey: {
		message: 'Volcengine does not know this Access Key ID',
		hint: `${CHECK_KEYS} the Access Key ID (IAM console → Access keys); it may have been deleted or disabled.`,
	},
	InvalidTimestamp: {
		message: "Volcengine rejected the request time: this machine's clock is off",
		hint: 'Synchronise the system clock of the machine running n8n (NTP); a skew of a few minutes is enough to fail.',
	},
	AccessDenied: {
		message: 'The Access Key is not allowed to call the visual API',
		hint: 'Grant the IAM user a policy for the visual service (for example CVFullAccess), or use the main account key.',
	},
	LackPolicy: {
		message: 'The Access Key has no policy that allows this call',
		hint: 'Attach a policy for the visual service (for example CVFullAccess) to the IAM user in the Volcengine console.',
	},
	InvalidSecretToken: {
		message: 'Volcengine rejected the session token of these temporary (STS) keys',
		hint: `${CHECK_KEYS} the Session Token: STS tokens expire, so request new temporary keys; leave it empty for permanent keys.`,
	},
	MissingAuthenticationToken: {
		message: 'The request reached Volcengine without credentials',
		hint: `${CHECK_KEYS} that the Access Key ID and Secret Access Key are filled in.`,
	},
	MissingSignature: {
		message: 'The request reached Volcengine without a signature',
		hint: `${CHECK_KEYS} that the Access Key ID and Secret Access Key are filled in.`,
	},
	MissingRequestInfo: {
		message: 'Volcengine says the request lacks required signing information',
		hint: 'A proxy between n8n and Volcengine may strip headers such as X-Date; call the API directly.',
	},
	ServiceNotFound: {
		message: 'Volcengine does not know the service named in the signature',
		hint: `${CHECK_KEYS} the endpoint (https://visual.volcengineapi.com) and region (cn-north-1).`,
	},
	InvalidActionOrVersion: {
		message: 'Volcengine does not know this action or version',
		hint: `${CHECK_KEYS} that the endpoint is the visual API (https://visual.volcengineapi.com).`,
	},
	MissingParameter: {
		message: 'Volcengine says a required parameter is missing',
		hint: 'Check the model parameters of this node.',
	},
	FlowLimitExceeded: {
		message: 'Volcengine is rate-limiting this account',
		hint: 'Slow down: fewer items per run, or a Wait node between runs.',
		retry: 'notAccepted',
	},
	InternalError: {
		message: 'The Volcengine gateway had an internal error',
		hint: 'A temporary failure on the Volcengine side.',
		retry: 'transient',
	},
	InternalServiceTimeout: {
		message: 'The Volcengine gateway timed out',
		hint: 'A temporary failure on the Volcengine side.',
		retry: 'transient',
	},
};

const CONTENT_REVIEW_HINT =
	'Change the prompt or the input image; content review failures are not billed as images.';

const BUSINESS_ERRORS: Record<number, Explanation> = {
	50411: {
		message: 'The input image did not pass content review',
		hint: CONTENT_REVIEW_HINT,
	},
	50412: {
		message: 'The prompt did not pass content review',
		hint: CONTENT_REVIEW_HINT,
	},
	50413: {
		message: 'The prompt contains sensitive or copyrighted words',
		hint: CONTENT_REVIEW_HINT,
	},
	50511: {
		message: 'The generated image did not pass content review',
		hint: 'Reword the prompt: another wording is more likely to give an image that passes.',
	},
	50512: {
		message: 'The generated text did not pass content review',
		hint: CONTENT_REVIEW_HINT,
	},
	50518: {
		message: 'The input image looks copyrighted',
		hint: 'Use an image you own.',
	},
	50519: {
		message: 'The generated image looks copyrighted',
		hint: 'Reword the prompt or use other reference images.',
	},
	50520: {
		message: 'The content review service had an internal error',
		hint: 'A failure on the Volcengine side; if it persists, quote the request ID to Volcengine support.',
	},
	50521: {
		message: 'The copyright-word review service had an internal error',
		hint: 'A failure on the Volcengine side; if it persists, quote the request ID to Volcengine support.',
	},
	50522: {
		message: 'The copyright-image review service had an internal error',
		hint: 'A failure on the Volcengine side; if it persists, quote the request ID to Volcengine support.',
	},
	50429: {
		message: 'The account reached its request-per-second limit for this model',
		hint: 'Slow down (fewer items per run, or a Wait node between runs), or ask Volcengine for a higher QPS quota.',
		retry: 'notAccepted',
	},
	50430: {
		message: 'The account reached its limit of tasks running at the same time',
		hint: 'Wait for running tasks to finish, process fewer items at once, or ask Volcengine for a higher concurrency quota.',
		retry: 'notAccepted',
	},
	50400: {
		message:
			'The service for this model is not activated for this account (or the keys may not use it)',
		hint: 'In the Volcengine console open 智能视觉 / Jimeng, activate the model (req_key) you chose, and check the IAM policy of the key.',
	},
	50402: {
		message: 'Volcengine says this interface does not exist',
		hint: 'Check the model (req_key) and the endpoint.',
	},
	50200: {
		message: 'Volcengine rejected the request parameters',
		hint: 'Check the model parameters and the image format (JPEG or PNG).',
	},
	50201: {
		message: 'A required parameter is missing',
		hint: 'Check the model parameters.',
	},
	50204: {
		message: 'A parameter has the wrong type or is missing',
		hint: 'Check the model parameters.',
	},
	50205: {
		message: 'The input image is too large',
		hint: 'Use a smaller image (at most 4096×4096 pixels, within the size limit of the model).',
	},
	50206: {
		message: 'The input image is empty',
		hint: 'Check the input image.',
	},
	50207: {
		message: 'The input image could not be decoded',
		hint: 'Use a JPEG or PNG image; base64 data must not carry a "data:" prefix.',
	},
	50213: {
		message: 'The request body is too large',
		hint: 'Use smaller or fewer input images.',
	},
	50215: {
		message: 'The input did not meet the requirements of this model (or the task ID is invalid)',
		hint: 'Check the prompt, the image and the size against the model limits; when waiting for a result, check the task ID and the model.',
	},
	// Volcengine's error table: internal errors that need no retry. When GetResult answers them, the
	// task has failed; polling on would only wait for the timeout.
	50500: {
		message: 'The Jimeng service failed with an internal error',
		hint: 'The task failed at Volcengine; if it persists, quote the request ID to Volcengine support.',
	},
	50501: {
		message: 'The Jimeng algorithm service failed with an internal error',
		hint: 'The task failed at Volcengine; if it persists, quote the request ID to Volcengine support.',
	},
	60102: {
		message: 'No face was detected in the input image',
		hint: 'Use an image with a clear face.',
	},
	60208: { message: 'The input image is sensitive', hint: CONTENT_REVIEW_HINT },
};

/** Explains a gateway error code (`ResponseMetadata.Error.Code`). */
export function explainGatewayError(
	code: string,
	upstreamMessage?: string,
	httpStatus?: number,
): Explanation & { retry: VolcRetryClass } {
	const known = GATEWAY_ERRORS[code];
	if (known) return { ...known, retry: known.retry ?? 'permanent' };
	return {
		message: `Volcengine's gateway refused the request (${code}${upstreamMessage ? `: ${upstreamMessage}` : ''})`,
		hint: `${CHECK_KEYS} the keys, the region and the endpoint.`,
		retry: httpRetryClass(httpStatus),
	};
}

/** Explains a business code (the envelope's `code`). */
export function explainBusinessCode(
	code: number,
	upstreamMessage?: string,
	httpStatus?: number,
): Explanation & { retry: VolcRetryClass } {
	const known = BUSINESS_ERRORS[code];
	if (known) return { ...known, retry: known.retry ?? 'permanent' };
	if (code >= 50411 && code <= 50522) {
		return {
			message: `The request did not pass content review (${code})`,
			hint: CONTENT_REVIEW_HINT,
			retry: 'permanent',
		};
	}
	return {
		message: `Volcengine answered error ${code}${upstreamMessage ? ` (${upstreamMessage})` : ''}`,
		hint: 'Check the model parameters; if it persists, quote the request ID to Volcengine support.',
		retry: httpRetryClass(httpStatus),
	};
}

function httpRetryClass(httpStatus: number | undefined): VolcRetryClass {
	if (httpStatus === 429) return 'notAccepted';
	if (httpStatus !== undefined && httpStatus >= 500) return 'transient';
	return 'permanent';
}

/** What the terminal task states other than `done` mean. */
export function explainTaskStatus(status: string): Explanation {
	if (status === 'not_found') {
		return {
			message: 'Volcengine has no task with this ID for this model',
			hint: 'Check the task ID and the model (req_key, which must be the one used to submit); tasks are kept for 12 hours.',
		};
	}
	if (status === 'expired') {
		return {
			message: 'The task has expired',
			hint: 'Its results are gone: Volcengine keeps them for a limited time (about 12 hours).',
		};
	}
	return {
		message: `The task ended in the unexpected status "${status}"`,
		hint: 'If it persists, quote the request ID to Volcengine support.',
	};
}

const VOLC_ENDPOINT_HINT =
	'Check the endpoint in the credential (https://visual.volcengineapi.com) and the network of the n8n machine.';

/** Explains a request that got no HTTP answer (`code` like ECONNRESET). */
export function explainNetworkError(code: string | undefined, detail: string): VolcFailure {
	const failure = networkFailure(code, detail, {
		service: 'Volcengine',
		paid: false,
		endpointHint: VOLC_ENDPOINT_HINT,
	});
	return { ...failure, layer: 'network', code: failure.code ?? 'NETWORK', upstreamMessage: detail };
}

// ---------------------------------------------------------------------------------------------
// Envelope parsing

export type VolcEnvelope =
	| { ok: true; data: Record<string, unknown> | null; requestId?: string }
	| { ok: false; failure: VolcFailure };

function asRecord(value: unknown): Record<string, unknown> | undefined {
	return value !== null && typeof value === 'object' && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: undefined;
}

/**
 * Parses JSON while keeping every `task_id` a string: a 19-digit number would lose its last digits
 * as a JS number, and the task could then never be found again.
 */
export function parseJsonKeepingTaskIds(text: string): unknown {
	// Inside a JSON string the quotes are escaped (\"task_id\"), so only real keys match.
	const quoted = text.replace(
		/("(?:task_id|TaskId)"\s*:\s*)(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g,
		'$1"$2"',
	);
	return JSON.parse(quoted);
}

/**
 * Decides what a Volcengine answer means, from its HTTP status and raw body text:
 * gateway error, business error, or success with `data`.
 */
export function parseVolcEnvelope(httpStatus: number, bodyText: string): VolcEnvelope {
	let parsed: unknown;
	try {
		parsed = bodyText.trim() === '' ? undefined : parseJsonKeepingTaskIds(bodyText);
	} catch {
		parsed = undefined;
	}
	const body = asRecord(parsed);
	const metadata = asRecord(body?.ResponseMetadata);
	const gatewayError = asRecord(metadata?.Error);
	if (gatewayError) {
		const code = String(gatewayError.Code ?? gatewayError.CodeN ?? 'UnknownGatewayError');
		const upstreamMessage =
			typeof gatewayError.Message === 'string' ? gatewayError.Message : undefined;
		const explanation = explainGatewayError(code, upstreamMessage, httpStatus);
		return {
			ok: false,
			failure: {
				layer: 'gateway',
				code,
				upstreamMessage,
				...explanation,
				requestId: typeof metadata?.RequestId === 'string' ? metadata.RequestId : undefined,
				httpStatus,
			},
		};
	}

	// The submit answer in the OpenAPI style: {ResponseMetadata, Result: {TaskId}}.
	const result = asRecord(body?.Result);
	if (result && (typeof result.TaskId === 'string' || typeof result.TaskId === 'number')) {
		const { TaskId, ...rest } = result;
		return {
			ok: true,
			data: { ...rest, task_id: String(TaskId) },
			requestId: typeof metadata?.RequestId === 'string' ? metadata.RequestId : undefined,
		};
	}

	const requestId =
		typeof body?.request_id === 'string'
			? body.request_id
			: typeof metadata?.RequestId === 'string'
				? metadata.RequestId
				: undefined;

	if (body && body.code !== undefined && body.code !== null) {
		const code = Number(body.code);
		if (code === 10000) return { ok: true, data: asRecord(body.data) ?? null, requestId };
		const upstreamMessage = typeof body.message === 'string' ? body.message : undefined;
		const explanation = explainBusinessCode(code, upstreamMessage, httpStatus);
		return {
			ok: false,
			failure: {
				layer: 'business',
				code: String(body.code),
				upstreamMessage,
				...explanation,
				requestId,
				httpStatus,
			},
		};
	}

	// No envelope at all: a proxy page, a truncated answer, or an empty 429/5xx.
	const retry = httpRetryClass(httpStatus);
	const snippet = bodyText.trim().slice(0, 200);
	return {
		ok: false,
		failure: {
			layer: 'http',
			code: `HTTP ${httpStatus}`,
			upstreamMessage: snippet || undefined,
			message:
				httpStatus === 429
					? 'Volcengine is rate-limiting this account (HTTP 429)'
					: httpStatus >= 200 && httpStatus < 300
						? 'Volcengine answered something that is not its JSON envelope'
						: `Volcengine answered HTTP ${httpStatus} without its JSON envelope`,
			hint:
				retry === 'permanent'
					? 'Check the endpoint in the credential: it must be the visual API (https://visual.volcengineapi.com), not a proxy page.'
					: 'A temporary failure between n8n and Volcengine.',
			// A 2xx that cannot be read may still mean the task was accepted.
			retry: httpStatus >= 200 && httpStatus < 300 ? 'transient' : retry,
			requestId,
			httpStatus,
		},
	};
}

/** The sentence shown as the error message: what happened, the code, the request id, the service's words. */
export function failureSentence(failure: VolcFailure): string {
	return failureMessage({ ...failure, charge: 'free' });
}
