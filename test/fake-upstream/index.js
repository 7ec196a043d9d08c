'use strict';
/*
 * Fake upstreams for every test (jest and the real-n8n e2e/demo): ONE HTTP server on 127.0.0.1,
 * ephemeral port, speaking
 *   - OpenAI-compatible relays:  POST {prefix}/images/generations | /images/edits | /images/compositions,
 *                                GET {prefix}/models   (any prefix, e.g. /v1)           Bearer auth
 *   - Volcengine Ark:            the same under /api/v3 (no edits there: 404), SSE when stream:true
 *   - Volcengine visual:         POST /?Action=CVSync2AsyncSubmitTask|CVSync2AsyncGetResult&Version=2022-08-31
 *                                with server-side V4 signature verification (verifyV4.js)
 *   - Pre-signed downloads:      GET /files/<name>?signed=... (real PNG/JPEG bytes, no Bearer)
 *   - Control API (standalone):  /__fake/state, /__fake/calls?route=, /__fake/counts, POST /__fake/reset,
 *                                /__fake/fault {route,spec,times}, /__fake/configure, /__fake/tasks/next,
 *                                /__fake/tasks/create {reqKey,scenario}
 *
 * Why plain CommonJS .js (with index.d.ts for types): the same files must run
 *   (a) inside jest (ts-jest transforms only .ts; CommonJS .js is loaded as is, no allowJs needed),
 *   (b) as a standalone process for the e2e tests and the demo: `node test/fake-upstream/cli.js --port 0`
 *       on Node 20 or 24 without any build step or TypeScript loader, and
 *   (c) from the ESM scripts: `import fake from '../test/fake-upstream/index.js'` (CommonJS interop).
 * tsc sees index.d.ts; plain .js files are not linted (TEAM.md).
 *
 * Output image sizes (decided by the fake, deterministic):
 *   size "WxH" / "W*H" -> W x H;  "1K"/"2K"/"4K" -> 1024/2048/4096 square;  ratio+resolution -> the 2k
 *   table in openai.js (RATIO_2K; 1k = half, 4k = double);  otherwise seedream-4.x 2048x2048, else 1024x1024.
 *   Visual API: width+height, else sqrt(size) square (v40, default 2048), else 1328x1328.
 *   configure({ openai: { width, height } }) / tasks.next({ width, height }) override it.
 * Formats: output_format wins; Ark flavour and doubao-seedream-4.x -> JPEG; others PNG; visual API JPEG.
 */

const { startFakeUpstream, serialiseCall, ROUTES } = require('./server');
const { makeImage, encodePng, encodeMaskPng, encodeJpeg, readImageSize, channelCount } = require('./images');
const { verifyV4, canonicalQueryString, canonicalRequest, parseAuthorization, signForTests, xDateNow, sha256Hex } = require('./verifyV4');
const { KNOWN_REQ_KEYS } = require('./volcengine');
const { DEFAULT_MODELS } = require('./openai');

module.exports = {
	startFakeUpstream,
	serialiseCall,
	ROUTES,
	makeImage,
	encodePng,
	encodeMaskPng,
	encodeJpeg,
	readImageSize,
	channelCount,
	verifyV4,
	canonicalQueryString,
	canonicalRequest,
	parseAuthorization,
	signForTests,
	xDateNow,
	sha256Hex,
	KNOWN_REQ_KEYS,
	DEFAULT_MODELS,
};
