import { describeUnsaved, paidResultOf } from '../nodes/Jimeng/money/paidResults';

describe('paid results a failing run leaves out', () => {
	test('collects URLs, task ids with their model, and inline images per item', () => {
		expect(
			paidResultOf(0, [{ url: 'https://cdn/a.png', model: 'm' }, { url: 'https://cdn/b.png' }]),
		).toEqual({
			itemIndex: 0,
			urls: ['https://cdn/a.png', 'https://cdn/b.png'],
			inlineImages: 0,
		});
		expect(
			paidResultOf(3, [{ taskId: '7392', reqKey: 'jimeng_t2i_v40', url: 'https://x/1' }]),
		).toMatchObject({
			taskId: '7392',
			reqKey: 'jimeng_t2i_v40',
			urls: ['https://x/1'],
		});
		expect(paidResultOf(4, [{ index: 0, model: 'm' }])?.inlineImages).toBe(1);
		expect(paidResultOf(5, [{ error: 'refused' }])).toBeUndefined();
		expect(paidResultOf(6, [{ urls: ['https://cdn/c.png'] }])?.urls).toEqual(['https://cdn/c.png']);
	});

	test('the text names each item in order, the 24 h expiry and how to resume a task', () => {
		const text = describeUnsaved([
			{ itemIndex: 4, urls: [], taskId: '99', reqKey: 'jimeng_t2i_v40', inlineImages: 0 },
			{ itemIndex: 1, urls: ['https://cdn/a.png'], inlineImages: 0 },
			{ itemIndex: 2, urls: [], inlineImages: 2 },
		]);
		const lines = text.split('\n');
		expect(lines[0]).toMatch(/24 hours/);
		expect(lines[1]).toBe('- item 1: image URL(s): https://cdn/a.png');
		expect(lines[2]).toMatch(/^- item 2: 2 image\(s\) returned inline/);
		expect(lines[3]).toMatch(
			/^- item 4: Volcengine task 99 \(model jimeng_t2i_v40\).*Wait for Result/,
		);
		expect(describeUnsaved([])).toBe('');
	});

	test('a relay task says how to fetch it with the API-key node; one without a poll path points at the console', () => {
		const text = describeUnsaved([
			paidResultOf(1, [{ taskId: 'imgtask_ab12', pollPath: '/v1/images/tasks/imgtask_ab12', relayDialect: 'sub2api', status: 'processing' }])!,
			paidResultOf(2, [{ taskId: 'task_01K9', model: 'm', status: 'submitted' }])!,
			paidResultOf(3, [{ taskId: 'task_01KA', index: 0, model: 'm', url: 'https://cdn/c.png' }])!,
		]);
		expect(text).toContain(
			'- item 1: relay task imgtask_ab12: get its images with the Wait for Result operation of the API-key node (Task ID imgtask_ab12, Poll Path /v1/images/tasks/imgtask_ab12)',
		);
		expect(text).toContain("- item 2: relay task task_01K9: find its images in the relay's console");
		expect(text).toContain('- item 3: image URL(s): https://cdn/c.png');
		expect(text).not.toMatch(/Volcengine/);
	});
});
