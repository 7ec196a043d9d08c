/**
 * How long tasks of each model took, process-wide, so a wait polls densely around the expected end
 * and sparsely before it. Pure and bounded: a few recent durations per key, a few hundred keys, the
 * least recently used key dropped first. Keys are strings the caller chooses
 * (`volcengine:<req_key>`, `relay:<host>:<model>`), so any backend that polls tasks can use it.
 */

/** Where the end of a task is expected, measured from its submit. */
export interface DurationExpectation {
	/** Start polling densely here. */
	fromMs: number;
	/** Past this, the task is slower than any seen: fall back to the proportional schedule. */
	untilMs: number;
	/** The pause between looks inside the window (the lateness it allows). */
	denseMs: number;
	samples: number;
}

export const DURATION_LEARNING = {
	/** Durations kept per key (the most recent). */
	samplesPerKey: 16,
	/** Keys kept (the least recently used is dropped first). */
	maxKeys: 256,
	/** The window is at least ± this share of the middle of the durations seen. */
	minSpread: 0.1,
	/** Durations spread wider than this share of their middle: no window, the proportional schedule. */
	wildSpread: 0.6,
	/** Inside the window, look every this share of the middle (1.5 s for a 60 s task). */
	denseFraction: 0.025,
	/** A duration outside this is not a task duration (clock jump, a task picked up much later). */
	longestMs: 24 * 3_600_000,
};

export class TaskDurations {
	private readonly byKey = new Map<string, number[]>();

	constructor(private readonly settings = DURATION_LEARNING) {}

	/** Remembers that a task under `key` took `durationMs` from its submit to done. */
	record(key: string, durationMs: number): void {
		if (!key || !(durationMs > 0) || durationMs > this.settings.longestMs) return;
		const samples = this.byKey.get(key) ?? [];
		this.byKey.delete(key); // re-inserted last: Map order is the recency order
		samples.push(Math.round(durationMs));
		if (samples.length > this.settings.samplesPerKey) samples.shift();
		this.byKey.set(key, samples);
		while (this.byKey.size > this.settings.maxKeys) {
			this.byKey.delete(this.byKey.keys().next().value as string);
		}
	}

	/** The window where a task under `key` is expected to end, or undefined (unknown, or too erratic). */
	expectation(key: string): DurationExpectation | undefined {
		const samples = this.byKey.get(key);
		if (!samples || samples.length === 0) return undefined;
		const n = samples.length;
		const min = Math.min(...samples);
		const max = Math.max(...samples);
		const middle = (min + max) / 2;
		if ((max - min) / middle > this.settings.wildSpread) return undefined;
		// Half the observed range, widened by 1/n (a few durations rarely show the extremes), and at
		// least the floor; one duration alone says nothing of the spread: twice the floor.
		const halfWidth =
			n === 1
				? 2 * this.settings.minSpread * middle
				: Math.max(this.settings.minSpread * middle, ((max - min) / 2) * (1 + 1 / n));
		return {
			fromMs: Math.round(middle - halfWidth),
			untilMs: Math.round(middle + halfWidth),
			denseMs: Math.round(middle * this.settings.denseFraction),
			samples: n,
		};
	}

	/** Forgets everything (tests). */
	clear(): void {
		this.byKey.clear();
	}
}

/** The one store of this n8n process: every run and execution learns from the others. */
export const taskDurations = new TaskDurations();
