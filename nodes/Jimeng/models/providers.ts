/** Providers: where the credential's base URL decides. Pure data, see models.ts. */

export interface Provider {
	id: string;
	/** Matched against the credential's base URL. */
	match: RegExp;
	/** No /images/edits: edits go to /images/generations with `image`. */
	noEditsEndpoint?: boolean;
	/** Models the host does not serve (entry keys). */
	unavailable?: string[];
}

export const PROVIDERS: Provider[] = [
	{
		id: 'ark-eu',
		match: /^https?:\/\/ark\.eu-west\.bytepluses\.com\//i,
		noEditsEndpoint: true,
		unavailable: ['seedream-4.0'],
	},
	{
		// Ark China (ark.cn-beijing.volces.com), BytePlus (ark.ap-southeast.bytepluses.com), and any
		// other host serving Ark's /api/v3 path or its Agent Plan's /api/plan/v3 (own keys, same API).
		id: 'ark',
		match:
			/^https?:\/\/[^/]+\/api\/(plan\/)?v3\/?$|^https?:\/\/ark\.[a-z0-9-]+\.(volces|bytepluses)\.com\//i,
		noEditsEndpoint: true,
	},
];
