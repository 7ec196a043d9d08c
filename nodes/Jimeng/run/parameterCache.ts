/**
 * Reads each parameter that holds no expression once per run instead of once per item: only
 * expressions can differ between items, and resolving every parameter of every item again was
 * most of the time before the first paid call (200 items: 0.9 s). Pure: n8n's reader and the
 * node's raw parameters are handed in.
 */

/** n8n's `getNodeParameter` shape (name, item, fallback, options). */
export type ParameterReader = (
	name: string,
	itemIndex: number,
	fallbackValue?: unknown,
	options?: object,
) => unknown;

/** Whether a raw parameter value holds an n8n expression (a string starting with "=") anywhere inside. */
export function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (value !== null && typeof value === 'object') {
		return Object.values(value).some(holdsExpression);
	}
	return false;
}

/** The top-level parameter a path such as `options.concurrency` or `images[0].url` lives in. */
const topLevelName = (name: string) => name.split(/[.[]/, 1)[0];

/** Callers may change what they get: each gets its own copy of an object value. */
const copyOf = <T>(value: T): T =>
	value !== null && typeof value === 'object' ? structuredClone(value) : value;

/**
 * A reader that answers a parameter without expressions (in the whole top-level parameter it
 * lives in, so a collection with one expression field is read per item) from its first
 * resolution, for any item; expressions, and reads that threw, go to n8n every time.
 * `enabled: false` is the previous behaviour (for the benchmark's baseline).
 */
export function cachingReader(
	read: ParameterReader,
	rawParameters: Record<string, unknown>,
	enabled = true,
): ParameterReader & { hits: () => number } {
	const resolved = new Map<string, unknown>();
	const isStatic = new Map<string, boolean>();
	let hits = 0;
	const reader = (name: string, itemIndex: number, fallbackValue?: unknown, options?: object) => {
		const top = topLevelName(name);
		let staticValue = isStatic.get(top);
		if (staticValue === undefined) {
			staticValue = enabled && !holdsExpression(rawParameters[top]);
			isStatic.set(top, staticValue);
		}
		if (!staticValue) return read(name, itemIndex, fallbackValue, options);
		const key = JSON.stringify([
			name,
			fallbackValue ?? null,
			fallbackValue === undefined,
			options ?? null,
		]);
		if (resolved.has(key)) {
			hits++;
			return copyOf(resolved.get(key));
		}
		const value = read(name, itemIndex, fallbackValue, options);
		resolved.set(key, copyOf(value));
		return value;
	};
	return Object.assign(reader, { hits: () => hits });
}

/** Switch for the benchmark's baseline (the previous behaviour): not a user setting. */
export const parameterCacheSettings = { enabled: true };

interface HasParameterReader {
	getNodeParameter: unknown;
	getNode: () => { parameters: object };
}

/**
 * Puts a caching reader on a node context for the run; the answer puts n8n's own back. The
 * context's reader is replaced in place (rather than wrapping the context) so that everything
 * else on it, and the run limiter keyed by it, stays the same object.
 */
export function cacheParameters(ctx: HasParameterReader): () => void {
	const own = Object.prototype.hasOwnProperty.call(ctx, 'getNodeParameter');
	const original = ctx.getNodeParameter as ParameterReader;
	ctx.getNodeParameter = cachingReader(
		original.bind(ctx),
		ctx.getNode().parameters as Record<string, unknown>,
		parameterCacheSettings.enabled,
	);
	return () => {
		if (own) ctx.getNodeParameter = original;
		else delete (ctx as Partial<HasParameterReader>).getNodeParameter;
	};
}
