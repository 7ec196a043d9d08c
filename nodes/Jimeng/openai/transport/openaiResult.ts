import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { nodeError } from '../../errors/errors';
import { bodySnippet, looksLikeHtml } from '../../errors/bodyText';
import { readErrorEnvelope, upstreamFailure } from '../openaiErrors';
import { statedCost } from '../../money/pricing';
import { redactSecrets } from '../../errors/redact';
import { baseFirst, layerOf } from '../layers';
import { isAsyncDisabled } from '../relayTasks';
import type { ImageDatum, ImagesResult } from './openaiTypes';

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

/** A paid call answered, but not with images: it may have been charged. */
function unreadable(
	ctx: IExecuteFunctions,
	message: string,
	hint: string,
	status: number,
	body: unknown,
	itemIndex: number,
	secret: string,
	upstreamMessage?: string,
) {
	return nodeError(
		ctx.getNode(),
		{
			message,
			hint,
			charge: 'mayBeCharged',
			retry: 'permanent',
			httpStatus: status,
			body,
			upstreamMessage,
		},
		{ itemIndex, secrets: [secret] },
	);
}

/** Reads a whole (non-streamed) images answer, or throws the error it stands for. */
export function interpretJson(
	ctx: IExecuteFunctions,
	status: number,
	text: string,
	itemIndex: number,
	secret: string,
): ImagesResult {
	const parsed = parseJson(text);
	const ok = status >= 200 && status < 300;
	const envelope = readErrorEnvelope(parsed);
	const record = (parsed && typeof parsed === 'object' ? parsed : {}) as IDataObject;
	const data = Array.isArray(record.data) ? (record.data as ImageDatum[]) : undefined;
	const secrets = [secret];

	if (!ok && isAsyncDisabled(status, parsed)) {
		throw nodeError(
			ctx.getNode(),
			{
				message: 'This relay has no async image tasks switched on',
				upstreamMessage: envelope?.message,
				hint: 'Switch off the option "Use Async Endpoint", or ask the relay\'s operator to enable async image tasks.',
				charge: 'notCharged',
				retry: 'permanent',
				httpStatus: status,
				body: parsed,
			},
			{ itemIndex, secrets },
		);
	}
	if (!ok) {
		const info = envelope ?? { message: bodySnippet(text) || `HTTP ${status}` };
		throw nodeError(
			ctx.getNode(),
			upstreamFailure({ ...info, status }, parsed ?? { message: bodySnippet(text) }),
			{ itemIndex, secrets },
		);
	}
	if (parsed === undefined) {
		const html = looksLikeHtml(text);
		throw unreadable(
			ctx,
			html
				? 'The image API answered with a web page instead of JSON'
				: 'The image API answered with something that is not JSON',
			'Check that the Base URL in the Jimeng API credential points at the API root (for example https://host/v1), not at a web page.',
			status,
			{ message: bodySnippet(text) },
			itemIndex,
			secret,
			html ? bodySnippet(text) : undefined,
		);
	}
	if (envelope && (!data || data.length === 0)) {
		throw nodeError(ctx.getNode(), upstreamFailure({ ...envelope, status }, parsed), {
			itemIndex,
			secrets,
		});
	}
	if (data?.length === 0) {
		throw unreadable(
			ctx,
			'The image API answered with no image (data[] is empty)',
			"Check the prompt and the provider's console; some relays answer this way when the model or the key cannot generate.",
			status,
			record,
			itemIndex,
			secret,
		);
	}
	if (!data) {
		throw unreadable(
			ctx,
			'The image API answer has no data[] list of images',
			'The endpoint does not look like an OpenAI-compatible images API. Check the Base URL and the request style.',
			status,
			record,
			itemIndex,
			secret,
		);
	}
	return {
		created: typeof record.created === 'number' ? record.created : undefined,
		model: typeof record.model === 'string' ? record.model : undefined,
		usage:
			record.usage && typeof record.usage === 'object' ? (record.usage as IDataObject) : undefined,
		upstreamCost: statedCost(record),
		data: baseFirst(data.map((entry) => normalizeDatum(entry, secret))),
	};
}

function normalizeDatum(entry: unknown, secret: string): ImageDatum {
	const record = (entry && typeof entry === 'object' ? entry : {}) as IDataObject;
	const datum: ImageDatum = {};
	if (typeof record.url === 'string' && record.url) datum.url = record.url;
	if (typeof record.b64_json === 'string' && record.b64_json) datum.b64_json = record.b64_json;
	if (typeof record.revised_prompt === 'string') datum.revised_prompt = record.revised_prompt;
	if (typeof record.size === 'string') datum.size = record.size;
	const layer = layerOf(record);
	if (layer) datum.layer = layer;
	if (record.error) {
		const envelope = readErrorEnvelope({ error: record.error });
		datum.error = redactSecrets(
			{ message: envelope?.message ?? 'The image failed', code: envelope?.code },
			[secret],
		);
	}
	return datum;
}
