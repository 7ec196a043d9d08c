'use strict';
// The fake upstream HTTP server: routing, request log, counters, auth, faults, overrides,
// downloads and the /__fake control API used by the standalone process.

const http = require('node:http');
const crypto = require('node:crypto');
const env = require('./envelopes');
const { FaultQueue, faultReply, normalise } = require('./faults');
const { makeImage, encodeMaskPng } = require('./images');
const { labelLines } = require('./label');
const openai = require('./openai');
const volc = require('./volcengine');
const relay = require('./relayTasks');
const { verifyV4 } = require('./verifyV4');

const ROUTES = ['generations', 'edits', 'models', 'submit', 'getResult', 'visual', 'download', 'relayTask', 'unknown'];
const FILE_NAME = /^([a-z]+)-([A-Za-z0-9]+)-(\d+)-(\d+)x(\d+)\.(png|jpeg|jpg)$/;

function defaultConfig(options) {
	const v = options.volcengine ?? {};
	return {
		openai: { ...(options.openai ?? {}) },
		relay: { ...(options.relay ?? {}) },
		volcengine: {
			inQueuePolls: 1,
			generatingPolls: 1,
			imageCount: 1,
			format: 'jpeg',
			unknownReqKeyCode: 50400,
			...(v.tasks ?? {}),
		},
	};
}

/** @param {Buffer} raw @param {string} contentType */
function parseJsonBody(raw, contentType) {
	if (raw.length === 0 || contentType.startsWith('multipart/')) return undefined;
	try {
		return JSON.parse(raw.toString('utf8'));
	} catch {
		return undefined;
	}
}

/** Ark's paths: the pay-as-you-go /api/v3 and the Agent Plan's /api/plan/v3. */
const isArkPath = (path) => path.startsWith('/api/v3') || path.startsWith('/api/plan/v3');

/**
 * Where an API lives, as on the real services: OpenAI-style `/v1` (a relay may put it under one path of
 * its own, `/<name>/v1`), Ark's `/api/v3` and `/api/plan/v3`. Any other prefix is a page that does not
 * exist (404), so a Base URL with a wrong path fails as it would for real.
 */
const API_ROOT = /^(?:(?:\/[A-Za-z0-9_-]+)?\/v1|\/api\/v3|\/api\/plan\/v3)$/;

/** Which route, which flavour. */
function classify(method, pathname, query) {
	if (pathname.startsWith('/files/')) return { route: 'download', flavour: 'files' };
	if (pathname === '/' && (query.has('Action') || query.has('Version') || method === 'POST')) {
		const action = query.get('Action');
		const route = action === 'CVSync2AsyncSubmitTask' ? 'submit' : action === 'CVSync2AsyncGetResult' ? 'getResult' : 'visual';
		return { route, flavour: 'volcengine' };
	}
	const relayRoute = relay.classifyRelay(method, pathname);
	if (relayRoute) return { ...relayRoute, flavour: 'openai' };
	const m = /^(.*?)\/(images\/generations|images\/edits|images\/compositions|models)\/?$/.exec(pathname);
	if (m) {
		const flavour = isArkPath(m[1]) ? 'ark' : 'openai';
		const route = m[2] === 'models' ? 'models' : m[2] === 'images/generations' ? 'generations' : 'edits';
		const allowed = route === 'models' ? 'GET' : 'POST';
		if (method !== allowed || !API_ROOT.test(m[1])) return { route: 'unknown', flavour };
		return { route, flavour, prefix: m[1] };
	}
	return { route: 'unknown', flavour: isArkPath(pathname) ? 'ark' : 'openai' };
}

/**
 * @param {import('./index').FakeUpstreamOptions} [options]
 * @returns {Promise<import('./index').FakeUpstream>}
 */
