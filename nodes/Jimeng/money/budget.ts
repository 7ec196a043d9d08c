/**
 * The run's budget: Max Images per Run and Max Cost per Run. Pure: no n8n imports.
 *
 * Before the first paid call, `refusal` checks the worst case of every item. During the run each
 * paid call first `reserve`s its worst case and then `settle`s with what it really cost, so a call
 * is not started once the money spent plus the calls in flight plus its own worst case would pass
 * a limit (real costs can pass their estimate: token usage, a relay's own figure).
 */

export interface BudgetLimits {
	maxImages?: number;
	maxCost?: number;
	/** The currency of maxCost. */
	currency?: string;
}

export interface Spend {
	images: number;
	/** Undefined when no price is known. */
	amount?: number;
	currency?: string;
}

export interface ItemWorstCase extends Spend {
	itemIndex: number;
	model: string;
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;

export class Budget {
	private readonly reserved = new Map<number, Spend>();
	private spentImages = 0;
	private spentAmount = 0;

	constructor(readonly limits: BudgetLimits) {}

	get active(): boolean {
		return this.limits.maxImages !== undefined || this.limits.maxCost !== undefined;
	}

	/** Why the run must not start, in words with the numbers; undefined when it may. */
	refusal(items: ItemWorstCase[]): string | undefined {
		const { maxImages, maxCost, currency } = this.limits;
		if (items.length === 0) return undefined;
		if (maxImages !== undefined) {
			const images = items.reduce((sum, item) => sum + item.images, 0);
			if (images > maxImages) {
				const most = Math.max(...items.map((item) => item.images));
				return `This run can make up to ${images} images (${items.length} item(s), up to ${most} each), more than Max Images per Run (${maxImages}). Nothing was sent.`;
			}
		}
		if (maxCost !== undefined) {
			const unpriced = items.find((item) => item.amount === undefined);
			if (unpriced) {
				return `Max Cost per Run is set, but the node knows no price for the model "${unpriced.model}" (item ${unpriced.itemIndex}), so it cannot bound the cost. Add the model to the credential's Prices, or clear Max Cost per Run. Nothing was sent.`;
			}
			const other = items.find((item) => item.currency !== currency);
			if (other) {
				return `Max Cost per Run is in ${currency}, but the model "${other.model}" (item ${other.itemIndex}) is priced in ${other.currency}. Set the budget's currency to ${other.currency}, or give the model a ${currency} price in the credential's Prices. Nothing was sent.`;
			}
			const total = round(items.reduce((sum, item) => sum + (item.amount ?? 0), 0));
			if (total > maxCost) {
				return `This run can cost up to ${total} ${currency} (${items.length} item(s), worst case), more than Max Cost per Run (${maxCost} ${currency}). Nothing was sent.`;
			}
		}
		return undefined;
	}

	/** Books the worst case of a call about to start; false when it could pass a limit. */
	reserve(itemIndex: number, worst: Spend): boolean {
		const { maxImages, maxCost } = this.limits;
		let images = this.spentImages + worst.images;
		let amount = this.spentAmount + (worst.amount ?? 0);
		for (const held of this.reserved.values()) {
			images += held.images;
			amount += held.amount ?? 0;
		}
		if (maxImages !== undefined && images > maxImages) return false;
		if (maxCost !== undefined && round(amount) > maxCost) return false;
		this.reserved.set(itemIndex, worst);
		return true;
	}

	/** Replaces a call's reservation by what it cost; without `actual` the reservation is kept. */
	settle(itemIndex: number, actual?: Spend): void {
		const held = this.reserved.get(itemIndex);
		this.reserved.delete(itemIndex);
		const spent = actual ?? held;
		if (!spent) return;
		this.spentImages += spent.images;
		// An unknown amount counts as the reservation: the budget never assumes a call was free.
		this.spentAmount += spent.amount ?? held?.amount ?? 0;
	}

	get spent(): { images: number; amount: number } {
		return { images: this.spentImages, amount: round(this.spentAmount) };
	}
}
