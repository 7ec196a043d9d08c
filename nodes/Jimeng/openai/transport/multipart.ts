/**
 * Multipart bodies for the OpenAI-compatible edits endpoints, encoded the way openai-node encodes
 * them (src/internal/uploads.ts): arrays as repeated `key[]` fields, nested objects as `key[name]`
 * fields, scalars as text, undefined and null left out.
 */

export function appendFormValue(form: FormData, key: string, value: unknown): void {
	if (value === undefined || value === null) return;
	if (value instanceof Blob) {
		form.append(key, value);
	} else if (Array.isArray(value)) {
		for (const entry of value) appendFormValue(form, `${key}[]`, entry);
	} else if (typeof value === 'object') {
		for (const [name, inner] of Object.entries(value as Record<string, unknown>)) {
			appendFormValue(form, `${key}[${name}]`, inner);
		}
	} else {
		form.append(key, String(value));
	}
}

/**
 * Encodes a form with the platform's own encoder, so the exact bytes and boundary are known and
 * n8n's HTTP layer only sends a Buffer (a 429 retry resends the same bytes).
 */
export async function encodeMultipart(
	form: FormData,
): Promise<{ bytes: Buffer; contentType: string }> {
	const encoded = new Response(form);
	const contentType = encoded.headers.get('content-type') ?? 'multipart/form-data';
	return { bytes: Buffer.from(await encoded.arrayBuffer()), contentType };
}
