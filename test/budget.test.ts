import { Budget } from '../nodes/Jimeng/money/budget';

const item = (itemIndex: number, images: number, amount?: number, currency = 'CNY') => ({
	itemIndex,
	model: 'm',
	images,
	amount,
	currency,
});

describe('Budget', () => {
	test('refuses a worst case over Max Images, naming the numbers', () => {
		const budget = new Budget({ maxImages: 10 });
		expect(budget.refusal([item(0, 4), item(1, 4), item(2, 4)])).toMatch(
			/up to 12 images \(3 item\(s\), up to 4 each\), more than Max Images per Run \(10\)/,
		);
		expect(budget.refusal([item(0, 4), item(1, 4)])).toBeUndefined();
	});

	test('refuses a worst case over Max Cost, an unpriced model, another currency', () => {
		const budget = new Budget({ maxCost: 1, currency: 'CNY' });
		expect(budget.refusal([item(0, 4, 0.8), item(1, 4, 0.8)])).toMatch(
			/up to 1.6 CNY .*more than Max Cost per Run \(1 CNY\)/,
		);
		expect(budget.refusal([item(0, 1)])).toMatch(/knows no price for the model "m"/);
		expect(budget.refusal([item(0, 1, 0.1, 'USD')])).toMatch(/priced in USD/);
		expect(budget.refusal([item(0, 4, 0.8)])).toBeUndefined();
	});

	test('reserve counts calls in flight; settle replaces the reservation by the real cost', () => {
		const budget = new Budget({ maxCost: 1, currency: 'CNY' });
		expect(budget.reserve(0, { images: 1, amount: 0.4 })).toBe(true);
		expect(budget.reserve(1, { images: 1, amount: 0.4 })).toBe(true);
		expect(budget.reserve(2, { images: 1, amount: 0.4 })).toBe(false);
		budget.settle(0, { images: 1, amount: 0.1 });
		expect(budget.reserve(2, { images: 1, amount: 0.4 })).toBe(true);
		budget.settle(1, { images: 1, amount: 0.9 });
		// 0.1 + 0.9 spent + 0.4 in flight: nothing more fits.
		expect(budget.reserve(3, { images: 0, amount: 0.01 })).toBe(false);
		budget.settle(2);
		expect(budget.spent).toEqual({ images: 3, amount: 1.4 });
	});

	test('without limits it is inactive', () => {
		expect(new Budget({}).active).toBe(false);
	});
});
