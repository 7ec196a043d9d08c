'use strict';
// Volcengine visual API: POST /?Action=CVSync2AsyncSubmitTask|CVSync2AsyncGetResult&Version=2022-08-31
// Gateway checks (incl. V4 signature) happen in server.js; this file is the business layer and the
// task state machine.

const env = require('./envelopes');
const { readImageSize } = require('./images');
const { EDIT_REQ_KEYS, validateEditSubmit } = require('./visualEdits');

const KNOWN_REQ_KEYS = ['jimeng_t2i_v40', 'jimeng_t2i_v31', 'jimeng_t2i_v30', 'jimeng_i2i_v30', ...EDIT_REQ_KEYS];

let taskCounter = 0n;
/** 19-digit id, always a string on the wire (> 2^53, so it breaks if parsed as a number). */
function newTaskId() {
	taskCounter += 1n;
	return (7392616336519610000n + BigInt(Math.floor(Math.random() * 1e6)) * 1000n + (taskCounter % 1000n)).toString();
}

/**
 * @typedef {{
 *   images?: number, width?: number, height?: number, format?: 'png'|'jpeg',
 *   inQueuePolls?: number, generatingPolls?: number,
 *   failure?: { code: number, message?: string },
 *   submitFailure?: { code: number, message?: string },
 *   status?: 'expired'
 * }} TaskScenario
 * @typedef {{
 *   id: string, reqKey: string, submitBody: Record<string, unknown>, createdAt: number, polls: number,
 *   images: number, width: number, height: number, format: 'png'|'jpeg',
 *   inQueuePolls: number, generatingPolls: number, failure?: { code: number, message?: string },
 *   expired: boolean, status: string, lastReqJson?: Record<string, unknown>
 * }} Task
 */

