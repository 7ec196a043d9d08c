/** The URL checks every backend shares: credential base URLs and image URLs. Pure. */

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string; hint: string };

const ENDPOINT_SUFFIX =
	/\/(images\/(generations|edits|compositions|variations)|chat\/completions|models)$/i;

function parseHttp(value: string): URL | undefined {
	try {
		const url = new URL(value);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
			? url
			: undefined;
	} catch {
		return undefined;
	}
}

/** An http(s) URL with a host; `label` names the field in the problem. */
export function checkHttpUrl(raw: unknown, label: string): Checked<string> {
	const value = String(raw ?? '').trim();
	if (value === '') {
		return { ok: false, problem: `${label} is empty`, hint: 'Enter a full public address starting with http:// or https://.' };
	}
	if (/\s/.test(value) || !parseHttp(value)) {
		return {
			ok: false,
			problem: `${label} is not an http(s) URL: "${value.slice(0, 100)}"`,
			hint: 'Use a full public address starting with http:// or https://.',
		};
	}
	return { ok: true, value };
}

/** An image given by address: an http(s) URL, or a data:image URI when `allowDataUri`. */
export function checkImageUrl(raw: unknown, label: string, allowDataUri: boolean): Checked<string> {
	const value = String(raw ?? '').trim();
	if (allowDataUri && /^data:image\/[a-z0-9.+-]+;base64,/i.test(value)) return { ok: true, value };
	const checked = checkHttpUrl(value, label);
	if (checked.ok || !allowDataUri) return checked;
	return {
		ok: false,
		problem: `${label} is not an http(s) URL or a data:image URI: "${value.slice(0, 80)}"`,
		hint: 'Use a public http(s) URL, or pass the image as a binary field instead.',
	};
}

/**
 * A credential's base URL without trailing slashes. A URL that already names an endpoint is the
 * most common set-up mistake (the node appends the path itself), so it is refused before any call.
 */
export function normalizeBaseUrl(raw: unknown): { url?: string; problem?: string } {
	const url = String(raw ?? '')
		.trim()
		.replace(/\/+$/, '');
	if (url === '') return { problem: 'The Jimeng API credential has no Base URL' };
	if (!/^https?:\/\/[^/\s]+/i.test(url) || !parseHttp(url)) {
		return { problem: `The Base URL "${url}" must start with http:// or https://` };
	}
	const suffix = ENDPOINT_SUFFIX.exec(url);
	if (suffix) {
		return {
			problem: `The Base URL "${url}" already ends with "${suffix[0]}"; remove it: the node adds the endpoint path itself (e.g. use "${url.slice(0, suffix.index)}")`,
		};
	}
	return { url };
}
