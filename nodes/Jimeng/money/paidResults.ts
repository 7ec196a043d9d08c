/**
 * What a failing run would throw away: the paid results of its items, listed so the user can keep
 * them (image URLs, Volcengine task ids to resume). Pure: works on plain JSON.
 */

export interface PaidResult {
	itemIndex: number;
	urls: string[];
	taskId?: string;
	reqKey?: string;
	/** A relay task (API-key node): where Wait for Result polls it. */
	pollPath?: string;
	/** Images that came back inline (b64_json): nothing to fetch again. */
	inlineImages: number;
}

type Json = Record<string, unknown>;

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** Collects the paid results of one item from its output items' JSON (or an error's resume JSON). */
export function paidResultOf(itemIndex: number, jsons: Json[]): PaidResult | undefined {
	const result: PaidResult = { itemIndex, urls: [], inlineImages: 0 };
	for (const json of jsons) {
		const url = text(json.url);
		if (url && !result.urls.includes(url)) result.urls.push(url);
		for (const listed of Array.isArray(json.urls) ? json.urls : []) {
			if (text(listed) && !result.urls.includes(listed as string))
				result.urls.push(listed as string);
		}
		result.taskId ??= text(json.taskId);
		result.reqKey ??= text(json.reqKey);
		result.pollPath ??= text(json.pollPath);
		if (!url && !json.taskId && !json.urls && json.error === undefined) result.inlineImages++;
	}
	if (result.urls.length === 0 && !result.taskId && result.inlineImages === 0) return undefined;
	return result;
}

function describeOne(result: PaidResult): string {
	const parts: string[] = [];
	if (result.taskId && result.pollPath) {
		parts.push(
			`relay task ${result.taskId}: get its images with the Wait for Result operation of the API-key node (Task ID ${result.taskId}, Poll Path ${result.pollPath})`,
		);
	} else if (result.taskId && result.reqKey) {
		parts.push(
			`Volcengine task ${result.taskId}${result.reqKey ? ` (model ${result.reqKey})` : ''}: get its images with the Wait for Result operation (Task ID ${result.taskId}${result.reqKey ? `, Model (Req Key) ${result.reqKey}` : ''})`,
		);
	} else if (result.taskId && result.urls.length === 0) {
		parts.push(`relay task ${result.taskId}: find its images in the relay's console`);
	}
	if (result.urls.length > 0) parts.push(`image URL(s): ${result.urls.join(' , ')}`);
	if (result.inlineImages > 0 && result.urls.length === 0 && !result.taskId) {
		parts.push(
			`${result.inlineImages} image(s) returned inline (b64_json), which cannot be fetched again`,
		);
	}
	return `- item ${result.itemIndex}: ${parts.join('; ')}`;
}

/** The text listing every paid result that a failing run leaves out of its output. */
export function describeUnsaved(results: PaidResult[]): string {
	if (results.length === 0) return '';
	const sorted = [...results].sort((a, b) => a.itemIndex - b.itemIndex);
	const hasUrls = sorted.some((result) => result.urls.length > 0);
	return [
		`These paid results of this run are not in any output, because the run failed. Keep what you need${hasUrls ? ' (image URLs expire after about 24 hours: download them soon)' : ''}:`,
		...sorted.map(describeOne),
	].join('\n');
}
