import {
	MAX_SIDE,
	parseRatio,
	parseResolution,
	parseSize,
	ratioResolutionToPixels,
} from '../nodes/Jimeng/images/imageSize';

describe('parseSize', () => {
	test.each([
		['1024x1024', { kind: 'pixels', width: 1024, height: 1024, value: '1024x1024' }],
		['1792X1024', { kind: 'pixels', width: 1792, height: 1024, value: '1792x1024' }],
		['1024×1536', { kind: 'pixels', width: 1024, height: 1536, value: '1024x1536' }],
		[' 2048 * 2048 ', { kind: 'pixels', width: 2048, height: 2048, value: '2048*2048' }],
		['1024*1024', { kind: 'pixels', width: 1024, height: 1024, value: '1024*1024' }],
		['2K', { kind: 'resolution', resolution: '2K', value: '2K' }],
		['4k', { kind: 'resolution', resolution: '4K', value: '4K' }],
		['1K', { kind: 'resolution', resolution: '1K', value: '1K' }],
		['1.5k', { kind: 'resolution', resolution: '1.5K', value: '1.5K' }],
		[' 1.5 K', { kind: 'resolution', resolution: '1.5K', value: '1.5K' }],
		['auto', { kind: 'auto', value: 'auto' }],
		['AUTO', { kind: 'auto', value: 'auto' }],
		['adaptive', { kind: 'adaptive', value: 'adaptive' }],
		['16:9', { kind: 'ratio', ratio: { width: 16, height: 9 }, value: '16:9' }],
	])('%s', (input, expected) => {
		expect(parseSize(input)).toEqual(expected);
	});

	test.each([
		'',
		'   ',
		'big',
		'1024',
		'1024x',
		'x1024',
		'5K',
		'8K',
		'1024x1024x3',
		'0x1024',
		'1024-1024',
		'-1x5',
		'1.5x2',
		'20:1',
	])('rejects %p', (input) => {
		expect(parseSize(input)).toBeUndefined();
	});

	test('rejects sides beyond the limit', () => {
		expect(parseSize(`${MAX_SIDE}x${MAX_SIDE}`)).toBeDefined();
		expect(parseSize(`${MAX_SIDE + 1}x1024`)).toBeUndefined();
	});
});

describe('ratio and resolution', () => {
	test('parse', () => {
		expect(parseResolution('2k')).toBe('2K');
		expect(parseResolution(' 4K ')).toBe('4K');
		// 3K: Seedream 5.0 Lite's size keyword.
		expect(parseResolution('3k')).toBe('3K');
		expect(parseResolution('5k')).toBeUndefined();
		expect(parseRatio('21:9')).toEqual({ width: 21, height: 9 });
		expect(parseRatio('0:1')).toBeUndefined();
		expect(parseRatio('16/9')).toBeUndefined();
	});

	test.each([
		['1:1', '2K', 2048, 2048],
		['16:9', '2K', 2560, 1440],
		['16:9', '4K', 5120, 2880],
		['4:3', '1K', 1152, 864],
		['1:1', '1.5K', 1536, 1536],
		['9:16', '1K', 720, 1280],
		['4:3', '4K', 4608, 3456],
		['21:9', '2K', 3024, 1296],
		['1:1', '4K', 4096, 4096],
	] as const)('preset %s at %s is %ix%i', (ratio, resolution, width, height) => {
		expect(ratioResolutionToPixels(parseRatio(ratio)!, resolution)).toEqual({ width, height });
	});

	test('other ratios keep the square area, sides rounded to 16', () => {
		const { width, height } = ratioResolutionToPixels({ width: 5, height: 4 }, '2K');
		expect(width % 16).toBe(0);
		expect(height % 16).toBe(0);
		expect(width / height).toBeCloseTo(1.25, 1);
		expect(Math.abs(width * height - 2048 * 2048) / (2048 * 2048)).toBeLessThan(0.02);
	});
});
