import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { imageOutputItem, storedImageItem } from '../../images/binary';
import { errorMessage, failureOf, nodeError, type Failure } from '../../errors/errors';
import { upstreamFailure } from '../openaiErrors';
import { redactQuery } from '../../errors/redact';
import { downloadImageItem } from '../../images/download';
import type { ImageDatum, ImagesResult } from '../transport/openai';
import { layerJson } from '../layers';

// Output: one item per image.

export interface OutputContext {
	itemIndex: number;
	model: string;
	sizeLabel?: string;
	binaryPropertyName: string;
	returnUrlsOnly: boolean;
}

function imageJson(
	result: ImagesResult,
	datum: ImageDatum,
	index: number,
	out: OutputContext,
): IDataObject {
	const json: IDataObject = { index, model: result.model ?? out.model };
	if (datum.url && !datum.url.startsWith('data:')) json.url = datum.url;
	if (datum.revised_prompt) json.revisedPrompt = datum.revised_prompt;
	const size = datum.size ?? out.sizeLabel;
	if (size) json.size = size;
	if (result.usage) json.usage = result.usage;
	if (result.upstreamCost) json.upstreamCost = result.upstreamCost;
	if (result.created !== undefined) json.created = result.created;
	if (result.taskId) json.taskId = result.taskId;
	// Layer decomposition: one item per layer, the base first (the transport ordered them).
	if (datum.layer) Object.assign(json, layerJson(datum.layer));
	return json;
}

function decodeDataUri(uri: string): Buffer | undefined {
	const match = /^data:[^;,]*;base64,(.*)$/s.exec(uri);
	return match ? Buffer.from(match[1], 'base64') : undefined;
}

/**
 * Turns the API result into items: images as binary (downloaded or decoded), and an `{index, error}`
 * item in the place of each image that failed, so the good ones are never dropped. Only when no image
 * at all came out does the node fail.
 */
export async function outputImages(
	ctx: IExecuteFunctions,
	result: ImagesResult,
	out: OutputContext,
): Promise<INodeExecutionData[]> {
	const items: INodeExecutionData[] = [];
	const failures: Array<{ index: number; error: unknown }> = [];
	const created = result.created ?? Math.floor(Date.now() / 1000);

	for (const [position, datum] of result.data.entries()) {
		const index = datum.index ?? position;
		const json = imageJson(result, datum, index, out);
		const fileBaseName = `jimeng-${created}-${out.itemIndex}-${index}`;
		try {
			if (datum.error) {
				throw nodeError(
					ctx.getNode(),
					upstreamFailure({ ...datum.error }, { error: datum.error }),
					{
						itemIndex: out.itemIndex,
					},
				);
			}
			const inline = datum.b64_json
				? Buffer.from(datum.b64_json, 'base64')
				: datum.url?.startsWith('data:')
					? decodeDataUri(datum.url)
					: undefined;
			if (datum.stored) {
				items.push(
					storedImageItem(datum.stored, {
						itemIndex: out.itemIndex,
						binaryPropertyName: out.binaryPropertyName,
						fileBaseName,
						json,
					}),
				);
			} else if (inline) {
				items.push(
					await imageOutputItem(ctx, {
						itemIndex: out.itemIndex,
						data: inline,
						binaryPropertyName: out.binaryPropertyName,
						fileBaseName,
						json,
					}),
				);
			} else if (datum.url && out.returnUrlsOnly) {
				items.push({ json, pairedItem: { item: out.itemIndex } });
			} else if (datum.url) {
				items.push(
					await downloadImageItem(ctx, datum.url, {
						itemIndex: out.itemIndex,
						binaryPropertyName: out.binaryPropertyName,
						fileBaseName,
						json,
					}),
				);
			} else {
				throw nodeError(
					ctx.getNode(),
					{
						message: 'An entry of data[] has neither url nor b64_json',
						hint: 'The provider answered an entry without an image.',
						charge: 'mayBeCharged',
						retry: 'permanent',
						body: { entry: JSON.stringify(datum).slice(0, 200) },
					},
					{ itemIndex: out.itemIndex },
				);
			}
		} catch (error) {
			failures.push({ index, error });
			const failed: IDataObject = {
				index,
				model: json.model,
				error: errorMessage(error),
			};
			if (datum.error?.code) failed.code = datum.error.code;
			if (json.url) failed.url = json.url;
			if (datum.layer) Object.assign(failed, layerJson(datum.layer));
			items.push({ json: failed, pairedItem: { item: out.itemIndex } });
		}
	}

	if (result.fatal) {
		const index = result.data.reduce(
			(max, datum, position) => Math.max(max, (datum.index ?? position) + 1),
			0,
		);
		const failed: IDataObject = {
			index,
			model: result.model ?? out.model,
			error: result.fatal.message,
		};
		if (result.fatal.code) failed.code = result.fatal.code;
		items.push({ json: failed, pairedItem: { item: out.itemIndex } });
	}

	const produced = items.length - failures.length - (result.fatal ? 1 : 0);
	if (produced === 0 && failures.length > 0) {
		// Model and usage let the error item carry the cost of the paid images.
		const billing = {
			model: result.model ?? out.model,
			...(result.usage ? { usage: result.usage } : {}),
		};
		throw allImagesFailed(ctx, failures, items, out.itemIndex, billing);
	}
	if (failures.length > 0) {
		ctx.logger.warn(
			`Jimeng: ${failures.length} of ${result.data.length} images failed for item ${out.itemIndex}: ${failures
				.map(({ index, error }) => `#${index} ${redactQuery(errorMessage(error))}`)
				.join('; ')}`,
		);
	}
	return items;
}

/**
 * The error when no image came out. Images that were generated (and paid for) but not downloaded
 * keep their URLs in it, so nothing paid is lost.
 */
function allImagesFailed(
	ctx: IExecuteFunctions,
	failures: Array<{ index: number; error: unknown }>,
	items: INodeExecutionData[],
	itemIndex: number,
	billing: IDataObject,
) {
	const first = failures[0].error;
	const urls = items.map((item) => item.json.url).filter((url) => typeof url === 'string');
	const base: Failure = failureOf(first) ?? {
		message: errorMessage(first),
		hint: (first as { description?: string })?.description ?? '',
		charge: 'mayBeCharged',
		retry: 'permanent',
	};
	const failure: Failure = {
		...base,
		hint:
			failures.length > 1
				? `${base.hint} (All ${failures.length} images failed.)`.trim()
				: base.hint,
		charge: urls.length > 0 ? 'charged' : base.charge,
		kept: urls.length > 0 ? { ...base.kept, urls, ...billing } : base.kept,
	};
	return nodeError(ctx.getNode(), failure, { itemIndex });
}
