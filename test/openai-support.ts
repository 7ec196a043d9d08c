/**
 * Shared set-up for the OpenAI-compatible backend tests: one fake upstream per test file, the
 * node run in n8n's engine, and checks that an output item really holds the image it claims.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { FakeUpstream } from './fake-upstream';
import { makeImage, readImageSize, startFakeUpstream } from './fake-upstream';
import type { InputItem, OutputItem, RunJimengOptions, RunResult } from './harness/runNode';
import { findSecretLeaks, runJimeng } from './harness/runNode';

export const TEST_BEARER = 'sk-openai-test-SECRET-0123456789abcdef';

export { makeImage, readImageSize };

export interface Fixture {
	fake: FakeUpstream;
}

/** Starts the fake upstream before the file's tests, resets it before each, closes it after. */
export function useFakeUpstream(): Fixture {
	const fixture = {} as Fixture;
	beforeAll(async () => {
		fixture.fake = await startFakeUpstream({ apiKey: TEST_BEARER });
	});
	beforeEach(() => fixture.fake.reset());
	afterAll(async () => await fixture.fake.close());
	return fixture;
}

export type Base = 'relay' | 'ark';

export function credentialFor(fake: FakeUpstream, base: Base = 'relay', url?: string) {
	return {
		url: url ?? (base === 'ark' ? fake.arkBaseUrl : fake.openaiBaseUrl),
		apiKey: TEST_BEARER,
	};
}

export interface RunOpenAi extends Omit<RunJimengOptions, 'parameters' | 'credentials'> {
	fake: FakeUpstream;
	base?: Base;
	/** Overrides the credential's Base URL. */
	url?: string;
	parameters: INodeParameters;
}

/** Runs the API-key node against the fake upstream. */
export async function runOpenAi(options: RunOpenAi): Promise<RunResult> {
	const { fake, base, url, parameters, ...rest } = options;
	return await runJimeng({
		...rest,
		parameters,
		credentials: { jimengApi: credentialFor(fake, base, url) },
	});
}

/** Model parameter as n8n stores a resource locator typed "By ID". */
export function modelById(id: string) {
	return { __rl: true, mode: 'id', value: id };
}

export function pngInput(
	binaries: Record<string, { width: number; height: number; format?: 'png' | 'jpeg' }>,
): InputItem {
	const binary: InputItem['binary'] = {};
	for (const [name, { width, height, format = 'png' }] of Object.entries(binaries)) {
		binary[name] = {
			data: makeImage(format, width, height),
			mimeType: format === 'png' ? 'image/png' : 'image/jpeg',
			fileName: `${name}.${format === 'png' ? 'png' : 'jpg'}`,
		};
	}
	return { json: {}, binary };
}

/** Asserts one output item holds a real image of that type and size, labelled consistently. */
export function expectImageItem(
	item: OutputItem,
	expected: {
		type: 'png' | 'jpeg';
		width: number;
		height: number;
		property?: string;
		pairedItem?: number;
	},
): void {
	const property = expected.property ?? 'data';
	const binary = item.binary?.[property];
	expect(binary).toBeDefined();
	const decoded = readImageSize(binary!.buffer);
	expect(decoded).toEqual({ type: expected.type, width: expected.width, height: expected.height });
	const mimeType = expected.type === 'png' ? 'image/png' : 'image/jpeg';
	const extension = expected.type === 'png' ? 'png' : 'jpg';
	expect(binary!.mimeType).toBe(mimeType);
	expect(binary!.fileName).toMatch(new RegExp(`\\.${extension}$`));
	expect(binary!.id).toMatch(/^filesystem/);
	expect(item.json.mimeType).toBe(mimeType);
	expect(item.json.width).toBe(expected.width);
	expect(item.json.height).toBe(expected.height);
	expect(item.pairedItem).toEqual({ item: expected.pairedItem ?? 0 });
}

export function expectNoLeaks(result: RunResult): void {
	expect(findSecretLeaks(result, [TEST_BEARER])).toEqual([]);
}

/** The JSON body the fake received on its last call to a route. */
export function lastJson(fake: FakeUpstream, route: 'generations' | 'edits'): IDataObject {
	const call = fake.lastCall(route);
	expect(call).toBeDefined();
	return call!.json as IDataObject;
}
