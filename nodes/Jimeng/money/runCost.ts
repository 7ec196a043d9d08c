import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { accumulateTokenUsage } from 'n8n-workflow';

import { fail } from '../errors/errors';
import { runCredentials } from '../auth/credentials';
import type { BackendKey } from '../run/backend';
import { Budget, type ItemWorstCase, type Spend } from './budget';
import { findModel, layerImagesAtMost } from '../models/models';
import {
	callCost,
	parsePriceOverrides,
	priceFor,
	roundAmount,
	splitCost,
	worstCase,
	type CallPlan,
	type Cost,
	type CostUnits,
	type PriceOverrides,
} from './pricing';

// Cost on every output item, run totals in the execution's custom data, and the budget guard.
// The router calls: start → plan (per item, before any paid call) → check → begin/finish per call
// → writeTotals.

export const budgetOptions: INodeProperties[] = [
	{
		displayName: 'Max Images per Run',
		name: 'maxImagesPerRun',
		type: 'number',
		typeOptions: { minValue: 1, numberPrecision: 0 },
		default: 100,
		description:
			'Refuse the run before any paid call if all items together could make more images than this, and start no call that could pass it. Counts the most images the settings allow (Jimeng on hingnet: 4 per call; group images and the visual API without Force Single: their documented maximum).',
	},
	{
		displayName: 'Max Cost per Run',
		name: 'maxCostPerRun',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 4 },
		default: 10,
		description:
			'Refuse the run before any paid call if its worst-case cost passes this, and start no call once the money spent could pass it. Uses the prices in "What will this cost?" of the README or the credential\'s Prices.',
	},
	{
		displayName: 'Max Cost Currency',
		name: 'maxCostCurrency',
		type: 'options',
		options: [
			{ name: 'CNY (¥)', value: 'CNY' },
			{ name: 'USD ($)', value: 'USD' },
		],
		default: 'CNY',
		description: 'The currency of Max Cost per Run; models priced in another currency are refused',
	},
];

/** Custom data keys (letters, digits and underscores; n8n keeps at most 10 per execution). */
const KEY = {
	images: 'jimeng_images',
	cost: (currency: string) => `jimeng_cost_${currency}`,
	estimated: 'jimeng_cost_estimated',
	notStarted: 'jimeng_not_started',
};

type Json = Record<string, unknown>;

/** A field of a JSON body or of a multipart form. */
function field(body: unknown, name: string): unknown {
	if (body instanceof FormData) return body.get(name) ?? undefined;
	return body && typeof body === 'object' ? (body as Json)[name] : undefined;
}

const count = (value: unknown) => (Array.isArray(value) ? value.length : value ? 1 : 0);

/** When the table does not know a model: the largest inputs + outputs any model documents. */
const DOCUMENTED_MAX_TOTAL = 15;
/** When the table does not know a model's layers: the most any model documents (Seedream 5.5), + base. */
const DOCUMENTED_MAX_LAYERS = 100;

/**
 * What a prepared paid call can make at most, read from the request it will send and the model's
 * limits in the capability table; undefined for operations that send no paid call (Wait for Result).
 */
export function planOf(prepared: unknown): CallPlan | undefined {
	const request = (prepared ?? {}) as Json;
	const body = request.body;
	if (!body) return undefined;
	if (typeof request.reqKey === 'string') {
		const entry = findModel(request.reqKey, 'volcengine');
		const inputs = count(field(body, 'image_urls')) + count(field(body, 'binary_data_base64'));
		// Unknown req_keys count as able to return several images: the worst case must not be low.
		const total = entry ? entry.maxTotalImages : DOCUMENTED_MAX_TOTAL;
		const several = field(body, 'force_single') !== true && total !== undefined;
		return { model: request.reqKey, maxImages: several ? Math.max(1, total - inputs) : 1 };
	}
	const params = (request.params ?? {}) as Json;
	const model = String(field(body, 'model') ?? params.model ?? '');
	const entry = findModel(model, 'openai');
	let maxImages = Number(field(body, 'n') ?? 1) || 1;
	if (field(body, 'sequential_image_generation') === 'auto') {
		const group = (field(body, 'sequential_image_generation_options') ?? {}) as Json;
		const inputs = count(field(body, 'image')) + count(field(body, 'images'));
		const room = (entry?.maxTotalImages ?? DOCUMENTED_MAX_TOTAL) - inputs;
		maxImages = Number(group.max_images ?? Math.min(entry?.maxGroupImages ?? room, room));
	}
	// One layer decomposition answers with the base image and up to every layer the model makes.
	const layerField = field(body, 'layer_decomposition');
	if (layerField === true || layerField === 'true') {
		maxImages = Math.max(maxImages, layerImagesAtMost(entry) ?? DOCUMENTED_MAX_LAYERS);
	}
	const size = /^(\d+)x(\d+)$/i.exec(String(field(body, 'size') ?? ''));
	const quality = field(body, 'quality');
	return {
		model,
		maxImages: Math.max(1, maxImages),
		quality: typeof quality === 'string' ? quality : undefined,
		pixels: size ? Number(size[1]) * Number(size[2]) : undefined,
	};
}

