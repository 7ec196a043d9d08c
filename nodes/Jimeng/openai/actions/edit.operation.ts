import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fail } from '../../errors/errors';
import type { InputImage } from '../../images/inputImages';
import { readInputImage, splitPropertyNames, toDataUri } from '../../images/inputImages';
import type { ModelEntry } from '../../models/models';
import { editStyleFor } from '../../models/models';
import { appendFormValue } from '../transport/multipart';
import { credentialBaseUrl } from '../transport/openaiCredential';
import { compositionsRequest } from './compositions';
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
	inputFidelityOption,
	modelProperty,
	promptProperty,
	sizeProperties,
	sortedOptions,
} from './properties';

/** OpenAI's per-file limit for edits, for models the table does not know (Ark Seedream: 30 MB). */
const MAX_EDIT_IMAGE_BYTES = 50 * 1024 * 1024;

type RequestStyle = 'multipart' | 'jsonImageUrl' | 'generations' | 'compositions';

const properties: INodeProperties[] = [
	modelProperty,
	{
		displayName: 'Request Style',
		name: 'requestStyle',
		type: 'options',
		options: [
			{
				name: 'By Model and Endpoint',
				value: 'auto',
				description:
					'The JSON generations call on Volcengine Ark (it has no edits endpoint), multipart upload elsewhere',
			},
			{
				name: 'Jimeng-Api Compositions',
				value: 'compositions',
				description:
					'Sends the images to /images/compositions as repeated "images" files (or JSON images: [URL, …]), sized by Aspect Ratio + Resolution (jimeng-api relays)',
			},
			{
				name: 'JSON Generations Call (Ark)',
				value: 'generations',
				description:
					'Sends JSON to /images/generations with the images in "image": Volcengine Ark has no edits endpoint',
			},
			{
				name: 'JSON With Image URLs',
				value: 'jsonImageUrl',
				description:
					'Sends JSON to the edit path with images: [{image_url}], binaries as data: URIs (gpt-image-2 relays)',
			},
			{
				name: 'Multipart Upload (OpenAI Style)',
				value: 'multipart',
				description:
					'Sends multipart/form-data to the edit path with the file as "image" (several as "image[]") and an optional "mask" (hingnet, new-api, OpenAI, Seedream relays)',
			},
		],
		default: 'auto',
	},
	{
		displayName: 'Edit Path',
		name: 'editPath',
		type: 'string',
		default: '/images/edits',
		description:
			'Path under the Base URL. For jimeng-api relays use the Jimeng-Api Compositions request style instead: their compositions endpoint wants "images" files, not "image".',
		displayOptions: { show: { requestStyle: ['auto', 'multipart', 'jsonImageUrl'] } },
	},
	promptProperty('How to change the image(s)'),
	{
		displayName: 'Input Image Fields',
		name: 'inputImages',
		type: 'string',
		default: 'data',
		placeholder: 'e.g. data, image2',
		description:
			'Binary properties of the input item holding the images to edit, comma-separated, in order. One image is sent as "image", several as "image[]".',
	},
	...sizeProperties,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: sortedOptions([
			...commonOptions,
			inputFidelityOption,
			{
				displayName: 'Input Image URLs',
				name: 'inputImageUrls',
				type: 'string',
				default: '',
				placeholder: 'https://example.com/base-image.png',
				description:
					'More images by URL, comma- or newline-separated, sent after the binary ones (JSON request styles only). Clear Input Image Fields to edit URL images only.',
			},
			{
				displayName: 'Mask Field',
				name: 'maskBinaryProperty',
				type: 'string',
				default: 'mask',
				description:
					'Binary property with a PNG mask the size of the first image; transparent pixels mark what to change',
			},
		]),
	},
];

export const description = updateDisplayOptions({ show: { operation: ['edit'] } }, properties);

/** Multipart form fields are strings; objects (from additional fields) go as JSON text. */
function imageBlob(image: InputImage): Blob {
	return new Blob([new Uint8Array(image.buffer)], { type: image.mimeType });
}

