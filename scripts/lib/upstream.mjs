// Where the example credentials point: the fake upstream from test/fake-upstream (default, no key needed)
// or the real APIs when keys are in the environment:
//   JIMENG_API_KEY + JIMENG_BASE_URL                      OpenAI-compatible / Ark (Bearer token)
//   VOLC_ACCESS_KEY_ID + VOLC_SECRET_ACCESS_KEY           Volcengine visual API (AK/SK)
//   optional: VOLC_SESSION_TOKEN, VOLC_REGION, VOLC_ENDPOINT, JIMENG_MODEL,
//             JIMENG_PRICES (the Bearer credential's Prices JSON)

import { createRequire } from 'node:module';

import { REPO_ROOT } from '../tools.mjs';

const require = createRequire(import.meta.url);

export function loadFakeUpstream() {
	return require(`${REPO_ROOT}/test/fake-upstream/index.js`);
}

/**
 * The Bearer credential's Prices with the fake: an illustrative price for example 1's Ark model (the
 * node's table has none for China Ark ids), so the run shows an amount on each item.
 */
export const FAKE_PRICES = JSON.stringify({ 'doubao-seedream-4-5-*': { perImage: 0.25, currency: 'CNY' } });

/** Keys the fake upstream accepts (they are not secrets: the fake runs on 127.0.0.1 for this process only). */
export const FAKE_KEYS = {
	apiKey: 'sk-jimeng-demo-key',
	accessKeyId: 'AKLTZGVtby1hY2Nlc3Mta2V5',
	secretAccessKey: 'ZGVtby1zZWNyZXQtYWNjZXNzLWtleQ==',
};

export async function startFakeUpstream(options = {}) {
	const { startFakeUpstream: start } = loadFakeUpstream();
	const fake = await start({
		apiKey: FAKE_KEYS.apiKey,
		volcengine: { accessKeyId: FAKE_KEYS.accessKeyId, secretAccessKey: FAKE_KEYS.secretAccessKey },
		...options,
	});
	return {
		fake,
		values: {
			JIMENG_BASE_URL: fake.openaiBaseUrl,
			JIMENG_API_KEY: FAKE_KEYS.apiKey,
			JIMENG_PRICES: FAKE_PRICES,
			VOLC_ACCESS_KEY_ID: FAKE_KEYS.accessKeyId,
			VOLC_SECRET_ACCESS_KEY: FAKE_KEYS.secretAccessKey,
			VOLC_SESSION_TOKEN: '',
			VOLC_REGION: 'cn-north-1',
			VOLC_ENDPOINT: fake.volcEndpoint,
		},
	};
}

/** Placeholder values for real endpoints, or undefined when no keys are set. */
export function realUpstreamFromEnv(env = process.env) {
	const bearer = Boolean(env.JIMENG_API_KEY && env.JIMENG_BASE_URL);
	const volc = Boolean(env.VOLC_ACCESS_KEY_ID && env.VOLC_SECRET_ACCESS_KEY);
	if (!bearer && !volc) return undefined;
	return {
		bearer,
		volc,
		values: {
			JIMENG_BASE_URL: bearer ? env.JIMENG_BASE_URL.replace(/\/+$/, '') : 'https://ark.cn-beijing.volces.com/api/v3',
			JIMENG_API_KEY: bearer ? env.JIMENG_API_KEY : 'not-set',
			JIMENG_PRICES: env.JIMENG_PRICES || '{}', // '' would show as invalid JSON in the editor
			VOLC_ACCESS_KEY_ID: volc ? env.VOLC_ACCESS_KEY_ID : 'not-set',
			VOLC_SECRET_ACCESS_KEY: volc ? env.VOLC_SECRET_ACCESS_KEY : 'not-set',
			VOLC_SESSION_TOKEN: env.VOLC_SESSION_TOKEN ?? '',
			VOLC_REGION: env.VOLC_REGION || 'cn-north-1',
			VOLC_ENDPOINT: env.VOLC_ENDPOINT || 'https://visual.volcengineapi.com',
		},
	};
}