function readLimit(ctx: IExecuteFunctions, options: IDataObject, name: string, label: string) {
	if (options[name] === undefined || options[name] === null || options[name] === '')
		return undefined;
	const value = Number(options[name]);
	if (!Number.isFinite(value) || value < 0) {
		fail(ctx, 0, `${label} must be a number of at least 0`, `It is ${String(options[name])}.`);
	}
	return value;
}

/** The upstream's own figure, when its answer carried one (some relays do). */
function upstreamCostOf(json: Json): { amount: number; currency?: string } | undefined {
	const stated = json.upstreamCost as Json | undefined;
	if (!stated || typeof stated.amount !== 'number') return undefined;
	return {
		amount: stated.amount,
		currency: typeof stated.currency === 'string' ? stated.currency : undefined,
	};
}

/**
 * Hands a call's tokens to n8n (its own usage views read them from the node's run metadata), once
 * per paid call. `accumulateTokenUsage` came with n8n-workflow 2.40: older n8n versions skip it.
 */
function reportTokenUsage(ctx: IExecuteFunctions, units: CostUnits): void {
	if (units.inputTokens === undefined && units.outputTokens === undefined) return;
	if (typeof accumulateTokenUsage !== 'function') return;
	accumulateTokenUsage(ctx, units.inputTokens ?? 0, units.outputTokens ?? 0);
}

/** The money of a run: prices, budget, totals. One per node execution. */
export class RunCost {
	private readonly plans = new Map<number, ItemWorstCase>();
	private readonly totals = { images: 0, amounts: new Map<string, number>(), estimated: false };
	private readonly notStarted: number[] = [];

