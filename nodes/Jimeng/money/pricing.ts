/**
 * What an image costs, as data, and the cost maths. Pure: no n8n imports.
 *
 * Every default price names where it was read and when. A model without a price here (or in the
 * credential's *Prices*) gets no amount: the node never guesses a price.
 */

/** Per million tokens, for models billed on tokens (gpt-image). */
export interface TokenRates {
	textInput: number;
	cachedTextInput?: number;
	imageInput?: number;
	output: number;
}

export interface Price {
	/** ISO 4217 code: CNY, USD… */
	currency: string;
	perImage?: number;
	perCall?: number;
	perMillionTokens?: TokenRates;
	/** A per-call price that always returns this many images (hingnet's Jimeng models: 4). */
	imagesPerCall?: number;
	/**
	 * For token-priced models: the provider's own per-image estimate by quality, for a 1536x1024
	 * image or smaller. Only the budget guard's worst case uses it; real costs use the tokens.
	 */
	estimatePerImage?: Record<string, number>;
	/** Where the price was read, and the date. */
	source: string;
}

interface PriceEntry {
	match: RegExp;
	price: Price;
	/** Which node bills it (`openai`: the API-key node; `visual`: the Volcengine AK/SK node). */
	node: 'openai' | 'visual';
	/** The models, as the billing notice names them. */
	family: string;
}

const HINGNET_GPT_IMAGE =
	'hingnet gpt-image-2 docs (docs.hingnet.com.cn, "计费"), read 2026-12-03; relay price, OpenAI-compatible token billing';
const BYTEPLUS =
	'BytePlus ModelArk USD list price per image, 2026-06, as quoted by gogogotoken.ai and xavier docs (2nd-hand), read 2026-12-03';
const VISUAL =
	'Volcengine visual API pricing page dated 2026-03-31 (Jimeng docs at volcengine.com/docs/85621/1817045), read 2026-12-03';

/** Default prices; the first entry whose pattern matches the whole model id wins. */
export const DEFAULT_PRICES: readonly PriceEntry[] = [
	{
		match: /^jimeng-(\d+(\.\d+)?|agent)$/,
		node: 'openai',
		family: 'jimeng-4.0 / 3.0 / … relay models',
		price: {
			currency: 'CNY',
			perCall: 0.8,
			imagesPerCall: 4,
			source:
				'hingnet Jimeng docs (docs.hingnet.com.cn: "按次计费（0.8 RMB/次）并固定生成 4 张图片"), read 2026-12-03',
		},
	},
	{
		match: /^gpt-image-2/,
		node: 'openai',
		family: 'gpt-image',
		price: {
			currency: 'USD',
			perMillionTokens: { textInput: 5, cachedTextInput: 1.25, imageInput: 8, output: 30 },
			estimatePerImage: { low: 0.006, medium: 0.053, high: 0.211 },
			source: HINGNET_GPT_IMAGE,
		},
	},
	{ match: /^seedream-4-0-\d+$/, node: 'openai', family: 'Seedream', price: { currency: 'USD', perImage: 0.03, source: BYTEPLUS } },
	{ match: /^seedream-4-5-\d+$/, node: 'openai', family: 'Seedream', price: { currency: 'USD', perImage: 0.04, source: BYTEPLUS } },
	{ match: /^seedream-5-0-\d+$/, node: 'openai', family: 'Seedream', price: { currency: 'USD', perImage: 0.035, source: BYTEPLUS } },
	{ match: /^jimeng_t2i_v40$/, node: 'visual', family: 'Jimeng 4.0', price: { currency: 'CNY', perImage: 0.22, source: VISUAL } },
	{
		match: /^jimeng_image2image_dream_inpaint$/,
		node: 'visual',
		family: 'Inpainting',
		price: { currency: 'CNY', perImage: 0.2, source: `${VISUAL}; 2nd-hand` },
	},
	{
		match: /^jimeng_i2i_seed3_tilesr_cvtob$/,
		node: 'visual',
		family: 'Upscale',
		price: { currency: 'CNY', perImage: 0.4, source: `${VISUAL}; 2nd-hand` },
	},
];

