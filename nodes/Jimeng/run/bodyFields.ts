/** The one reader of the "Additional Body Fields (JSON)" option, for every backend. Pure. */

export type BodyFields =
	| { ok: true; fields: Record<string, unknown> }
	| { ok: false; problem: string; hint: string };

const EXAMPLE = 'Write a JSON object, for example {"seed": 42}.';

/** Accepts an object or its JSON text; empty means none. Anything else is refused, never guessed. */
export function parseAdditionalBodyFields(raw: unknown): BodyFields {
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
		return { ok: true, fields: {} };
	}
	let value: unknown = raw;
	if (typeof raw === 'string') {
		try {
			value = JSON.parse(raw);
		} catch (error) {
			return {
				ok: false,
				problem: 'Additional Body Fields is not valid JSON',
				hint: `${EXAMPLE} (${error instanceof Error ? error.message : String(error)})`,
			};
		}
	}
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		return { ok: false, problem: 'Additional Body Fields must be a JSON object', hint: EXAMPLE };
	}
	return { ok: true, fields: { ...(value as Record<string, unknown>) } };
}