/** Reads and checks everything the paid call needs, and builds the request; nothing is sent. */
export async function prepare(this: IExecuteFunctions, itemIndex: number) {
	const params = readCommonParameters(this, itemIndex);
	const style = await requestStyleOf(this, itemIndex, params.entry);
	const { options } = params;

	const names = splitPropertyNames(String(this.getNodeParameter('inputImages', itemIndex, '')));
	const urls =
		typeof options.inputImageUrls === 'string'
			? options.inputImageUrls
					.split(/[\n,]/)
					.map((url) => url.trim())
					.filter((url) => url !== '')
			: [];
	if (urls.length > 0 && style === 'multipart') {
		fail(
			this,
			itemIndex,
			'Image URLs cannot be uploaded with the Multipart request style',
			'Use a JSON request style, or download the images first (HTTP Request node) and list their binary fields.',
		);
	}
	if (names.length + urls.length === 0) {
		fail(
			this,
			itemIndex,
			'No input image is given',
			'Set Input Image Fields to the binary field(s) holding the image(s).',
		);
	}

	const images: InputImage[] = [];
	for (const name of names) {
		images.push(
			await readInputImage(this, itemIndex, name, {
				maxBytes: maxInputBytes(params, MAX_EDIT_IMAGE_BYTES),
			}),
		);
	}
	const imageUrls = urls.map((url) => checkImageUrl(this, itemIndex, url));

	let mask: InputImage | undefined;
	if (options.maskBinaryProperty !== undefined) {
		const maskName = String(options.maskBinaryProperty).trim();
		if (!maskName) fail(this, itemIndex, 'The Mask Field option is empty');
		if (style === 'generations') {
			fail(
				this,
				itemIndex,
				'A mask cannot be sent with the "JSON to /images/generations" request style',
				'Ark has no mask parameter. Use the Multipart or JSON image URL style with a relay that supports masks.',
			);
		}
		mask = await readInputImage(this, itemIndex, maskName, {
			maxBytes: MAX_EDIT_IMAGE_BYTES,
		});
	}

	const fields: IDataObject = {
		model: params.model,
		prompt: params.prompt,
		...defaultBodyFields(params.entry),
		...optionalBodyFields(this, itemIndex, options),
		...params.sizeFields,
	};
	await checkRequest(
		this,
		itemIndex,
		{ ...fields, ...params.additionalBodyFields },
		params,
		images.length + imageUrls.length,
		[names.length > 0 && 'Input Image Fields', urls.length > 0 && 'Input Image URLs']
			.filter(Boolean)
			.join(' + '),
	);
	const dataUris = [
		...images.map((image) => toDataUri(image.buffer, image.mimeType)),
		...imageUrls,
	];

	let path: string;
	let body: IDataObject | FormData;
	if (style === 'compositions') {
		if (mask)
			fail(
				this,
				itemIndex,
				'jimeng-api compositions take no mask',
				'Remove the Mask Field option.',
			);
		({ path, body } = compositionsRequest(
			this,
			itemIndex,
			{ ...fields, ...params.additionalBodyFields },
			images,
			imageUrls,
		));
	} else if (style === 'generations') {
		path = '/images/generations';
		body = { ...fields, image: dataUris, ...params.additionalBodyFields };
	} else {
		path = normalizePath(
			this,
			itemIndex,
			String(this.getNodeParameter('editPath', itemIndex, '/images/edits')),
		);
		if (style === 'jsonImageUrl') {
			body = {
				...fields,
				images: dataUris.map((imageUrl) => ({ image_url: imageUrl })),
			};
			if (mask) body.mask = { image_url: toDataUri(mask.buffer, mask.mimeType) };
			Object.assign(body, params.additionalBodyFields);
		} else {
			const form = new FormData();
			const imageField = images.length === 1 ? 'image' : 'image[]';
			for (const image of images) form.append(imageField, imageBlob(image), image.fileName);
			for (const [key, value] of Object.entries({
				...fields,
				...params.additionalBodyFields,
			})) {
				appendFormValue(form, key, value);
			}
			if (mask) form.append('mask', imageBlob(mask), mask.fileName);
			body = form;
		}
	}

	const stream = { ...fields, ...params.additionalBodyFields }.stream === true;
	return { params, path, body, stream };
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	prepared: Awaited<ReturnType<typeof prepare>>,
): Promise<INodeExecutionData[]> {
	return await sendImagesCall(this, itemIndex, prepared);
}

/** The chosen style, or for "By Model and Endpoint" the one the model and the base URL need. */
async function requestStyleOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
	entry: ModelEntry | undefined,
): Promise<RequestStyle> {
	const chosen = ctx.getNodeParameter('requestStyle', itemIndex, 'auto') as RequestStyle | 'auto';
	if (chosen !== 'auto') return chosen;
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	if (options.relayStyle === 'jimengApi') return 'compositions';
	const style = editStyleFor(entry, await credentialBaseUrl(ctx));
	if (style === 'none') {
		fail(
			ctx,
			itemIndex,
			`The model "${entry?.label}" does not edit images`,
			'Pick a model that takes an input image, e.g. Seedream 4.5, gpt-image-2 or jimeng-4.0.',
		);
	}
	return style === 'generations' || style === 'jsonImageUrl' ? style : 'multipart';
}

function normalizePath(ctx: IExecuteFunctions, itemIndex: number, raw: string): string {
	const path = raw.trim();
	if (!/^\/?[A-Za-z0-9._~\-/]+$/.test(path)) {
		fail(ctx, itemIndex, `The Edit Path "${raw}" is not a path like /images/edits`);
	}
	return path.startsWith('/') ? path : `/${path}`;
}