/** How a price is counted, in the words of the billing notice. */
function basisOf(price: Price): string {
	if (price.perCall !== undefined) {
		return price.imagesPerCall ? `per call (${price.imagesPerCall} images each)` : 'per call';
	}
	if (price.perMillionTokens) return 'by tokens';
	return 'per image';
}

/**
 * The billing notice's sentence for one node, read from the table above so that it says what the
 * node prices: "jimeng-4.0 / 3.0 / … relay models per call (4 images each), gpt-image by tokens, …".
 */
export function billingBasisSentence(node: PriceEntry['node']): string {
	const byFamily = new Map<string, string>();
	for (const entry of DEFAULT_PRICES) {
		if (entry.node === node && !byFamily.has(entry.family)) byFamily.set(entry.family, basisOf(entry.price));
	}
	const bases = new Set(byFamily.values());
	if (bases.size === 1) return `Each call is billed by the provider, ${[...bases][0]}.`;
	const parts = [...byFamily].map(([family, basis]) => `${family} ${basis}`);
	return `Each call is billed by the provider: ${parts.join(', ')}; other models as their provider bills them.`;
}

export interface PriceFound {
	price: Price;
	/** `credential` for the user's own price, else the table's source. */
	priceSource: string;
}

/** User prices from the credential: model id (or a pattern with `*`) → price. */
export type PriceOverrides = Record<string, Price>;

function wildcard(pattern: string): RegExp {
	const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
	return new RegExp(`^${escaped}$`, 'i');
}

/** The price of a model: the credential's exact id, then its patterns, then the table. */
export function priceFor(model: string, overrides: PriceOverrides = {}): PriceFound | undefined {
	const id = model.trim();
	const exact = Object.keys(overrides).find((key) => key.toLowerCase() === id.toLowerCase());
	const key = exact ?? Object.keys(overrides).find((k) => k.includes('*') && wildcard(k).test(id));
	if (key) return { price: overrides[key], priceSource: 'credential' };
	const entry = DEFAULT_PRICES.find((candidate) => candidate.match.test(id.toLowerCase()));
	return entry ? { price: entry.price, priceSource: entry.price.source } : undefined;
}

const isAmount = (value: unknown) =>
	typeof value === 'number' && Number.isFinite(value) && value >= 0;

/**
 * Reads the credential's *Prices* JSON. Answers the problem in words rather than throwing, so the
 * caller can name the field.
 */
export function parsePriceOverrides(raw: unknown): { prices?: PriceOverrides; problem?: string } {
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
		return { prices: {} };
	}
	let value: unknown = raw;
	if (typeof raw === 'string') {
		try {
			value = JSON.parse(raw);
		} catch (error) {
			return { problem: `it is not valid JSON (${(error as Error).message})` };
		}
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		return { problem: 'it must be a JSON object of model id → price' };
	}
	const prices: PriceOverrides = {};
	for (const [model, entry] of Object.entries(value as Record<string, unknown>)) {
		const e = (entry ?? {}) as Record<string, unknown>;
		const where = `the price of "${model}"`;
		if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
			return { problem: `${where} must be an object like {"perImage": 0.2, "currency": "CNY"}` };
		}
		if (typeof e.currency !== 'string' || !/^[A-Za-z]{3}$/.test(e.currency)) {
			return { problem: `${where} needs "currency", a 3-letter code like "CNY" or "USD"` };
		}
		const kinds = ['perImage', 'perCall', 'perMillionTokens'].filter((k) => e[k] !== undefined);
		if (kinds.length !== 1) {
			return { problem: `${where} needs exactly one of "perImage", "perCall", "perMillionTokens"` };
		}
		const price: Price = { currency: e.currency.toUpperCase(), source: 'credential' };
		if (e.perImage !== undefined) {
			if (!isAmount(e.perImage)) return { problem: `${where}: "perImage" must be a number ≥ 0` };
			price.perImage = e.perImage as number;
		}
		if (e.perCall !== undefined) {
			if (!isAmount(e.perCall)) return { problem: `${where}: "perCall" must be a number ≥ 0` };
			price.perCall = e.perCall as number;
		}
		if (e.imagesPerCall !== undefined) {
			if (!Number.isInteger(e.imagesPerCall) || (e.imagesPerCall as number) < 1) {
				return { problem: `${where}: "imagesPerCall" must be a whole number ≥ 1` };
			}
			price.imagesPerCall = e.imagesPerCall as number;
		}
		if (e.perMillionTokens !== undefined) {
			const rates = e.perMillionTokens as Record<string, unknown>;
			const names = ['textInput', 'cachedTextInput', 'imageInput', 'output'];
			if (
				typeof rates !== 'object' ||
				rates === null ||
				!isAmount(rates.textInput) ||
				!isAmount(rates.output) ||
				Object.keys(rates).some((k) => !names.includes(k) || !isAmount(rates[k]))
			) {
				return {
					problem: `${where}: "perMillionTokens" must be like {"textInput": 5, "imageInput": 8, "output": 30} (numbers ≥ 0; textInput and output required)`,
				};
			}
			price.perMillionTokens = rates as unknown as TokenRates;
		}
		prices[model] = price;
	}
	return { prices };
}

