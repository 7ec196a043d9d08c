/**
 * What each image model accepts, as data. Pure: no n8n imports. The editor's options, the defaults
 * sent with only a model and a prompt, and the checks before a paid call all read this table, for
 * both backends: the Volcengine visual API's req_keys are entries too (`visual` holds what only its
 * editor and body need).
 *
 * Adding a model is adding an entry (or a pattern to an entry) to its family's file (jimeng.ts,
 * seedream.ts, gptImage.ts, visual.ts; types in types.ts): no code path changes.
 * Sources are named per entry (`sources`); see also README "Models". Prices are in money/pricing.ts,
 * keyed by the same model ids (finer than these entries: a BytePlus id and a China Ark id of one
 * model have different prices), and read the image limits below for the budget's worst case.
 */
import { GPT_IMAGE_MODELS } from './gptImage';
import { JIMENG_RELAY } from './jimeng';
import { PROVIDERS, type Provider } from './providers';
import { SEEDREAM_MODELS } from './seedream';
import {
	MP,
	type EditStyle,
	type Feature,
	type ModelEntry,
	type VisualFacts,
	type VisualOperation,
} from './types';
import { VISUAL_MODELS } from './visual';

export type * from './types';
export { PROVIDERS, type Provider } from './providers';

// ---------------------------------------------------------------------------------------------
// The table, one file per model family. Order matters only where patterns overlap: the first
// match wins.

export const MODELS: ModelEntry[] = [
	JIMENG_RELAY,
	...SEEDREAM_MODELS,
	...GPT_IMAGE_MODELS,
	...VISUAL_MODELS,
];

// ---------------------------------------------------------------------------------------------
// Look-ups

/** The entry for a model id, or undefined for ids the table does not know (By ID, ep-…). */
export function findModel(
	modelId: string,
	backend: 'openai' | 'volcengine' = 'openai',
): ModelEntry | undefined {
	const id = modelId.trim().toLowerCase();
	return MODELS.find((entry) => entry.backend === backend && entry.match.test(id));
}

/** A Volcengine visual model the Generate / Edit / Submit Task editor lists. */
export type VisualEntry = ModelEntry & { visual: VisualFacts };

const VISUAL_ENTRIES = (): VisualEntry[] =>
	MODELS.filter(
		(entry): entry is VisualEntry => entry.backend === 'volcengine' && entry.visual !== undefined,
	);

/** The model each operation starts with: Edit with one that takes binary input. */
export const DEFAULT_VISUAL_MODEL: Record<VisualOperation | 'submitTask', string> = {
	generate: 'jimeng_t2i_v40',
	edit: 'jimeng_i2i_v30',
	submitTask: 'jimeng_t2i_v40',
};

/** The "Custom" model of the Volcengine editor: any req_key, parameters through Additional Body Fields. */
export const CUSTOM_MODEL = 'custom';

/** The listed visual model with exactly this req_key (the Model field's value). */
export function visualModel(reqKey: string): VisualEntry | undefined {
	return VISUAL_ENTRIES().find((entry) => entry.id === reqKey);
}

/** The visual models an operation lists (Submit Task lists every one). */
export function modelsFor(operation: VisualOperation | 'submitTask'): VisualEntry[] {
	return operation === 'submitTask'
		? VISUAL_ENTRIES()
		: VISUAL_ENTRIES().filter((entry) => entry.visual.operations.includes(operation));
}

/** The req_keys of the visual models for which `predicate` holds. */
export function modelsWith(predicate: (entry: VisualEntry) => boolean): string[] {
	return VISUAL_ENTRIES()
		.filter(predicate)
		.map((entry) => entry.id);
}

export interface VisualSize {
	resolutions: string[];
	/** Takes `size` (the area) instead of width and height: the model picks the ratio. */
	areaField: boolean;
	/** Allowed width × height. */
	area: { min: number; max: number };
	/** Allowed side length. */
	side: { min: number; max: number };
	/** Largest long side / short side. */
	maxRatio: number;
	/** Width and height the editor starts with when the size is Width and Height. */
	defaultSide: number;
}

