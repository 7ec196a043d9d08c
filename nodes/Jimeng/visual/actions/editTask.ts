/**
 * What Inpaint, Upscale and Outpaint share: where the image (and mask) come from, the checks made on
 * their bytes before the paid submit, and "submit, then wait or hand the task id on".
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fail } from '../../errors/errors';
import {
	checkEditImage,
	checkMask,
	inputLimitsOf,
	type CheckedImage,
} from '../../images/editImages';
import { findModel } from '../../models/models';
import { budgetOptions } from '../../money/runCost';
import { checkHttpUrl } from '../../auth/urls';
import { resultOptionsProperty, timeoutProperty } from './properties';
import { readResultSettings, readTimeoutSeconds, type ResultSettings } from './result';
import { submitAndWait } from './submitAndWait';
import { execute as submitOnly } from './submitTask.operation';

export const EDIT_REQ_KEY = {
	inpaint: 'jimeng_image2image_dream_inpaint',
	upscale: 'jimeng_i2i_seed3_tilesr_cvtob',
	outpaint: 'jimeng_img2img_seed3_painting_edit',
} as const;

export type EditOperation = keyof typeof EDIT_REQ_KEY;

type MaskShow = NonNullable<INodeProperties['displayOptions']>['show'] | false;

/**
 * The editor properties of an editing operation: its own fields first, then the image inputs (the
 * mask fields shown where `mask` says; false: no mask), then waiting and the result options with
 * the operation's own options sorted in.
 */
export function editOperationDescription(
	operation: EditOperation,
	own: { fields: INodeProperties[]; mask: MaskShow; options: INodeProperties[] },
): INodeProperties[] {
	return updateDisplayOptions({ show: { operation: [operation] } }, [
		...own.fields,
		...imageInputProperties(own.mask),
		...waitAndResultProperties(own.options),
	]);
}

/** The image inputs; `maskShow` adds display conditions to the mask fields (false: no mask). */
function imageInputProperties(maskShow: MaskShow): INodeProperties[] {
	const mask = (property: INodeProperties): INodeProperties[] =>
		maskShow === false
			? []
			: [
					{
						...property,
						displayOptions: {
							show: { ...property.displayOptions?.show, ...maskShow },
						},
					},
				];
	return [
		{
			displayName: 'Input Images From',
			name: 'editInputSource',
			type: 'options',
			options: [
				{
					name: 'Binary Fields of the Input Item',
					value: 'binary',
					description: 'Sent as base64; the node checks format, size and the mask before paying',
				},
				{
					name: 'URLs',
					value: 'url',
					description:
						'Public http(s) URLs Volcengine downloads itself; the node cannot check their pixels',
				},
			],
			default: 'binary',
		},
		{
			displayName: 'Image Binary Field',
			name: 'editImageField',
			type: 'string',
			// Not `required`: an expression in the field that shows it would make n8n require it
			// on every branch; the item check refuses it empty before anything is sent.
			default: 'data',
			displayOptions: { show: { editInputSource: ['binary'] } },
			description: 'Binary field of the incoming item holding the image (JPEG or PNG)',
		},
		...mask({
			displayName:
				'The mask is a second binary field of the same item as the image: read both files, then join them into one item with a Merge node (Combine → By Position), as the example workflow "Jimeng 5: read an image and its mask" does. Black (0) keeps, white (255) is painted; same size as the image.',
			name: 'maskNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { editInputSource: ['binary'] } },
		}),
		...mask({
			displayName: 'Mask Binary Field',
			name: 'editMaskField',
			type: 'string',
			// Not `required`: an expression in the field that shows it would make n8n require it
			// on every branch; the item check refuses it empty before anything is sent.
			default: 'mask',
			displayOptions: { show: { editInputSource: ['binary'] } },
			description:
				'Binary field holding the mask: a one-channel grayscale PNG or JPEG of exactly the image size, black (0) = keep, white (255) = paint',
		}),
		{
			displayName: 'Image URL',
			name: 'editImageUrl',
			type: 'string',
			// Not `required`: an expression in the field that shows it would make n8n require it
			// on every branch; the item check refuses it empty before anything is sent.
			default: '',
			placeholder: 'https://example.com/photo.jpg',
			displayOptions: { show: { editInputSource: ['url'] } },
		},
		...mask({
			displayName: 'Mask URL',
			name: 'editMaskUrl',
			type: 'string',
			// Not `required`: an expression in the field that shows it would make n8n require it
			// on every branch; the item check refuses it empty before anything is sent.
			default: '',
			placeholder: 'https://example.com/mask.png',
			displayOptions: { show: { editInputSource: ['url'] } },
			description:
				'One-channel grayscale mask of exactly the image size, black (0) = keep, white (255) = paint',
		}),
	];
}

/**
 * Wait in this run, or hand the task on like Submit Task; then the result settings and the run's
 * budget (every editing operation is a paid call).
 */
function waitAndResultProperties(extraOptions: INodeProperties[]): INodeProperties[] {
	const options = resultOptionsProperty();
	return [
		{
			displayName: 'Wait for Images',
			name: 'waitForImages',
			type: 'boolean',
			default: true,
			description:
				'Whether to wait for the images in this run. Off, each item carries the task ID and req key like Submit Task, for a later Wait for Result (for example after a Wait node).',
		},
		{ ...timeoutProperty, displayOptions: { show: { waitForImages: [true] } } },
		{
			...options,
			options: [
				...extraOptions,
				...budgetOptions,
				...((options.options ?? []) as INodeProperties[]),
			].sort((a, b) => a.displayName.localeCompare(b.displayName)),
		},
	];
}