// ---------------------------------------------------------------------------------------------
// Cost of a call

export interface CostUnits {
	images: number;
	calls?: number;
	inputTokens?: number;
	outputTokens?: number;
}

export interface Cost {
	amount?: number;
	currency?: string;
	/** What the amount was computed from. */
	basis: 'upstream' | 'image' | 'call' | 'tokens' | 'none';
	units: CostUnits;
	/** false only when the upstream stated the cost itself. */
	estimated: boolean;
	priceSource?: string;
}

/** What one paid call consumed, as read from its answer. */
export interface CallFacts {
	/** Images the call produced (and was billed for). */
	images: number;
	usage?: Record<string, unknown>;
	/** A cost the upstream put in its answer. */
	upstreamCost?: { amount: number; currency?: string };
}

/** Six decimals: below any currency's smallest unit, free of float noise. */
export const roundAmount = (value: number) => Math.round(value * 1e6) / 1e6;

const num = (value: unknown) =>
	typeof value === 'number' && Number.isFinite(value) ? value : undefined;

function tokenUnits(usage: Record<string, unknown> | undefined) {
	if (!usage) return {};
	const details = (usage.input_tokens_details ?? {}) as Record<string, unknown>;
	return {
		input: num(usage.input_tokens),
		text: num(details.text_tokens),
		image: num(details.image_tokens),
		cached: num(details.cached_tokens),
		output: num(usage.output_tokens),
	};
}

/**
 * The cost of one call. Order of truth: the upstream's own figure; else usage × price; else no
 * amount, but the units consumed.
 */
export function callCost(facts: CallFacts, found: PriceFound | undefined): Cost {
	const generated = num(facts.usage?.generated_images);
	const images = generated ?? facts.images;
	const tokens = tokenUnits(facts.usage);
	const units: CostUnits = { images, calls: 1 };
	if (tokens.input !== undefined) units.inputTokens = tokens.input;
	if (tokens.output !== undefined) units.outputTokens = tokens.output;

	if (facts.upstreamCost) {
		return {
			amount: roundAmount(facts.upstreamCost.amount),
			currency: facts.upstreamCost.currency ?? found?.price.currency,
			basis: 'upstream',
			units,
			estimated: false,
			priceSource: 'upstream',
		};
	}
	const none: Cost = { basis: 'none', units, estimated: true };
	if (!found) return none;
	const { price, priceSource } = found;
	const priced = (amount: number, basis: Cost['basis']): Cost => ({
		amount: roundAmount(amount),
		currency: price.currency,
		basis,
		units,
		estimated: true,
		priceSource,
	});
	if (price.perCall !== undefined) return priced(price.perCall, 'call');
	if (price.perImage !== undefined) return priced(price.perImage * images, 'image');
	const rates = price.perMillionTokens;
	if (rates && tokens.output !== undefined && tokens.input !== undefined) {
		const cached = tokens.cached ?? 0;
		const image = tokens.image ?? 0;
		const text = (tokens.text ?? tokens.input - image) - cached;
		const amount =
			text * rates.textInput +
			cached * (rates.cachedTextInput ?? rates.textInput) +
			image * (rates.imageInput ?? rates.textInput) +
			tokens.output * rates.output;
		return priced(amount / 1e6, 'tokens');
	}
	return none;
}

