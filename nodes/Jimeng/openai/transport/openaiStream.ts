import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { nodeError } from '../../errors/errors';
import { upstreamFailure } from '../openaiErrors';
import { redactSecrets } from '../../errors/redact';
import { SseParser, initialImageStreamState, reduceImageEvent } from '../sse';
import type { ImageDatum, ImagesResult } from './openaiTypes';

function destroyBody(body: unknown): void {
	const destroy = (body as { destroy?: () => void })?.destroy;
	if (typeof destroy === 'function') destroy.call(body);
}

/** Reads an image-generation event stream; what arrived before a failure is kept. */
export async function readImageStream(
	ctx: IExecuteFunctions,
	body: unknown,
	itemIndex: number,
	secret: string,
): Promise<ImagesResult> {
	const parser = new SseParser();
	const state = initialImageStreamState();
	const finished = () => state.done || state.fatal !== undefined;
	let broken: string | undefined;
	try {
		for await (const chunk of body as AsyncIterable<Buffer | string>) {
			for (const event of parser.push(chunk)) reduceImageEvent(state, event);
			if (finished()) break;
		}
		if (!finished()) for (const event of parser.end()) reduceImageEvent(state, event);
	} catch (error) {
		broken = error instanceof Error ? error.message : String(error);
	} finally {
		destroyBody(body);
	}
	const secrets = [secret];
	const data: ImageDatum[] = state.images.map((image) => {
		const datum: ImageDatum = { index: image.index };
		if (image.url) datum.url = image.url;
		if (image.b64_json) datum.b64_json = image.b64_json;
		if (image.size) datum.size = image.size;
		if (image.revised_prompt) datum.revised_prompt = image.revised_prompt;
		if (image.error) datum.error = redactSecrets(image.error, secrets);
		return datum;
	});
	const result: ImagesResult = {
		created: state.created,
		model: state.model,
		usage: state.usage as IDataObject | undefined,
		data,
	};
	const goodImages = data.filter((datum) => datum.url || datum.b64_json).length;
	// A stream that stopped before its end (no [DONE], no completed or error event) may have been billed.
	const truncated = broken !== undefined || (!state.done && !state.completed && !state.fatal);
	if (state.fatal && goodImages === 0) {
		throw nodeError(
			ctx.getNode(),
			upstreamFailure({ ...state.fatal }, { error: state.fatal, usage: state.usage }),
			{ itemIndex, secrets },
		);
	}
	if (state.fatal) result.fatal = redactSecrets(state.fatal, secrets);
	else if (truncated && goodImages > 0) {
		result.fatal = {
			message: `The stream broke off before its end${broken ? `: ${broken}` : ''}`,
		};
	}
	if (goodImages === 0 && (truncated || data.length === 0)) {
		throw nodeError(
			ctx.getNode(),
			{
				message: truncated
					? `The image stream broke off before any image arrived${broken ? ` (${broken})` : ''}`
					: 'The image stream ended without any image',
				hint:
					state.malformed > 0
						? `${state.malformed} frame(s) were not JSON. Turn the Stream option off for this provider.`
						: 'Turn the Stream option off for this provider, or check the model supports streaming.',
				charge: 'mayBeCharged',
				retry: 'permanent',
				code: truncated ? 'STREAM_TRUNCATED' : 'STREAM_EMPTY',
				body: { malformedFrames: state.malformed, usage: state.usage ?? null },
			},
			{ itemIndex, secrets },
		);
	}
	return result;
}