async function startFakeUpstream(options = {}) {
	const host = options.host ?? '127.0.0.1';
	const apiKeys = options.apiKey === null ? null : [].concat(options.apiKey ?? 'sk-test');
	const volcOptions = options.volcengine ?? {};
	const credentials = [
		...(volcOptions.accessKeyId ? [{ accessKeyId: volcOptions.accessKeyId, secretAccessKey: String(volcOptions.secretAccessKey ?? ''), sessionToken: volcOptions.sessionToken }] : []),
		...(volcOptions.credentials ?? []),
	];
	const fileSecret = crypto.randomBytes(16);
	const sign = (name) => crypto.createHmac('sha256', fileSecret).update(name).digest('hex').slice(0, 32);

	/** @type {import('./index').CallRecord[]} */
	const calls = [];
	const counts = new Map();
	const faults = new FaultQueue();
	/** @type {Map<string, Function>} */
	const overrides = new Map();
	const tasks = new volc.TaskStore();
	const relayTasks = new relay.RelayTaskStore();
	let config = defaultConfig(options);
	let seq = 0;
	let closed = false;
	/** @type {Set<{ timer: NodeJS.Timeout, resolve: (v: boolean) => void }>} */
	const sleepers = new Set();
	let baseUrl = '';

	/** Resolves true after ms, or false at once if the server closes meanwhile. Never holds the process open. */
	const sleep = (ms) =>
		new Promise((resolve) => {
			if (closed) return resolve(false);
			const entry = {
				timer: setTimeout(() => {
					sleepers.delete(entry);
					resolve(true);
				}, ms),
				resolve,
			};
			entry.timer.unref();
			sleepers.add(entry);
		});

	const fileUrl = (name) => `${baseUrl}/files/${name}?signed=${sign(name)}&x-expires=86400`;
	/** The prompt each generated file shows (label.js), by file name; bounded, the oldest dropped first. */
	const labels = new Map();
	const labelImage = (name, prompt) => {
		if (labels.size >= 4096) labels.delete(labels.keys().next().value);
		labels.set(name, prompt);
	};
	const imageFor = (name) => {
		const m = FILE_NAME.exec(name);
		if (!m) throw new Error(`fake-upstream: bad file name ${name}`);
		// "mask-…" files are one-channel grayscale masks (inputs of inpaint/outpaint tests).
		if (m[1] === 'mask') return encodeMaskPng(Number(m[4]), Number(m[5]), 0);
		const [width, height] = [Number(m[4]), Number(m[5])];
		const lines = labels.has(name) ? labelLines(labels.get(name), width, height) : undefined;
		return makeImage(m[6] === 'png' ? 'png' : 'jpeg', width, height, Number(m[3]), lines);
	};
	const ctx = {
		get config() {
			return config;
		},
		tasks,
		relayTasks,
		fileUrl,
		imageFor,
		labelImage,
	};

	function download(call) {
		const name = decodeURIComponent(call.path.slice('/files/'.length));
		const m = FILE_NAME.exec(name);
		if (!m) return { status: 404, headers: { 'content-type': 'application/xml' }, body: '<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>' };
		if (call.query.signed !== sign(name)) {
			return { status: 403, headers: { 'content-type': 'application/xml' }, body: '<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message></Error>' };
		}
		if (call.headers.authorization !== undefined && options.rejectAuthorizationOnDownload !== false) {
			// Pre-signed object-store URLs refuse a second auth mechanism (S3/TOS behaviour).
			return { status: 400, headers: { 'content-type': 'application/xml' }, body: '<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified</Message></Error>' };
		}
		const data = imageFor(name);
		return { status: 200, headers: { 'content-type': m[6] === 'png' ? 'image/png' : 'image/jpeg', 'cache-control': 'private, max-age=86400' }, body: data };
	}

	/** Bearer check for OpenAI/Ark routes. @returns {import('./envelopes').Reply | undefined} */
	function checkBearer(call) {
		if (apiKeys === null) return undefined;
		const auth = String(call.headers.authorization ?? '');
		const m = /^Bearer\s+(.+)$/i.exec(auth);
		if (m && apiKeys.includes(m[1].trim())) return undefined;
		call.authError = m ? 'invalid_api_key' : 'missing_api_key';
		if (call.flavour === 'ark') return env.arkError(401, 'AuthenticationError', 'the API key or AK/SK in the request is missing or invalid.', '');
		return env.openaiError(401, m ? 'Incorrect API key provided.' : 'You did not provide an API key.', 'invalid_request_error', 'invalid_api_key', null);
	}

	/** Gateway checks for the visual API. */
	function checkGateway(call) {
		const action = call.query.Action;
		const version = call.query.Version;
		const gctx = { action: typeof action === 'string' ? action : '', version: typeof version === 'string' ? version : '', region: volcOptions.region };
		if (!action || !version) return env.gateway(gctx, 'MissingParameter', 'Action and Version are required query parameters');
		if (call.route === 'visual' || version !== '2022-08-31') return env.gateway(gctx, 'InvalidActionOrVersion', `Could not find operation ${action} for version ${version}`);
		const result = verifyV4(
			{ method: call.method, path: call.path, rawQuery: call.rawQuery, headers: call.headers, body: call.rawBody },
			{ credentials, region: volcOptions.region, maxSkewMs: volcOptions.maxSkewMs, now: volcOptions.now ? volcOptions.now() : undefined },
		);
		call.signature = result.ok ? { ok: true, accessKeyId: result.accessKeyId, signedHeaders: result.signedHeaders } : { ok: false, code: result.code, message: result.message };
		if (!result.ok) return env.gateway(gctx, result.code, result.message, result.codeN, result.httpStatus);
		return undefined;
	}

	async function defaultReply(call) {
		switch (call.route) {
			case 'generations':
			case 'edits': {
				const sync = call.route === 'generations' ? openai.generations(ctx, call) : await openai.edits(ctx, call);
				return call.relay ? (relay.submit(ctx, call, call.relay, sync) ?? sync) : sync;
			}
			case 'relayTask':
				return relay.poll(ctx, call, call.relay);
			case 'models':
				return openai.models(ctx);
			case 'submit':
				return volc.submit(ctx, call);
			case 'getResult':
				return volc.getResult(ctx, call);
			default:
				if (call.flavour === 'ark') return env.arkError(404, 'NotFound', 'The requested resource was not found.', '');
				return env.openaiError(404, `Unknown request URL: ${call.method} ${call.path}`, 'invalid_request_error', 'unknown_url', null);
		}
	}

	/** @returns {Promise<void>} */
	async function send(res, reply) {
		if (reply === 'reset') {
			res.socket?.destroy();
			return;
		}
		const headers = { ...(reply.headers ?? {}) };
		if (reply.stream) {
			res.writeHead(reply.status, headers);
			await reply.stream(res, sleep);
			if (!res.writableEnded) res.end();
			return;
		}
		let body = reply.body;
		if (body === undefined || body === null) body = '';
		if (!Buffer.isBuffer(body) && typeof body !== 'string') {
			body = JSON.stringify(body);
			if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json; charset=utf-8';
		}
		headers['content-length'] = String(Buffer.byteLength(body));
		res.writeHead(reply.status, headers);
		res.end(body);
	}

	async function handleControl(req, res, url, raw) {
		const reply = (status, body) => send(res, env.json(status, body));
		const input = raw.length ? JSON.parse(raw.toString('utf8')) : {};
		const p = url.pathname.slice('/__fake'.length);
		if (req.method === 'GET' && p === '/state') return reply(200, { counts: api.counts(), calls: calls.map(serialiseCall), tasks: [...tasks.tasks.values()] });
		if (req.method === 'GET' && p === '/calls') {
			const route = url.searchParams.get('route');
			return reply(200, calls.filter((c) => !route || c.route === route).map(serialiseCall));
		}
		if (req.method === 'GET' && p === '/counts') return reply(200, api.counts());
		if (req.method === 'POST' && p === '/reset') return api.reset(), reply(200, { ok: true });
		if (req.method === 'POST' && p === '/fault') return api.fault(input.route, input.spec, input.times ?? 1), reply(200, { ok: true });
		if (req.method === 'POST' && p === '/configure') return api.configure(input), reply(200, { ok: true });
		if (req.method === 'POST' && p === '/tasks/next') return api.tasks.next(input), reply(200, { ok: true });
		if (req.method === 'POST' && p === '/relay-tasks/next') return api.relayTasks.next(input), reply(200, { ok: true });
		if (req.method === 'POST' && p === '/tasks/create') {
			const task = api.tasks.create(input.reqKey ?? 'jimeng_t2i_v40', input.scenario ?? {}, input.submitBody ?? {});
			return reply(200, { taskId: task.id });
		}
		return reply(404, { error: 'unknown control route' });
	}

	async function handle(req, res) {
		const chunks = [];
		for await (const chunk of req) chunks.push(chunk);
		const rawBody = Buffer.concat(chunks);
		const url = new URL(req.url ?? '/', 'http://fake.invalid');
		if (url.pathname.startsWith('/__fake/')) return handleControl(req, res, url, rawBody);

		const rawQuery = (req.url ?? '').includes('?') ? (req.url ?? '').slice((req.url ?? '').indexOf('?') + 1) : '';
		/** @type {Record<string, string|string[]>} */
		const query = {};
		for (const [k, v] of url.searchParams) {
			const prev = query[k];
			query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
		}
		const classified = classify(req.method ?? 'GET', url.pathname, url.searchParams);
		const { route, flavour } = classified;
		const contentType = String(req.headers['content-type'] ?? '');
		/** @type {import('./index').CallRecord} */
		const call = {
			seq: ++seq,
			route,
			flavour,
			method: req.method ?? 'GET',
			path: url.pathname,
			rawQuery,
			query,
			headers: req.headers,
			rawBody,
			text: contentType.startsWith('multipart/') ? '' : rawBody.toString('utf8'),
			json: parseJsonBody(rawBody, contentType),
			time: Date.now(),
		};
		if (classified.relay) call.relay = { relay: classified.relay, async: !!classified.async, taskId: classified.taskId };
		calls.push(call);
		counts.set(route, (counts.get(route) ?? 0) + 1);

		/** @type {any} */
		let reply;
		if (flavour === 'volcengine') reply = checkGateway(call);
		else if (flavour === 'openai' || flavour === 'ark') reply = route === 'unknown' ? undefined : checkBearer(call);

		if (reply === undefined) {
			const spec = faults.take(route);
			if (spec) {
				call.fault = spec.kind;
				const wait = Number(spec.kind === 'delay' ? spec.ms : (spec.delayMs ?? 0));
				if (wait > 0 && !(await sleep(wait))) return void res.socket?.destroy();
				reply = faultReply(spec, { flavour, action: String(call.query.Action ?? ''), version: String(call.query.Version ?? '') });
			}
		}
		if (reply === undefined) {
			const handler = overrides.get(route);
			if (handler) reply = await handler(call, { next: () => defaultReply(call), fileUrl, imageFor, env });
		}
		if (reply === undefined) reply = route === 'download' ? download(call) : await defaultReply(call);
		call.status = reply === 'reset' ? 0 : reply.status;
		await send(res, reply);
	}

	const server = http.createServer((req, res) => {
		handle(req, res).catch((error) => {
			if (!res.headersSent) {
				res.writeHead(500, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: { message: `fake-upstream crashed: ${String(error && error.stack)}`, type: 'fake_error' } }));
			} else res.destroy();
		});
	});
	server.keepAliveTimeout = 1000;
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => resolve(undefined));
	});
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	baseUrl = options.publicUrl ?? `http://${host}:${address.port}`;

	const api = {
		url: baseUrl,
		port: address.port,
		openaiBaseUrl: `${baseUrl}/v1`,
		arkBaseUrl: `${baseUrl}/api/v3`,
		relayBaseUrl: (dialect) => `${baseUrl}/${dialect}/v1`,
		volcEndpoint: baseUrl,
		credentials: {
			openai: { url: `${baseUrl}/v1`, apiKey: apiKeys ? apiKeys[0] : '' },
			ark: { url: `${baseUrl}/api/v3`, apiKey: apiKeys ? apiKeys[0] : '' },
			volcengine: credentials[0]
				? { ...credentials[0], sessionToken: credentials[0].sessionToken ?? '', region: volcOptions.region ?? 'cn-north-1', endpoint: baseUrl }
				: undefined,
		},
		calls,
		count: (route) => counts.get(route) ?? 0,
		counts: () => Object.fromEntries(ROUTES.map((r) => [r, counts.get(r) ?? 0])),
		callsTo: (route) => calls.filter((c) => c.route === route),
		lastCall: (route) => {
			const list = route ? calls.filter((c) => c.route === route) : calls;
			return list[list.length - 1];
		},
		paidCalls: () => (counts.get('generations') ?? 0) + (counts.get('edits') ?? 0) + (counts.get('submit') ?? 0),
		reset() {
			calls.length = 0;
			counts.clear();
			faults.clear();
			overrides.clear();
			tasks.clear();
			relayTasks.clear();
			labels.clear();
			config = defaultConfig(options);
		},
		fault(route, spec, times = 1) {
			if (route !== '*' && !ROUTES.includes(route)) throw new Error(`fake-upstream: unknown route ${route}`);
			faults.add(route, normalise(spec), times);
		},
		pendingFaults: (route) => faults.pending(route),
		override(route, handler) {
			if (handler) overrides.set(route, handler);
			else overrides.delete(route);
		},
		configure(patch) {
			config = {
				openai: { ...config.openai, ...(patch.openai ?? {}) },
				volcengine: { ...config.volcengine, ...(patch.volcengine ?? {}) },
				relay: { ...config.relay, ...(patch.relay ?? {}) },
			};
		},
		fileUrl,
		imageFor,
		tasks: {
			next(scenario) {
				tasks.scenarios.push(scenario ?? {});
			},
			create(reqKey = 'jimeng_t2i_v40', scenario = {}, submitBody = {}) {
				return tasks.create(reqKey, submitBody, scenario, config.volcengine);
			},
			get: (id) => tasks.tasks.get(id),
			list: () => [...tasks.tasks.values()],
			expire(id) {
				const t = tasks.tasks.get(id);
				if (!t) throw new Error(`fake-upstream: no task ${id}`);
				t.expired = true;
			},
		},
		relayTasks: {
			next(scenario) {
				relayTasks.scenarios.push(scenario ?? {});
			},
			get: (id) => relayTasks.tasks.get(id),
			list: () => [...relayTasks.tasks.values()],
			expire(id) {
				const t = relayTasks.tasks.get(id);
				if (!t) throw new Error(`fake-upstream: no relay task ${id}`);
				t.expired = true;
			},
		},
		async close() {
			if (closed) return;
			closed = true;
			for (const s of sleepers) {
				clearTimeout(s.timer);
				s.resolve(false);
			}
			sleepers.clear();
			await new Promise((resolve) => {
				server.close(() => resolve(undefined));
				server.closeAllConnections();
			});
		},
	};
	return api;
}

/** JSON-safe view of a call (raw body as base64, multipart file data as base64). */
function serialiseCall(call) {
	return {
		...call,
		rawBody: call.rawBody.toString('base64'),
		multipart: call.multipart
			? { ...call.multipart, files: call.multipart.files.map((f) => ({ ...f, data: f.data.toString('base64') })) }
			: undefined,
	};
}

module.exports = { startFakeUpstream, serialiseCall, ROUTES };