/**
 * The size fields of a visual model, read from its `sizes`; undefined when it offers no
 * resolutions. The editor and the body need every bound, so a missing one is an error of the table.
 */
export function visualSize(entry: VisualEntry): VisualSize | undefined {
	const sizes = entry.sizes;
	if (!sizes.resolutions?.length) return undefined;
	const bound = (value: number | undefined, name: string): number => {
		if (value === undefined) throw new Error(`Model table: ${entry.id} has no sizes.${name}`);
		return value;
	};
	return {
		resolutions: sizes.resolutions,
		areaField: sizes.forms.includes('area'),
		area: { min: bound(sizes.minPixels, 'minPixels'), max: bound(sizes.maxPixels, 'maxPixels') },
		side: { min: bound(sizes.minSide, 'minSide'), max: bound(sizes.maxSide, 'maxSide') },
		maxRatio: bound(sizes.maxAspect, 'maxAspect'),
		defaultSide: entry.visual.defaultSide,
	};
}

export function findProvider(baseUrl: string | undefined): Provider | undefined {
	if (!baseUrl) return undefined;
	const url = baseUrl.trim();
	return PROVIDERS.find((provider) => provider.match.test(url.endsWith('/') ? url : `${url}/`));
}

export function hasFeature(entry: ModelEntry | undefined, feature: Feature): boolean {
	return entry === undefined || entry.features.includes(feature);
}

/** What one layer-decomposition answer may hold at most: the base image and every layer. */
export function layerImagesAtMost(entry: ModelEntry | undefined): number | undefined {
	return entry?.layers ? 1 + entry.layers.maxLayers : undefined;
}

/** How an edit is sent for this model on this base URL; unknown models use multipart unless Ark. */
export function editStyleFor(
	entry: ModelEntry | undefined,
	baseUrl: string | undefined,
): EditStyle {
	const provider = findProvider(baseUrl);
	if (provider?.noEditsEndpoint) return 'generations';
	return entry?.editStyle ?? 'multipart';
}

/** Model ids every entry suggests, for the model list when the endpoint lists none. */
export function suggestedModelIds(): string[] {
	const ids = MODELS.flatMap((entry) => entry.listIds ?? []);
	// Newest Seedream first, then Jimeng relays, then the rest, as the editor's list shows them.
	const rank = (id: string) =>
		/seedream-5|seedream-4-5/.test(id) ? 0 : /^jimeng/.test(id) ? 1 : 2;
	return ids.sort((a, b) => rank(a) - rank(b));
}

/**
 * Checks a WxH size against the model's rules; returns a sentence saying what is wrong, or
 * undefined when it fits (or the model is unknown).
 */
export function checkPixelSize(
	entry: ModelEntry | undefined,
	width: number,
	height: number,
): string | undefined {
	if (!entry) return undefined;
	const rules = entry.sizes;
	const text = `${width}x${height}`;
	if (rules.onlyPresets) {
		return rules.presets.includes(text)
			? undefined
			: `${entry.label} takes only the sizes ${rules.presets.join(', ')}`;
	}
	const pixels = width * height;
	const mp = (value: number) => `${(value / MP).toFixed(2)} MP`;
	if (rules.minPixels !== undefined && pixels < rules.minPixels) {
		return `${entry.label} needs at least ${mp(rules.minPixels)} (e.g. ${rules.presets[0]}); ${text} is ${mp(pixels)}`;
	}
	if (rules.maxPixels !== undefined && pixels > rules.maxPixels) {
		return `${entry.label} allows at most ${mp(rules.maxPixels)}; ${text} is ${mp(pixels)}`;
	}
	const low = Math.min(width, height);
	const high = Math.max(width, height);
	if (rules.minSide !== undefined && low < rules.minSide) {
		return `${entry.label} needs sides of at least ${rules.minSide} pixels`;
	}
	if (rules.maxSide !== undefined && high > rules.maxSide) {
		return `${entry.label} allows sides of at most ${rules.maxSide} pixels`;
	}
	if (rules.maxAspect !== undefined && high / low > rules.maxAspect) {
		return `${entry.label} allows aspect ratios up to 1:${rules.maxAspect}`;
	}
	if (
		rules.multipleOf !== undefined &&
		(width % rules.multipleOf !== 0 || height % rules.multipleOf !== 0)
	) {
		return `${entry.label} needs both sides to be multiples of ${rules.multipleOf}`;
	}
	return undefined;
}

