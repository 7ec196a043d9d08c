import { checkVisualBody, type VisualBodyLimits } from '../nodes/Jimeng/visual/visualBodyChecks';

const jimeng40: VisualBodyLimits = {
	label: 'Jimeng 4.0',
	promptRequired: true,
	maxPromptChars: 800,
	maxInputImages: 10,
	minPixels: 1024 * 1024,
	maxPixels: 4096 * 4096,
	maxAspect: 16,
	scale: { min: 0, max: 1, integer: false },
};

const good = {
	req_key: 'jimeng_t2i_v40',
	prompt: 'a red apple',
	width: 2048,
	height: 2048,
	scale: 0.5,
	force_single: true,
};

const check = (extra: Record<string, unknown>, limits = jimeng40) =>
	checkVisualBody({ ...good, ...extra }, new Set(Object.keys(extra)), limits);

describe('checkVisualBody: fields from Additional Body Fields, on the body as sent', () => {
	test('nothing from Additional Body Fields: nothing to check', () => {
		expect(checkVisualBody({ prompt: '' }, new Set(), jimeng40)).toBeUndefined();
	});

	test('good overrides pass', () => {
		expect(
			check({
				prompt: '一只红苹果',
				width: 2560,
				height: 1440,
				seed: 42,
				scale: 1,
				image_urls: ['https://example.com/a.png'],
				min_ratio: 0.5,
				max_ratio: 2,
				return_url: true,
			}),
		).toBeUndefined();
	});

	test.each([
		['prompt emptied', { prompt: '  ' }, /prompt \(from Additional Body Fields\) is empty/],
		['prompt not text', { prompt: 5 }, /prompt .* must be text, not 5/],
		['prompt too long', { prompt: '字'.repeat(801) }, /has 801 characters; Jimeng 4.0 takes at most 800/],
		['width not a number', { width: 'abc' }, /width .* must be a whole number, not "abc"/],
		['area too small', { width: 512, height: 512 }, /is 262144 pixels; Jimeng 4.0 needs between 1048576/],
		['area too large', { width: 8192, height: 4096 }, /needs between/],
		['aspect too wide', { width: 16384, height: 1000 }, /beyond 16:1/],
		['size not whole', { size: 1.5 }, /size .* must be a whole number/],
		['size over the area', { size: 4096 * 4096 + 1 }, /size .* must be between 1048576 and 16777216/],
		['scale out of range', { scale: 5 }, /scale .* must be between 0 and 1, not 5/],
		['seed text', { seed: 'abc' }, /seed .* must be a whole number, not "abc"/],
		['force_single text', { force_single: 'no' }, /force_single .* must be true or false/],
		['too many images', { image_urls: Array.from({ length: 11 }, (_, i) => `https://e.com/${i}.png`) }, /at most 10 input images, but .* has 11/],
		['image URL not http', { image_urls: ['ftp://e.com/a.png'] }, /not an http\(s\) URL/],
		['image list not a list', { image_urls: 'https://e.com/a.png' }, /image_urls .* must be a list/],
		['ratios crossed', { min_ratio: 2, max_ratio: 0.5 }, /min_ratio \(2\) is larger than max_ratio \(0.5\)/],
		['ratio out of range', { max_ratio: 20 }, /max_ratio .* must be between/],
	])('%s is refused', (_label, extra, message) => {
		const found = check(extra);
		expect(found?.message).toMatch(message);
		expect(found?.hint).toBeTruthy();
	});

	test('a whole-number scale (Seedream 4.6) is checked by the model’s own range', () => {
		const seedream46 = { ...jimeng40, label: 'Seedream 4.6', scale: { min: 1, max: 100, integer: true } };
		expect(check({ scale: 50 }, seedream46)).toBeUndefined();
		expect(check({ scale: 0.5 }, seedream46)?.message).toMatch(/must be a whole number/);
	});

	test('a prompt is optional where the model does not require one', () => {
		expect(check({ prompt: '' }, { ...jimeng40, promptRequired: false })).toBeUndefined();
	});
});