	private constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly prices: PriceOverrides,
		private readonly budget: Budget,
	) {}

	/** Reads and checks the credential's Prices and the budget options; nothing is sent. */
	static async start(ctx: IExecuteFunctions, backend: BackendKey): Promise<RunCost> {
		const options = (ctx.getNodeParameter('options', 0, {}) ?? {}) as IDataObject;
		const budget = new Budget({
			maxImages: readLimit(ctx, options, 'maxImagesPerRun', 'Max Images per Run'),
			maxCost: readLimit(ctx, options, 'maxCostPerRun', 'Max Cost per Run'),
			currency: String(options.maxCostCurrency ?? 'CNY'),
		});
		let raw: unknown;
		try {
			raw = (await runCredentials(ctx, backend))?.prices;
		} catch {
			// No credential: the operation itself reports that, with its own words.
		}
		const { prices, problem } = parsePriceOverrides(raw);
		if (problem || !prices) {
			fail(
				ctx,
				0,
				`The credential's Prices field is not valid: ${problem}`,
				'Example: {"jimeng-4.0": {"perCall": 0.8, "imagesPerCall": 4, "currency": "CNY"}, "my-model-*": {"perImage": 0.2, "currency": "CNY"}}. Nothing was sent.',
			);
		}
		return new RunCost(ctx, prices, budget);
	}

	/** Notes the worst case of an item's prepared request (before any paid call). */
	plan(itemIndex: number, prepared: unknown): void {
		const plan = planOf(prepared);
		if (!plan) return;
		const worst = worstCase(plan, priceFor(plan.model, this.prices));
		this.plans.set(itemIndex, { itemIndex, model: plan.model, ...worst });
	}

	/** Refuses the run, before the first paid call, when its worst case passes a limit. */
	check(): void {
		if (!this.budget.active) return;
		const refusal = this.budget.refusal([...this.plans.values()]);
		if (refusal) {
			fail(this.ctx, 0, 'The run would pass its budget', refusal);
		}
	}

	/** Whether the item's paid call may start; false means the budget stops it. */
	begin(itemIndex: number): boolean {
		const worst = this.plans.get(itemIndex);
		if (!worst || !this.budget.active) return true;
		if (this.budget.reserve(itemIndex, worst)) return true;
		this.notStarted.push(itemIndex);
		return false;
	}

	/** The item put out in place of a call the budget did not start. */
	notStartedItem(itemIndex: number): INodeExecutionData {
		const { spent, limits } = this.budget;
		return {
			json: {
				notStarted: true,
				error: `Not started: the budget of this run is reached (spent ${spent.images} image(s)${limits.maxCost !== undefined ? `, ${spent.amount} ${limits.currency}` : ''}; Max Images per Run ${limits.maxImages ?? '–'}, Max Cost per Run ${limits.maxCost ?? '–'}${limits.maxCost !== undefined ? ` ${limits.currency}` : ''}). Nothing was sent for this item.`,
			},
			pairedItem: { item: itemIndex },
		};
	}

	/**
	 * Puts the cost on a finished call's items (spread so they add up to the call's cost), settles
	 * the budget and adds to the run totals. Error items that carry URLs were paid for, too.
	 */
	finish(itemIndex: number, items: INodeExecutionData[]): void {
		const images = items.filter((item) => item.json.index !== undefined || item.json.urls);
		if (images.length === 0) {
			this.budget.settle(itemIndex);
			return;
		}
		const first = images[0].json as Json;
		const model = String(first.model ?? first.reqKey ?? '');
		const billed = images.reduce((sum, { json }) => {
			if (Array.isArray(json.urls)) return sum + json.urls.length;
			return sum + (json.error === undefined || json.url || json.reqKey ? 1 : 0);
		}, 0);
		const cost = callCost(
			{
				images: billed,
				usage: first.usage as Json | undefined,
				upstreamCost: upstreamCostOf(first),
			},
			priceFor(model, this.prices),
		);
		splitCost(cost, images.length).forEach((share, position) => {
			const json = images[position].json;
			delete json.upstreamCost;
			json.cost = share as unknown as IDataObject;
		});
		reportTokenUsage(this.ctx, cost.units);
		this.budget.settle(itemIndex, {
			images: cost.units.images,
			amount: cost.amount,
			currency: cost.currency,
		});
		this.add(cost);
	}

	private add(cost: Cost): void {
		this.totals.images += cost.units.images;
		if (cost.amount !== undefined && cost.currency) {
			const sum = (this.totals.amounts.get(cost.currency) ?? 0) + cost.amount;
			this.totals.amounts.set(cost.currency, roundAmount(sum));
			if (cost.estimated) this.totals.estimated = true;
		}
	}

	/**
	 * Adds this run's totals to the execution's custom data ($execution.customData), on top of what
	 * earlier runs of Jimeng nodes in the same execution wrote, and logs what was not started.
	 */
	writeTotals(): void {
		if (this.notStarted.length > 0) {
			this.ctx.logger.warn(
				`Jimeng: the budget stopped ${this.notStarted.length} item(s) before their paid call: ${this.notStarted.sort((a, b) => a - b).join(', ')}`,
			);
		}
		if (this.totals.images === 0 && this.notStarted.length === 0) return;
		// The log shows the totals in every n8n edition (the Executions list filter needs a plan).
		const amounts = [...this.totals.amounts].map(([currency, amount]) => `${amount} ${currency}`);
		this.ctx.logger.info(
			`Jimeng: this run made ${this.totals.images} image(s)${amounts.length ? `, cost ${amounts.join(' + ')}${this.totals.estimated ? ' (estimated)' : ''}` : ''}${this.notStarted.length ? `; ${this.notStarted.length} item(s) not started (budget)` : ''}`,
		);
		let data: IExecuteFunctions['customData'];
		try {
			data = this.ctx.customData;
		} catch {
			return; // Not in a workflow execution (e.g. a partial test context): nothing to write to.
		}
		const previous = (key: string) => Number(data.get(key) ?? 0) || 0;
		const values: Record<string, string> = {
			[KEY.images]: String(previous(KEY.images) + this.totals.images),
		};
		for (const [currency, amount] of this.totals.amounts) {
			values[KEY.cost(currency)] = String(roundAmount(previous(KEY.cost(currency)) + amount));
		}
		if (this.totals.amounts.size > 0) {
			values[KEY.estimated] = String(this.totals.estimated || data.get(KEY.estimated) === 'true');
		}
		if (this.notStarted.length > 0) {
			values[KEY.notStarted] = String(previous(KEY.notStarted) + this.notStarted.length);
		}
		data.setAll(values);
	}

	/** For tests and logs: the spend settled so far. */
	get spent(): Spend {
		return { images: this.budget.spent.images, amount: this.budget.spent.amount };
	}
}
