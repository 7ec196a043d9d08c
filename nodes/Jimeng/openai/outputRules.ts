/**
 * The rules of the 2026 Seedream output options, read from the model table: a transparent
 * background and the formats and inputs it needs, the prompt optimisation mode, and layer
 * decomposition (exactly one input image, no background, its own sizes and input formats).
 * Pure: no n8n imports. checkRequestBody runs these on the body as it will be sent.
 */
import type { ModelEntry } from '../models/models';
import { parseSize } from '../images/imageSize';

export interface OutputRuleIssue {
	field: string;
	message: string;
	hint?: string;
}

export interface OutputRuleContext {
	entry: ModelEntry | undefined;
	inputImages: number;
	/** The editor's name of the field(s) the images came from. */
	imagesField?: string;
	/** The editor's label of a body field, as requestChecks names it. */
	label: (field: string) => string;
}

/** Whether the body asks for layer decomposition (true, or "true" from Additional Body Fields). */
export function asksForLayers(body: Record<string, unknown>): boolean {
	return body.layer_decomposition === true || body.layer_decomposition === 'true';
}

/** The format (`png`, `jpeg`, …) of each input image given as a data URI; URLs are unknown. */
function dataUriFormats(image: unknown): string[] {
	const list = Array.isArray(image) ? image : image === undefined ? [] : [image];
	return list.flatMap((value) => {
		const match = typeof value === 'string' ? /^data:image\/([a-z0-9.+-]+);/i.exec(value) : null;
		if (!match) return [];
		const format = match[1].toLowerCase();
		return [format === 'jpg' ? 'jpeg' : format];
	});
}

function where(context: OutputRuleContext): string {
	return context.imagesField ? ` (${context.imagesField})` : '';
}

/** The first problem of the body's output options, or undefined. */
export function checkOutputRules(
	body: Record<string, unknown>,
	context: OutputRuleContext,
): OutputRuleIssue | undefined {
	const { entry, label } = context;
	if (!entry) return undefined;
	const model = entry.label;

	const mode = (body.optimize_prompt_options as { mode?: unknown } | undefined)?.mode;
	if (mode !== undefined && entry.promptModes && !entry.promptModes.includes(String(mode))) {
		return {
			field: 'optimize_prompt_options',
			message: `${label('optimize_prompt_options')} "${String(mode)}" is not accepted by ${model}; it takes ${entry.promptModes.join(', ')}`,
		};
	}

	if (asksForLayers(body)) return checkLayers(body, context);

	if (body.background === 'transparent') {
		const format = body.output_format === undefined ? undefined : String(body.output_format);
		if (
			format !== undefined &&
			entry.transparentFormats &&
			!entry.transparentFormats.includes(format)
		) {
			return {
				field: 'background',
				message: `${label('background')} "transparent" needs ${label('output_format')} ${entry.transparentFormats.join(' or ')}; ${model} refuses it with "${format}"`,
				hint: `Set Output Format to ${entry.transparentFormats[0]}, or choose another Background.`,
			};
		}
	}
	// BytePlus documents the field itself (any value) only for one input image with an alpha channel.
	const needed = entry.backgroundInputImages;
	if (body.background !== undefined && needed !== undefined) {
		const value = String(body.background);
		if (context.inputImages !== needed) {
			return {
				field: 'background',
				message: `${label('background')} "${value}" on ${model} needs exactly ${needed} input image${needed === 1 ? '' : 's'} with an alpha channel${where(context)}, but ${context.inputImages} ${context.inputImages === 1 ? 'was' : 'were'} given`,
				hint: 'Give one PNG with transparency, or remove Background (the output is opaque without it).',
			};
		}
		if (dataUriFormats(body.image).includes('jpeg')) {
			return {
				field: 'image',
				message: `${label('background')} "${value}" on ${model} needs an input image with an alpha channel; a JPEG has none${where(context)}`,
				hint: 'Give the image as a PNG with transparency.',
			};
		}
	}
	return undefined;
}

function checkLayers(
	body: Record<string, unknown>,
	context: OutputRuleContext,
): OutputRuleIssue | undefined {
	const { entry, label } = context;
	if (!entry?.layers) return undefined;
	const model = entry.label;
	const rules = entry.layers;
	if (context.inputImages !== 1) {
		return {
			field: 'layer_decomposition',
			message: `${label('layer_decomposition')} needs exactly one input image${where(context)}; ${context.inputImages} ${context.inputImages === 1 ? 'was' : 'were'} given`,
			hint: 'Give the one image to split into layers.',
		};
	}
	if (body.background !== undefined) {
		return {
			field: 'background',
			message: `${label('background')} cannot be sent with ${label('layer_decomposition')}: ${model} refuses the pair`,
			hint: 'Remove Background; layers always come back as PNG with transparency.',
		};
	}
	if (rules.sizes && body.size !== undefined) {
		const text = String(body.size);
		const parsed = parseSize(text);
		const value = parsed?.kind === 'resolution' ? parsed.resolution : text.trim().toLowerCase();
		const allowed = rules.sizes.map((size) => (size === 'auto' ? size : size.toUpperCase()));
		if (!allowed.includes(value)) {
			return {
				field: 'size',
				message: `${label('size')} "${text.slice(0, 40)}" is not accepted by ${model} with ${label('layer_decomposition')}: it takes ${rules.sizes.join(', ')}`,
				hint: 'Pick Model Default (auto) or a resolution tier.',
			};
		}
	}
	const formats = rules.inputFormats;
	const wrong = formats
		? dataUriFormats(body.image).find((format) => !formats.includes(format))
		: undefined;
	if (formats && wrong) {
		return {
			field: 'image',
			message: `${label('layer_decomposition')} on ${model} takes a ${formats.join(' or ')} image${where(context)}, not ${wrong}`,
		};
	}
	return undefined;
}