async function readBinary(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	what: 'the image' | 'the mask',
): Promise<Buffer> {
	const name = String(ctx.getNodeParameter(parameter, itemIndex, '') ?? '').trim();
	if (name === '') {
		const label = what === 'the mask' ? 'Mask Binary Field' : 'Image Binary Field';
		fail(ctx, itemIndex, `${label} is empty`, `Enter the name of the binary field that holds ${what} (often "${what === 'the mask' ? 'mask' : 'data'}"). Nothing was sent.`);
	}
	const binary = ctx.getInputData()[itemIndex]?.binary ?? {};
	if (!binary[name]) {
		const has = Object.keys(binary);
		const present = has.length ? `This item has ${has.map((field) => `"${field}"`).join(', ')}.` : 'This item has no binary data.';
		fail(
			ctx,
			itemIndex,
			`The input item has no binary field "${name}" for ${what}`,
			what === 'the mask'
				? `${present} The mask must be a second binary field of the same item as the image: read both files, then join them into one item with a Merge node (Combine → By Position), as the example workflow "Jimeng 5: read an image and its mask" does. Nothing was sent.`
				: `${present} Set Image Binary Field to the name of the image's binary data on the incoming item. Nothing was sent.`,
		);
	}
	return await ctx.helpers.getBinaryDataBuffer(itemIndex, name);
}

/**
 * Starts an item's submit body: the operation's req_key, then its image (and mask), read and checked
 * against the model's limits. Nothing is sent.
 */
export async function editBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
	operation: EditOperation,
	withMask: boolean,
): Promise<IDataObject> {
	const reqKey = EDIT_REQ_KEY[operation];
	return { req_key: reqKey, ...(await readEditImages(ctx, itemIndex, reqKey, withMask)) };
}

/** Reads the image (and mask) of an item and checks them; returns the body fields carrying them. */
async function readEditImages(
	ctx: IExecuteFunctions,
	itemIndex: number,
	reqKey: string,
	withMask: boolean,
): Promise<IDataObject> {
	if (ctx.getNodeParameter('editInputSource', itemIndex, 'binary') === 'url') {
		const url = (parameter: string, label: string) => {
			const checked = checkHttpUrl(ctx.getNodeParameter(parameter, itemIndex, ''), label);
			if (!checked.ok) fail(ctx, itemIndex, checked.problem, checked.hint);
			return checked.value;
		};
		const urls = [url('editImageUrl', 'Image URL')];
		if (withMask) urls.push(url('editMaskUrl', 'Mask URL'));
		return { image_urls: urls };
	}

	const limits = inputLimitsOf(findModel(reqKey, 'volcengine') ?? { label: reqKey });
	const checked = (bytes: Buffer, what: string): CheckedImage => {
		const result = checkEditImage(bytes, what, limits);
		if ('problem' in result) {
			fail(ctx, itemIndex, result.problem, 'Nothing was sent. Resize or convert it first.');
		}
		return result.image;
	};
	const imageBytes = await readBinary(ctx, itemIndex, 'editImageField', 'the image');
	const image = checked(imageBytes, 'The image');
	if (!withMask) return { binary_data_base64: [imageBytes.toString('base64')] };

	const maskBytes = await readBinary(ctx, itemIndex, 'editMaskField', 'the mask');
	const mask = checked(maskBytes, 'The mask');
	const problem = checkMask(image, mask, maskBytes);
	if (problem) {
		fail(
			ctx,
			itemIndex,
			problem,
			'Nothing was sent. Draw the mask on a canvas of the image size and save it as a grayscale PNG.',
		);
	}
	// Raw base64, image first: a "data:" prefix fails with 50207.
	return {
		binary_data_base64: [imageBytes.toString('base64'), maskBytes.toString('base64')],
	};
}

/** An integer option in a range, or undefined when the option is not set. */
export function integerOption(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name: string,
	label: string,
	range: { min: number; max: number },
): number | undefined {
	const options = (ctx.getNodeParameter('options', itemIndex, {}) ?? {}) as IDataObject;
	if (options[name] === undefined || options[name] === '') return undefined;
	const value = Number(options[name]);
	if (!Number.isInteger(value) || value < range.min || value > range.max) {
		fail(
			ctx,
			itemIndex,
			`${label} must be a whole number from ${range.min} to ${range.max}, not ${String(options[name])}`,
		);
	}
	return value;
}

/** The Seed option as a body field (-1: random), or nothing when it is not set. */
export function seedField(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const seed = integerOption(ctx, itemIndex, 'seed', 'Seed', {
		min: -1,
		max: Number.MAX_SAFE_INTEGER,
	});
	return seed === undefined ? {} : { seed };
}

export interface EditTaskRequest {
	reqKey: string;
	body: IDataObject;
	wait: boolean;
	settings: ResultSettings;
	timeoutSeconds: number;
}

/** Completes an item's request with its wait and result settings (all read before paying). */
export function editTaskRequest(
	ctx: IExecuteFunctions,
	itemIndex: number,
	body: IDataObject,
): EditTaskRequest {
	const wait = ctx.getNodeParameter('waitForImages', itemIndex, true) !== false;
	return {
		reqKey: String(body.req_key),
		body,
		wait,
		settings: readResultSettings(ctx, itemIndex),
		timeoutSeconds: wait ? readTimeoutSeconds(ctx, itemIndex) : 0,
	};
}

/**
 * The editing operations' `execute`: submits once; then waits for the images, or outputs the task
 * like Submit Task does.
 */
export async function executeEditTask(
	this: IExecuteFunctions,
	itemIndex: number,
	request: EditTaskRequest,
): Promise<INodeExecutionData[]> {
	if (request.wait) return await submitAndWait(this, itemIndex, request);
	return await submitOnly.call(this, itemIndex, request);
}
