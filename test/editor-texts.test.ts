// What the canvas and the panels say about money and about which node is which.
import { billingBasisSentence, DEFAULT_PRICES } from '../nodes/Jimeng/money/pricing';
import { Jimeng } from '../nodes/Jimeng/Jimeng.node';
import { JimengVisual } from '../nodes/Jimeng/JimengVisual.node';

const api = new Jimeng().description;
const visual = new JimengVisual().description;

/** Evaluates a `={{ … }}` subtitle the way the canvas does for plain (non-expression) parameters. */
function subtitleFor(subtitle: string | undefined, parameters: Record<string, unknown>): string {
	const body = /^=\{\{([\s\S]*)\}\}$/.exec(String(subtitle))?.[1];
	if (!body) throw new Error(`not an expression: ${subtitle}`);
	// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- a test evaluates the node's own subtitle text
	return String(new Function('$parameter', `return (${body});`)(parameters));
}

describe('billing notice follows the price table', () => {
	const notice = (d: typeof api) => d.properties.find((p) => p.name === 'billingNotice')?.displayName ?? '';

	test('API-key node: per call for jimeng relays, by tokens for gpt-image, per image for Seedream', () => {
		expect(notice(api)).toContain(billingBasisSentence('openai'));
		expect(notice(api)).toMatch(/jimeng-4\.0 \/ 3\.0 \/ … relay models per call \(4 images each\)/);
		// The editor drops anything that looks like an HTML tag from a notice.
		for (const d of [api, visual]) expect(notice(d)).not.toMatch(/<[a-z][^>]*>/i);
		expect(notice(api)).toMatch(/gpt-image by tokens/);
		expect(notice(api)).toMatch(/Seedream per image/);
		expect(notice(api)).not.toMatch(/^Each call is billed by the provider, per image/);
	});

	test('Volcengine AK/SK node: every priced visual model is per image, and the notice says so', () => {
		const visualEntries = DEFAULT_PRICES.filter((entry) => entry.node === 'visual');
		expect(visualEntries.length).toBeGreaterThan(0);
		expect(visualEntries.every((entry) => entry.price.perImage !== undefined)).toBe(true);
		expect(notice(visual)).toMatch(/^Each call is billed by the provider, per image\. /);
	});

	test('each notice still warns about Retry On Fail', () => {
		for (const d of [api, visual]) expect(notice(d)).toMatch(/"Retry On Fail" setting off/);
	});
});

describe('canvas subtitles name the operation and the model, never another service', () => {
	test('API-key node', () => {
		expect(api.subtitle).not.toMatch(/openai/i);
		expect(subtitleFor(api.subtitle, { operation: 'generate', model: { mode: 'list', value: 'doubao-seedream-4-5-251128' } })).toBe(
			'Generate · doubao-seedream-4-5-251128',
		);
		expect(subtitleFor(api.subtitle, { operation: 'edit', model: { mode: 'id', value: '={{ $json.model }}' } })).toBe('Edit');
		// The canvas may hand the resource locator's value alone.
		expect(subtitleFor(api.subtitle, { operation: 'submitTask', model: 'gpt-image-2' })).toBe('Submit Task · gpt-image-2');
		expect(subtitleFor(api.subtitle, { operation: 'waitForResult' })).toBe('Wait for Result');
	});

	test('Volcengine AK/SK node', () => {
		expect(visual.subtitle).not.toMatch(/openai/i);
		expect(subtitleFor(visual.subtitle, { operation: 'generate', model: 'jimeng_t2i_v40' })).toBe('Generate · Jimeng 4.0');
	});
});