// ---------------------------------------------------------------------------------------------
// Editor helpers (still pure data out)

const OPENAI_ENTRIES = () => MODELS.filter((entry) => entry.backend === 'openai');

/**
 * A regular expression (as text, for n8n's `_cnd.regex` display condition) matching the model ids
 * that have `feature`, and every id the table does not know (those get every option).
 */
export function featurePattern(feature: Feature): string {
	const all = OPENAI_ENTRIES().map((entry) => `(?:${entry.match.source})`);
	const having = OPENAI_ENTRIES()
		.filter((entry) => entry.features.includes(feature))
		.map((entry) => `(?:${entry.match.source})`);
	const unknown = `^(?!${all.join('|')})`;
	return having.length > 0 ? `${having.join('|')}|${unknown}` : unknown;
}

export interface SizeChoice {
	name: string;
	value: string;
	description?: string;
}

function ratioOf(width: number, height: number): string {
	const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
	const divisor = gcd(width, height);
	const w = width / divisor;
	const h = height / divisor;
	// Presets are rounded to multiples of 16: show the nearest common ratio.
	const common = ['1:1', '4:3', '3:4', '16:9', '9:16', '3:2', '2:3', '21:9', '9:21', '7:4', '4:7'];
	const nearest = common
		.map((text) => {
			const [a, b] = text.split(':').map(Number);
			return { text, error: Math.abs(a / b - width / height) };
		})
		.sort((x, y) => x.error - y.error)[0];
	return nearest.error < 0.04 ? nearest.text : `${w}:${h}`;
}

/** Every resolution tier some model of the table takes, smallest first. */
const ALL_RESOLUTIONS = [
	...new Set(
		MODELS.flatMap((model) =>
			model.sizes.forms.includes('resolution') ? (model.sizes.resolutions ?? []) : [],
		),
	),
].sort((a, b) => parseFloat(a) - parseFloat(b));

/** The size dropdown for a model: Model Default, its presets, ratio + resolution, Custom. */
export function sizeChoices(entry: ModelEntry | undefined): SizeChoice[] {
	const choices: SizeChoice[] = [
		{
			name: 'Model Default',
			value: 'default',
			description: 'Send what works for the model on every provider (usually no size)',
		},
	];
	for (const preset of entry?.sizes.presets ?? []) {
		const wh = /^(\d+)x(\d+)$/.exec(preset);
		choices.push({
			name: wh ? `${preset} (${ratioOf(Number(wh[1]), Number(wh[2]))})` : preset,
			value: preset,
		});
	}
	// A model the table does not know (an ID typed By ID, or an expression the editor cannot resolve)
	// gets every model's resolution tiers, so a 2K chosen earlier is not shown as invalid.
	const resolutions = entry
		? entry.sizes.forms.includes('resolution')
			? (entry.sizes.resolutions ?? [])
			: []
		: ALL_RESOLUTIONS;
	for (const resolution of resolutions) {
		choices.push({
			name: entry
				? `${resolution} (the model picks the ratio)`
				: `${resolution} (if the model takes it; it picks the ratio)`,
			value: resolution,
		});
	}
	if (!entry || entry.sizes.forms.includes('ratioFields') || entry.sizes.forms.includes('pixels')) {
		choices.push({
			name: 'Aspect Ratio + Resolution',
			value: 'ratio',
			description: 'Pick a ratio (16:9) and a resolution (2K)',
		});
	}
	choices.push({
		name: 'Custom…',
		value: 'size',
		description: 'Type the size: 2048x2048, 1024*1024, 2K, auto …',
	});
	return choices;
}
