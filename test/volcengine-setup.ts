/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/**
 * Shared set-up of the Volcengine tests: a fake visual API that verifies every V4 signature, and a
 * way to run the Jimeng node (backend "volcengine") in n8n's engine against it.
 */
import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { startFakeUpstream, type FakeUpstream } from './fake-upstream';
import {
	findSecretLeaks,
	runJimengVisual,
	type RunJimengOptions,
	type RunResult,
} from './harness/runNode';

export const TEST_AK = 'AKLTvolcTestKey0000000001';
export const TEST_SK = 'VolcTestSecret/abc+DEF==zz9';
export const STS_AK = 'AKTPvolcTemporaryKey000002';
export const STS_SK = 'StsTestSecret/xyz+UVW==qq1';
export const STS_SESSION_VALUE = 'STSsessionTokenSecretValue.0123456789abcdef';
export const SECRETS = [TEST_SK, STS_SK, STS_SESSION_VALUE];

/** The submit body seed 003's Python builds for its example (jimeng_t2i_v40, the corgi prompt). */
export const SEED_BODY = {
	req_key: 'jimeng_t2i_v40',
	prompt: '一只可爱的柯基犬在草地上玩耍',
	scale: 0.5,
	force_single: true,
	min_ratio: 1 / 3,
	max_ratio: 3,
	size: 4194304,
};

export async function startVolcFake(): Promise<FakeUpstream> {
	return await startFakeUpstream({
		volcengine: {
			credentials: [
				{ accessKeyId: TEST_AK, secretAccessKey: TEST_SK },
				{
					accessKeyId: STS_AK,
					secretAccessKey: STS_SK,
					sessionToken: STS_SESSION_VALUE,
				},
			],
		},
	});
}

export function volcCredentials(
	fake: FakeUpstream,
	overrides: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return {
		accessKeyId: TEST_AK,
		secretAccessKey: TEST_SK,
		sessionToken: '',
		region: 'cn-north-1',
		endpoint: fake.volcEndpoint,
		...overrides,
	};
}

export interface VolcRunOptions extends Omit<RunJimengOptions, 'parameters' | 'credentials'> {
	credentials?: ICredentialDataDecryptedObject;
}

/** Runs the visual API node with the given parameters (unset ones keep their defaults). */
export async function runVolc(
	fake: FakeUpstream,
	parameters: INodeParameters,
	options: VolcRunOptions = {},
): Promise<RunResult> {
	const { credentials, ...rest } = options;
	const result = await runJimengVisual({
		...rest,
		parameters,
		credentials: { jimengVolcengineApi: credentials ?? volcCredentials(fake) },
	});
	// Every run, whatever it tests: no secret anywhere n8n keeps or shows.
	expect(findSecretLeaks(result, SECRETS)).toEqual([]);
	return result;
}

/** Every signature the fake received was valid. */
export function expectAllSignaturesValid(fake: FakeUpstream): void {
	const visual = fake.calls.filter((call) => call.flavour === 'volcengine');
	expect(visual.length).toBeGreaterThan(0);
	for (const call of visual) expect(call.signature).toMatchObject({ ok: true });
}

/** Resolves when the fake has received `count` calls to a route (checked as calls arrive). */
export function whenCalls(
	fake: FakeUpstream,
	route: 'submit' | 'getResult',
	count: number,
): Promise<void> {
	return new Promise((resolve) => {
		const check = () => {
			if (fake.count(route) >= count) return resolve();
			void new Promise<void>((next) => setImmediate(next)).then(check);
		};
		check();
	});
}