function num(v) {
	return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Model-specific validation of the Submit body. @returns {string|undefined} error message */
function validateSubmit(reqKey, body) {
	const prompt = body.prompt;
	if (reqKey !== 'jimeng_i2i_v30' || prompt !== undefined) {
		if (typeof prompt !== 'string' || prompt.trim() === '') return 'prompt is required';
		if ([...prompt].length > 800) return 'prompt must be at most 800 characters';
	}
	if (body.width !== undefined || body.height !== undefined) {
		const w = num(body.width);
		const h = num(body.height);
		if (w === undefined || h === undefined) return 'width and height must be given together as numbers';
	}
	if (reqKey === 'jimeng_t2i_v40') {
		if (body.image_urls !== undefined) {
			if (!Array.isArray(body.image_urls) || body.image_urls.some((u) => typeof u !== 'string' || !/^https?:\/\//.test(u))) return 'image_urls must be an array of http(s) URLs';
			if (body.image_urls.length > 10) return 'image_urls accepts at most 10 images';
		}
		if (body.size !== undefined) {
			const s = num(body.size);
			if (s === undefined || s < 1024 * 1024 || s > 4096 * 4096) return 'size must be an area in [1048576, 16777216]';
		}
		if (body.width !== undefined) {
			const area = Number(body.width) * Number(body.height);
			if (area < 1024 * 1024 || area > 4096 * 4096) return 'width*height must be in [1048576, 16777216]';
		}
		if (body.scale !== undefined && (num(body.scale) === undefined || Number(body.scale) < 0 || Number(body.scale) > 1)) return 'scale must be in [0, 1]';
		if (body.force_single !== undefined && typeof body.force_single !== 'boolean') return 'force_single must be a boolean';
	} else if (reqKey === 'jimeng_t2i_v31' || reqKey === 'jimeng_t2i_v30') {
		if (body.width !== undefined) {
			const area = Number(body.width) * Number(body.height);
			if (area < 512 * 512 || area > 2048 * 2048) return 'width*height must be in [262144, 4194304]';
		}
		if (body.seed !== undefined && !Number.isInteger(body.seed)) return 'seed must be an integer';
		if (body.use_pre_llm !== undefined && typeof body.use_pre_llm !== 'boolean') return 'use_pre_llm must be a boolean';
	} else if (reqKey === 'jimeng_i2i_v30') {
		const urls = Array.isArray(body.image_urls) ? body.image_urls : [];
		const b64 = Array.isArray(body.binary_data_base64) ? body.binary_data_base64 : [];
		if (urls.length + b64.length !== 1) return 'exactly one input image is required (image_urls or binary_data_base64)';
		// The documented input limits: ≤ 4.7 MB, ≤ 4096×4096, long side ≤ 3 × short side.
		for (const b of b64) {
			const bytes = Buffer.from(String(b), 'base64');
			const info = readImageSize(bytes);
			if (!info) continue;
			if (bytes.length > 4.7 * 1024 * 1024) return 'input image larger than 4.7 MB';
			if (info.width > 4096 || info.height > 4096) return 'input image larger than 4096x4096';
			if (Math.max(info.width, info.height) / Math.min(info.width, info.height) > 3) return 'input image aspect ratio beyond 3:1';
		}
		if (body.width !== undefined) {
			if (Number(body.width) < 512 || Number(body.width) > 2016 || Number(body.height) < 512 || Number(body.height) > 2016) return 'width and height must be in [512, 2016]';
		}
	}
	return undefined;
}

/** binary_data_base64 entries must be plain base64 of an image (a data: prefix fails with 50207). */
function checkBinaries(body, inputImages) {
	if (body.binary_data_base64 === undefined) return undefined;
	if (!Array.isArray(body.binary_data_base64)) return 'binary_data_base64 must be an array of base64 strings';
	for (const b of body.binary_data_base64) {
		if (typeof b !== 'string' || !/^[A-Za-z0-9+/]+=*$/.test(b)) return 'IMAGE_DECODE';
		const bytes = Buffer.from(b, 'base64');
		const info = readImageSize(bytes);
		if (!info || (info.type !== 'png' && info.type !== 'jpeg')) return 'IMAGE_DECODE';
		if (bytes.length > 15 * 1024 * 1024) return 'IMAGE_SIZE';
		inputImages.push({ source: 'base64', bytes: bytes.length, type: info.type, width: info.width, height: info.height });
	}
	return undefined;
}

function outputSize(reqKey, body) {
	if (num(body.width) !== undefined && num(body.height) !== undefined) return { width: Number(body.width), height: Number(body.height) };
	if (reqKey === 'jimeng_t2i_v40') {
		const side = Math.round(Math.sqrt(num(body.size) ?? 4194304));
		return { width: side, height: side };
	}
	return { width: 1328, height: 1328 };
}

class TaskStore {
	constructor() {
		/** @type {Map<string, Task>} */
		this.tasks = new Map();
		/** @type {TaskScenario[]} */
		this.scenarios = [];
	}
	clear() {
		this.tasks.clear();
		this.scenarios.length = 0;
	}
	/** @param {string} reqKey @param {Record<string, unknown>} body @param {TaskScenario} scenario @param {any} config */
	create(reqKey, body, scenario, config) {
		const size = outputSize(reqKey, body);
		const forceSingle = body.force_single === true;
		/** @type {Task} */
		let id = newTaskId();
		while (this.tasks.has(id)) id = newTaskId();
		const task = {
			id,
			reqKey,
			submitBody: body,
			createdAt: Date.now(),
			polls: 0,
			images: forceSingle ? 1 : (scenario.images ?? config.imageCount ?? 1),
			width: scenario.width ?? config.width ?? size.width,
			height: scenario.height ?? config.height ?? size.height,
			format: scenario.format ?? config.format ?? 'jpeg',
			inQueuePolls: scenario.inQueuePolls ?? config.inQueuePolls ?? 1,
			generatingPolls: scenario.generatingPolls ?? config.generatingPolls ?? 1,
			failure: scenario.failure,
			expired: scenario.status === 'expired',
			status: 'in_queue',
		};
		this.tasks.set(task.id, task);
		return task;
	}
}

/** POST ?Action=CVSync2AsyncSubmitTask */
function submit(ctx, call) {
	const config = ctx.config.volcengine;
	const body = call.json;
	if (!body || typeof body !== 'object' || Array.isArray(body)) return env.business(50204, null, 'Parse Args Error: body must be a JSON object');
	if (typeof body.req_key !== 'string' || body.req_key === '') return env.business(50201, null, 'Request Missing Args: req_key');
	if (!KNOWN_REQ_KEYS.includes(body.req_key) && !(config.extraReqKeys ?? []).includes(body.req_key)) {
		const code = config.unknownReqKeyCode ?? 50400;
		return env.business(code, null, code === 50400 ? 'Access Denied: Internal Error (service not activated for this req_key)' : undefined);
	}
	let output;
	if (EDIT_REQ_KEYS.includes(body.req_key)) {
		const checked = validateEditSubmit(ctx, body);
		if ('refusal' in checked) return env.business(checked.refusal.code, null, checked.refusal.message);
		call.inputImages = checked.images;
		output = checked.output;
	} else {
		const problem = validateSubmit(body.req_key, body);
		if (problem) return env.business(50200, null, `Request Invalid Args: ${problem}`);
		call.inputImages = (Array.isArray(body.image_urls) ? body.image_urls : []).map((url) => ({ source: 'url', url }));
		const binaryProblem = checkBinaries(body, call.inputImages);
		if (binaryProblem === 'IMAGE_DECODE') return env.business(50207, null, 'Image Decode Error: binary_data_base64 must be plain base64 of a JPEG/PNG (no data: prefix)');
		if (binaryProblem === 'IMAGE_SIZE') return env.business(50205, null, 'Image Size Limited');
		if (binaryProblem) return env.business(50200, null, `Request Invalid Args: ${binaryProblem}`);
	}
	const scenario = ctx.tasks.scenarios.shift() ?? {};
	if (scenario.submitFailure) return env.business(scenario.submitFailure.code, null, scenario.submitFailure.message);
	const task = ctx.tasks.create(body.req_key, body, output ? { ...output, ...scenario } : scenario, config);
	call.taskId = task.id;
	return env.business(10000, { task_id: task.id });
}

/** POST ?Action=CVSync2AsyncGetResult */
function getResult(ctx, call) {
	const body = call.json;
	if (!body || typeof body !== 'object' || Array.isArray(body)) return env.business(50204, null, 'Parse Args Error: body must be a JSON object');
	if (typeof body.req_key !== 'string' || body.req_key === '') return env.business(50201, null, 'Request Missing Args: req_key');
	if (body.task_id === undefined || body.task_id === '') return env.business(50201, null, 'Request Missing Args: task_id');
	if (typeof body.task_id !== 'string' || !/^\d{1,20}$/.test(body.task_id)) return env.business(50215, null, 'Input invalid for this service.');
	/** @type {Record<string, unknown>} */
	let reqJson = {};
	if (body.req_json !== undefined) {
		if (typeof body.req_json !== 'string') return env.business(50204, null, 'Parse Args Error: req_json must be a JSON string');
		try {
			reqJson = JSON.parse(body.req_json);
		} catch {
			return env.business(50204, null, 'Parse Args Error: req_json is not valid JSON');
		}
		if (!reqJson || typeof reqJson !== 'object' || Array.isArray(reqJson)) return env.business(50204, null, 'Parse Args Error: req_json must encode an object');
	}
	call.reqJson = reqJson;
	const task = ctx.tasks.tasks.get(body.task_id);
	const pending = (status) => env.business(10000, { status, image_urls: null, binary_data_base64: null });
	if (!task) return pending('not_found');
	if (task.reqKey !== body.req_key) return env.business(50215, null, 'Input invalid for this service.');
	task.lastReqJson = reqJson;
	if (task.expired) {
		task.status = 'expired';
		return pending('expired');
	}
	task.polls++;
	if (task.polls <= task.inQueuePolls) {
		task.status = 'in_queue';
		return pending('in_queue');
	}
	if (task.polls <= task.inQueuePolls + task.generatingPolls) {
		task.status = 'generating';
		return pending('generating');
	}
	task.status = 'done';
	if (task.failure) return env.business(task.failure.code, null, task.failure.message);
	const names = [];
	for (let i = 0; i < task.images; i++) names.push(`task-${task.id}-${i}-${task.width}x${task.height}.${task.format === 'png' ? 'png' : 'jpeg'}`);
	for (const name of names) ctx.labelImage(name, task.submitBody.prompt ?? task.reqKey);
	const returnUrl = reqJson.return_url === true;
	return env.business(10000, {
		status: 'done',
		image_urls: returnUrl ? names.map((n) => ctx.fileUrl(n)) : null,
		binary_data_base64: returnUrl ? null : names.map((n) => ctx.imageFor(n).toString('base64')),
		algorithm_base_resp: { status_code: 0, status_message: 'Success' },
		infer_ctx: null,
		resp_data: '',
	});
}

module.exports = { submit, getResult, TaskStore, KNOWN_REQ_KEYS, newTaskId };
