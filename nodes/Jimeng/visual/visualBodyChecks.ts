/**
 * Checks of a visual-API submit body as it will be sent, for the fields Additional Body Fields set:
 * the node's own fields are checked when they are read, and Additional Body Fields are merged last,
 * so without this a prompt, a size or an image list could reach the paid call unchecked.
 * Pure: no n8n imports.
 */

import { checkHttpUrl } from '../auth/urls';

/** What the chosen model accepts (from its entry in lib/models.ts). */
export interface VisualBodyLimits {
	label: string;
	promptRequired: boolean;
	maxPromptChars?: number;
	maxInputImages: number;
	minPixels?: number;
	maxPixels?: number;
	minSide?: number;
	maxSide?: number;
	maxAspect?: number;
	/** `scale` of the model: 0–1 (Jimeng 4.0), or a whole number 1–100 (Seedream 4.6). */
	scale?: { min: number; max: number; integer: boolean };
}

export interface BodyProblem {
	message: string;
	hint: string;
}

const FROM = '(from Additional Body Fields)';
const HINT = 'Fix or remove the field in Additional Body Fields.';
const RATIO_RANGE = { min: 1 / 16, max: 16 };

function problem(message: string, hint = HINT): BodyProblem {
	return { message, hint };
}

function isNumber(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

function numberProblem(
	name: string,
	value: unknown,
	range: { min: number; max: number; integer?: boolean },
): BodyProblem | undefined {
	const kind = range.integer ? 'a whole number' : 'a number';
	if (!isNumber(value) || (range.integer && !Number.isInteger(value))) {
		return problem(`${name} ${FROM} must be ${kind}, not ${JSON.stringify(value)}`);
	}
	if (value < range.min || value > range.max) {
		return problem(`${name} ${FROM} must be between ${range.min} and ${range.max}, not ${value}`);
	}
	return undefined;
}

function promptProblem(body: Record<string, unknown>, limits: VisualBodyLimits) {
	const prompt = body.prompt;
	if (typeof prompt !== 'string') {
		return problem(`prompt ${FROM} must be text, not ${JSON.stringify(prompt)}`);
	}
	if (prompt.trim() === '' && limits.promptRequired) {
		return problem(`prompt ${FROM} is empty; ${limits.label} needs a prompt`);
	}
	const length = [...prompt].length;
	if (limits.maxPromptChars !== undefined && length > limits.maxPromptChars) {
		return problem(
			`prompt ${FROM} has ${length} characters; ${limits.label} takes at most ${limits.maxPromptChars}`,
		);
	}
	return undefined;
}

function imagesProblem(
	body: Record<string, unknown>,
	set: Set<string>,
	limits: VisualBodyLimits,
): BodyProblem | undefined {
	for (const key of ['image_urls', 'binary_data_base64']) {
		if (!set.has(key)) continue;
		const list = body[key];
		if (!Array.isArray(list) || list.some((entry) => typeof entry !== 'string' || entry === '')) {
			return problem(`${key} ${FROM} must be a list of texts`);
		}
		if (key === 'image_urls') {
			for (const url of list as string[]) {
				const checked = checkHttpUrl(url, `An image_urls entry ${FROM}`);
				if (!checked.ok) return problem(checked.problem, checked.hint);
			}
		}
	}
	const count =
		(Array.isArray(body.image_urls) ? body.image_urls.length : 0) +
		(Array.isArray(body.binary_data_base64) ? body.binary_data_base64.length : 0);
	if (count > limits.maxInputImages) {
		return problem(
			`${limits.label} takes at most ${limits.maxInputImages} input image${limits.maxInputImages === 1 ? '' : 's'}, but the request ${FROM} has ${count}`,
		);
	}
	return undefined;
}

function sizeProblem(
	body: Record<string, unknown>,
	set: Set<string>,
	limits: VisualBodyLimits,
): BodyProblem | undefined {
	const area = { min: limits.minPixels ?? 1, max: limits.maxPixels ?? Number.MAX_SAFE_INTEGER };
	if (set.has('size')) {
		const found = numberProblem('size', body.size, { ...area, integer: true });
		if (found) return found;
	}
	if (!set.has('width') && !set.has('height')) return undefined;
	const side = { min: limits.minSide ?? 1, max: limits.maxSide ?? 16384, integer: true };
	const found = numberProblem('width', body.width, side) ?? numberProblem('height', body.height, side);
	if (found) return found;
	const width = body.width as number;
	const height = body.height as number;
	if (width * height < area.min || width * height > area.max) {
		return problem(
			`width × height ${FROM} is ${width * height} pixels; ${limits.label} needs between ${area.min} and ${area.max}`,
		);
	}
	const aspect = Math.max(width, height) / Math.min(width, height);
	if (limits.maxAspect !== undefined && aspect > limits.maxAspect) {
		return problem(
			`The aspect ratio ${width}:${height} ${FROM} is beyond ${limits.maxAspect}:1, which ${limits.label} does not allow`,
		);
	}
	return undefined;
}

function flagsProblem(
	body: Record<string, unknown>,
	set: Set<string>,
	limits: VisualBodyLimits,
): BodyProblem | undefined {
	for (const key of ['force_single', 'use_pre_llm', 'return_url']) {
		if (set.has(key) && typeof body[key] !== 'boolean') {
			return problem(`${key} ${FROM} must be true or false, not ${JSON.stringify(body[key])}`);
		}
	}
	if (set.has('seed')) {
		const found = numberProblem('seed', body.seed, {
			min: -1,
			max: Number.MAX_SAFE_INTEGER,
			integer: true,
		});
		if (found) return found;
	}
	if (set.has('scale') && limits.scale) {
		const found = numberProblem('scale', body.scale, limits.scale);
		if (found) return found;
	}
	if (set.has('min_ratio') || set.has('max_ratio')) {
		for (const key of ['min_ratio', 'max_ratio']) {
			if (body[key] === undefined) continue;
			const found = numberProblem(key, body[key], RATIO_RANGE);
			if (found) return found;
		}
		if (isNumber(body.min_ratio) && isNumber(body.max_ratio) && body.min_ratio > body.max_ratio) {
			return problem(
				`min_ratio (${body.min_ratio}) is larger than max_ratio (${body.max_ratio}) ${FROM}`,
			);
		}
	}
	return undefined;
}

/**
 * The first problem of the fields Additional Body Fields set (`fromAdditional`) in the body as it
 * will be sent, or undefined. Combined limits (area, aspect, image count) are checked on the merged
 * body when one of their fields came from Additional Body Fields.
 */
export function checkVisualBody(
	body: Record<string, unknown>,
	fromAdditional: ReadonlySet<string>,
	limits: VisualBodyLimits,
): BodyProblem | undefined {
	const set = new Set(fromAdditional);
	if (set.size === 0) return undefined;
	return (
		(set.has('prompt') ? promptProblem(body, limits) : undefined) ??
		(set.has('image_urls') || set.has('binary_data_base64')
			? imagesProblem(body, set, limits)
			: undefined) ??
		sizeProblem(body, set, limits) ??
		flagsProblem(body, set, limits)
	);
}
