/** Jimeng web relays (jimeng-*): hingnet, deepwl, jimeng-api. Pure data, see models.ts. */

import type { ModelEntry } from './types';

export const JIMENG_RELAY: ModelEntry = {
	id: 'jimeng',
	label: 'Jimeng (relay)',
	family: 'jimeng',
	backend: 'openai',
	match: /^jimeng-(\d+(\.\d+)?|agent)$/,
	listIds: ['jimeng-5.0', 'jimeng-4.6', 'jimeng-4.5', 'jimeng-4.0', 'jimeng-3.0', 'jimeng-agent'],
	sizes: {
		// hingnet accepts only its three sizes, deepwl `1024*1024` or ratio + resolution, jimeng-api
		// only ratio + resolution: sending no size works on all three, so that is the default.
		forms: ['pixels', 'starPixels', 'ratioFields'],
		presets: ['1024x1024', '1024x1792', '1792x1024'],
		resolutions: ['1k', '2k', '4k'],
		maxSide: 8192,
	},
	maxInputImages: 10,
	maxN: 8,
	features: ['n', 'mask', 'responseFormat', 'relayStyle'],
	editStyle: 'multipart',
	// deepwl marks n required; hingnet and jimeng-api accept it.
	defaults: { n: 1 },
	sources: [
		'hingnet docs, docs.hingnet.com.cn (sizes 1024x1024 / 1024x1792 / 1792x1024, n, multipart edits)',
		'deepwl docs, zx1.deepwl.net (n required, size 1024*1024, image + ratio + resolution)',
		'iptag/jimeng-api src/api/routes/images.ts (/generations rejects size, width, height; compositions ≤ 10 images)',
	],
};