/** `total` in `parts` shares of six decimals that add up to `total` exactly (the last takes the rest). */
function shares(total: number, parts: number): number[] {
	const each = roundAmount(total / parts);
	return Array.from({ length: parts }, (_, i) =>
		i === parts - 1 ? roundAmount(total - each * (parts - 1)) : each,
	);
}

/**
 * Spreads a call's cost over its output items so that, summed over the items, the amount, the calls and
 * the tokens are exactly the call's (the last share takes the rounding rest). Images are whole: one per
 * item, any surplus on the last.
 */
export function splitCost(cost: Cost, parts: number): Cost[] {
	if (parts <= 0) return [];
	const { images, calls, inputTokens, outputTokens } = cost.units;
	const spread = (total: number | undefined) => (total === undefined ? undefined : shares(total, parts));
	const amounts = spread(cost.amount);
	const callShares = spread(calls);
	const inputShares = spread(inputTokens);
	const outputShares = spread(outputTokens);
	return Array.from({ length: parts }, (_, i) => {
		const units: CostUnits = { ...cost.units, images: i < images ? 1 : 0 };
		if (i === parts - 1 && images > parts) units.images = images - (parts - 1);
		if (callShares) units.calls = callShares[i];
		if (inputShares) units.inputTokens = inputShares[i];
		if (outputShares) units.outputTokens = outputShares[i];
		const share: Cost = { ...cost, units };
		if (amounts) share.amount = amounts[i];
		return share;
	});
}

// ---------------------------------------------------------------------------------------------
// Worst case, for the budget guard

export interface CallPlan {
	model: string;
	/** The most images the chosen settings can return. */
	maxImages: number;
	quality?: string;
	/** Pixels of one image, when the size is known. */
	pixels?: number;
}

const ESTIMATE_PIXELS = 1536 * 1024;

/** The most one call can cost; no amount when the price cannot bound it. */
export function worstCase(
	plan: CallPlan,
	found: PriceFound | undefined,
): { images: number; amount?: number; currency?: string } {
	const price = found?.price;
	const images =
		price?.perCall !== undefined && price.imagesPerCall ? price.imagesPerCall : plan.maxImages;
	if (!price) return { images };
	const priced = (amount: number) => ({
		images,
		amount: roundAmount(amount),
		currency: price.currency,
	});
	if (price.perCall !== undefined) return priced(price.perCall);
	if (price.perImage !== undefined) return priced(price.perImage * images);
	if (price.estimatePerImage) {
		const table = price.estimatePerImage;
		const perImage =
			plan.quality && table[plan.quality] !== undefined
				? table[plan.quality]
				: Math.max(...Object.values(table));
		const scale = plan.pixels ? Math.max(1, plan.pixels / ESTIMATE_PIXELS) : 1;
		return priced(perImage * scale * images);
	}
	return { images };
}

/**
 * A cost the upstream stated in its answer (some relays do, e.g. APIMart): `cost` as a number or
 * `{amount, currency}`, at the top level or in `usage`; a top-level `currency` names its currency.
 */
export function statedCost(answer: unknown): { amount: number; currency?: string } | undefined {
	if (!answer || typeof answer !== 'object') return undefined;
	const record = answer as Record<string, unknown>;
	const usage = (record.usage ?? {}) as Record<string, unknown>;
	const raw = record.cost ?? usage.cost;
	const currencyOf = (value: unknown) =>
		typeof value === 'string' && /^[A-Za-z]{3}$/.test(value) ? value.toUpperCase() : undefined;
	if (typeof raw === 'number' && Number.isFinite(raw) && raw >= 0) {
		const currency = currencyOf(record.currency ?? usage.currency);
		return currency ? { amount: raw, currency } : { amount: raw };
	}
	if (raw && typeof raw === 'object') {
		const amount = (raw as Record<string, unknown>).amount;
		if (typeof amount === 'number' && Number.isFinite(amount) && amount >= 0) {
			const currency = currencyOf((raw as Record<string, unknown>).currency ?? record.currency);
			return currency ? { amount, currency } : { amount };
		}
	}
	return undefined;
}
