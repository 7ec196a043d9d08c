import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fail } from '../../errors/errors';
import type { InputImage } from '../../images/inputImages';
import { readInputImage, toDataUri } from '../../images/inputImages';
import { checkJimengApiSize, compositionsRequest } from './compositions';
import { sendImagesCall } from './send';
import {
	checkImageUrl,
	checkRequest,
	defaultBodyFields,
	maxInputBytes,
	optionalBodyFields,
	readCommonParameters,
} from './parameters';
import {
	commonOptions,
	moderationOption,
	modelProperty,
	promptProperty,
	sizeProperties,
	sortedOptions,
} from './properties';

/** One reference image for a model the table does not know (Ark Seedream takes 30 MB, see lib/models). */
const MAX_REFERENCE_BYTES = 10 * 1024 * 1024;

const properties: INodeProperties[] = [
	modelProperty,
	promptProperty('What to draw, in Chinese or English'),
	...sizeProperties,
	{
		displayName: 'Reference Images',
		name: 'referenceImages',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Reference Image',
		default: {},
		description:
			'Images the model draws from (image-to-image through /images/generations), sent in this order as "image". Binary fields are sent as data: URIs.',
		options: [
			{
				displayName: 'Image',
				name: 'images',
				values: [
					{
						displayName: 'Source',
						name: 'source',
						type: 'options',
						options: [
							{ name: 'URL', value: 'url' },
							{ name: 'Binary Field of the Input Item', value: 'binary' },
						],
						default: 'url',
					},
					{
						displayName: 'URL',
						name: 'url',
						type: 'string',
						default: '',
						placeholder: 'https://example.com/reference.png',
						displayOptions: { show: { source: ['url'] } },
					},
					{
						displayName: 'Binary Field',
						name: 'binaryPropertyName',
						type: 'string',
						default: 'data',
						description: 'Name of the binary property of the input item that holds the image',
						displayOptions: { show: { source: ['binary'] } },
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: sortedOptions([...commonOptions, moderationOption]),
	},
];

// Submit Task sends the same call and puts out the task instead of waiting.
export const description = updateDisplayOptions(
	{ show: { operation: ['generate', 'submitTask'] } },
	properties,
);

interface ReferenceImageEntry {
	source?: string;
	url?: string;
	binaryPropertyName?: string;
}

interface ReferenceImage {
	/** What goes in "image": the URL, or the file as a data: URI. */
	uri: string;
	/** The file, when it came from a binary field. */
	file?: InputImage;
}

/** Reads every reference image (URLs checked, binaries read and checked) before anything is sent. */
async function readReferenceImages(
	ctx: IExecuteFunctions,
	itemIndex: number,
	maxBytes: number,
): Promise<ReferenceImage[]> {
	const collection = ctx.getNodeParameter('referenceImages', itemIndex, {}) as {
		images?: ReferenceImageEntry[];
	};
	const images: ReferenceImage[] = [];
	for (const entry of collection.images ?? []) {
		if (entry.source === 'binary') {
			const name = String(entry.binaryPropertyName ?? '').trim();
			if (!name) {
				fail(ctx, itemIndex, 'A reference image has no binary field name');
			}
			const file = await readInputImage(ctx, itemIndex, name, { maxBytes });
			images.push({ uri: toDataUri(file.buffer, file.mimeType), file });
		} else {
			const url = String(entry.url ?? '').trim();
			if (!url) {
				fail(ctx, itemIndex, 'A reference image has an empty URL');
			}
			images.push({ uri: checkImageUrl(ctx, itemIndex, url) });
		}
	}
	return images;
}

/** Reads and checks everything the paid call needs and builds its body; nothing is sent. */
export async function prepare(this: IExecuteFunctions, itemIndex: number) {
	const params = readCommonParameters(this, itemIndex);
	const references = await readReferenceImages(
		this,
		itemIndex,
		maxInputBytes(params, MAX_REFERENCE_BYTES),
	);

	const body: IDataObject = {
		model: params.model,
		prompt: params.prompt,
		...defaultBodyFields(params.entry),
		...optionalBodyFields(this, itemIndex, params.options),
		...params.sizeFields,
	};
	if (references.length > 0) body.image = references.map((reference) => reference.uri);
	Object.assign(body, params.additionalBodyFields);
	await checkRequest(this, itemIndex, body, params, references.length, 'Reference Images');

	let path = '/images/generations';
	let requestBody: IDataObject | FormData = body;
	if (params.options.relayStyle === 'jimengApi') {
		checkJimengApiSize(this, itemIndex, body);
		if (references.length > 0) {
			// jimeng-api's /images/generations would drop the references and bill plain text-to-image.
			const fields: IDataObject = { ...body };
			delete fields.image;
			({ path, body: requestBody } = compositionsRequest(
				this,
				itemIndex,
				fields,
				references.flatMap((reference) => (reference.file ? [reference.file] : [])),
				references.flatMap((reference) => (reference.file ? [] : [reference.uri])),
			));
		}
	}
	return { params, path, body: requestBody, stream: body.stream === true };
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	prepared: Awaited<ReturnType<typeof prepare>>,
): Promise<INodeExecutionData[]> {
	return await sendImagesCall(this, itemIndex, prepared);
}
