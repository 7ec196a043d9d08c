/** Keeps secrets out of anything that came back from an upstream. Pure. */

/** Replaces every occurrence of each secret (6 characters or more) in any JSON-able value by `***`. */
export function redactSecrets<T>(value: T, secrets: ReadonlyArray<string | undefined>): T {
	const found = secrets.filter((secret): secret is string => !!secret && secret.length >= 6);
	if (found.length === 0 || value === undefined) return value;
	const text = JSON.stringify(value);
	if (text === undefined || !found.some((secret) => text.includes(secret))) return value;
	let redacted = text;
	for (const secret of found)
		redacted = redacted.split(JSON.stringify(secret).slice(1, -1)).join('***');
	return JSON.parse(redacted) as T;
}

/** Pre-signed URLs carry their signature in the query; keep it out of messages. */
export function redactQuery(url: string): string {
	const queryStart = url.indexOf('?');
	return queryStart === -1 ? url : `${url.slice(0, queryStart)}?…`;
}
