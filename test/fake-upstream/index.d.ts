/**
 * Types for the fake upstream (implementation: plain CommonJS in index.js/server.js, so that it runs
 * in jest and as a standalone `node test/fake-upstream/cli.js` without a build). See index.js.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- parsed request bodies are whatever the client sent; tests read them freely */

export type Route = 'generations' | 'edits' | 'models' | 'submit' | 'getResult' | 'visual' | 'download' | 'relayTask' | 'unknown';
export type Flavour = 'openai' | 'ark' | 'volcengine' | 'files';

export interface MultipartFile {
	field: string;
	filename: string;
	mimeType: string;
	size: number;
	data: Buffer;
}

export interface Multipart {
	/** scalar fields as strings; a repeated field becomes string[] */
	fields: Record<string, string | string[]>;
	fieldList: Array<{ name: string; value: string }>;
	files: MultipartFile[];
	/** part names in received order (fields and files) */
	partOrder: string[];
}

export interface InputImageInfo {
	source: 'url' | 'data' | 'file' | 'base64';
	url?: string;
	field?: string;
	filename?: string;
	mimeType?: string;
	bytes?: number;
	type?: 'png' | 'jpeg' | 'webp' | 'gif';
	width?: number;
	height?: number;
}

/** One received request, as logged (every route except the /__fake control API). */
export interface CallRecord {
	seq: number;
	route: Route;
	flavour: Flavour;
	method: string;
	path: string;
	/** raw query string as received, without '?' */
	rawQuery: string;
	query: Record<string, string | string[]>;
	/** lower-case names, as node:http gives them */
	headers: Record<string, string | string[] | undefined>;
	rawBody: Buffer;
	/** body as UTF-8 text ('' for multipart) */
	text: string;
	/** parsed JSON body, undefined when not JSON */
	json: any;
	multipart?: Multipart;
	/** images the request referenced (generations `image`, edits files/URLs, visual image_urls/binary_data_base64) */
	inputImages?: InputImageInfo[];
	/** which provider's rules answered (from the base URL's first path segment; see dialects.js) */
	dialect?: Dialect;
	/** jimeng-api /generations got `image` and dropped it (billed as plain text-to-image) */
	ignoredImage?: boolean;
	mask?: { filename: string; mimeType: string; bytes: number; width: number; height: number };
	/** visual API: signature check outcome */
	signature?: { ok: true; accessKeyId: string; signedHeaders: string[] } | { ok: false; code: string; message: string };
	/** Bearer check failure, if any */
	authError?: 'invalid_api_key' | 'missing_api_key';
	/** fault kind applied to this call */
	fault?: string;
	/** GetResult: parsed req_json */
	reqJson?: Record<string, unknown>;
	/** relay task routes (/apimart/v1, /sub2api/v1): which relay, an /async submit, the polled id */
	relay?: { relay: 'apimart' | 'sub2api'; async: boolean; taskId?: string };
	/** Submit: the created task id */
	taskId?: string;
	/** HTTP status answered (0 = connection reset) */
	status?: number;
	time: number;
}

export type FaultSpec =
	| 'reset'
	| 'malformed'
	| 'rateLimit'
	| 'serverError'
	| 'relayError'
	| { kind: 'rateLimit'; retryAfter?: number | string; delayMs?: number }
	| { kind: 'volcBusiness'; code: number; message?: string; delayMs?: number }
	| { kind: 'volcGateway'; code: string; status?: number; message?: string; delayMs?: number }
	| { kind: 'serverError'; status?: number; delayMs?: number }
	| { kind: 'http'; status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
	| { kind: 'reset'; delayMs?: number }
	| { kind: 'delay'; ms: number }
	| { kind: 'malformed'; delayMs?: number }
	| { kind: 'relayError'; code?: number; message?: string; delayMs?: number };

export interface Reply {
	status: number;
	headers?: Record<string, string>;
	/** object -> JSON; string/Buffer sent as is */
	body?: unknown;
}

export type OverrideHandler = (
	call: CallRecord,
	helpers: {
		/** the reply the fake would have sent */
		next: () => Promise<Reply>;
		fileUrl: (name: string) => string;
		imageFor: (name: string) => Buffer;
		env: any;
	},
) => Reply | 'reset' | undefined | Promise<Reply | 'reset' | undefined>;

export interface OpenAiConfig {
	/** images per response (default: n, or sequential max_images) */
	imageCount?: number;
	width?: number;
	height?: number;
	format?: 'png' | 'jpeg';
	/** add revised_prompt to each entry (string = that text) */
	revisedPrompt?: boolean | string;
	/** indexes that come back as {error:{code,message}} entries / partial_failed frames */
	failIndexes?: number[];
	/** usage object to answer (null = none; default by flavour/model) */
	usage?: unknown;
	/** extra top-level fields of the answer, e.g. a relay's own `cost` and `currency` */
	extraFields?: Record<string, unknown>;
	defaultResponseFormat?: 'url' | 'b64_json';
	/** SSE: wait before each image frame */
	streamDelayMs?: number;
	/** SSE: send an `event: error` frame instead of image k and stop (no [DONE]) */
	streamFatalAfter?: number;
	/** GET /models list (entries get object:'model', created, owned_by defaults) */
	models?: Array<{ id: string; [key: string]: unknown }>;
	/** layer decomposition (Seedream 5.x on Ark): layers besides the base image (default 3, at most the model's) */
	layerCount?: number;
	/** layer decomposition: answer the layers top first and the base image last */
	shuffleLayers?: boolean;
}

export interface VolcTaskConfig {
	/** GetResult polls answering in_queue (default 1) */
	inQueuePolls?: number;
	/** then polls answering generating (default 1) */
	generatingPolls?: number;
	/** images per task unless force_single (default 1) */
	imageCount?: number;
	width?: number;
	height?: number;
	format?: 'png' | 'jpeg';
	/** business code for an unknown req_key: 50400 (default) or 50215 */
	unknownReqKeyCode?: number;
	extraReqKeys?: string[];
}

export interface TaskScenario {
	images?: number;
	width?: number;
	height?: number;
	format?: 'png' | 'jpeg';
	inQueuePolls?: number;
	generatingPolls?: number;
	/** GetResult answers this business code with data:null once the task is "done" */
	failure?: { code: number; message?: string };
	/** the Submit itself fails with this business code (no task created) */
	submitFailure?: { code: number; message?: string };
	status?: 'expired';
}

export interface Task {
	id: string;
	reqKey: string;
	submitBody: Record<string, unknown>;
	createdAt: number;
	polls: number;
	images: number;
	width: number;
	height: number;
	format: 'png' | 'jpeg';
	inQueuePolls: number;
	generatingPolls: number;
	failure?: { code: number; message?: string };
	expired: boolean;
	status: string;
	lastReqJson?: Record<string, unknown>;
}

export interface VolcCredential {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
}

export interface FakeUpstreamOptions {
	/** default 0 (ephemeral) */
	port?: number;
	/** default 127.0.0.1 */
	host?: string;
	/** Bearer token(s) accepted; default 'sk-test'; null disables the check */
	apiKey?: string | string[] | null;
	/** base of the image URLs it hands out (default its own http://127.0.0.1:port) */
	publicUrl?: string;
	/** downloads carrying an Authorization header get 400 like pre-signed object-store URLs (default true) */
	rejectAuthorizationOnDownload?: boolean;
	openai?: OpenAiConfig;
	volcengine?: {
		accessKeyId?: string;
		secretAccessKey?: string;
		sessionToken?: string;
		credentials?: VolcCredential[];
		/** default cn-north-1 */
		region?: string;
		/** X-Date skew allowed, default 15 min; false disables the check */
		maxSkewMs?: number | false;
		/** clock for the skew check */
		now?: () => number;
		tasks?: VolcTaskConfig;
	};
}

/** Seed providers the fake imitates strictly, chosen by the base URL (`relayBaseUrl`). */
export type Dialect = 'hingnet' | 'deepwl' | 'jimeng-api' | 'gpt' | 'seedream' | 'ark' | 'generic';

export interface RelayConfig {
	/** APIMart answers `pending` this long (default 150 ms), both relays then `processing`. */
	pendingMs?: number;
	processingMs?: number;
	/** sub2api's /async endpoints (default true; false → 404 "async image tasks are not enabled"). */
	asyncEnabled?: boolean;
	ttlMs?: number;
}

export interface RelayTaskScenario {
	pendingMs?: number;
	processingMs?: number;
	/** completed (default), failed, timeout (sub2api http_status 504), never (processing forever) */
	outcome?: 'completed' | 'failed' | 'timeout' | 'never';
	failure?: Record<string, unknown>;
	/** A cost the final poll states. */
	cost?: number;
}

export interface RelayTaskRecord {
	id: string;
	relay: 'apimart' | 'sub2api';
	createdAt: number;
	outcome: string;
	polls: number;
	expired: boolean;
	answer: { status: number; body: any };
}

export interface FakeUpstream {
	/** http://127.0.0.1:PORT */
	url: string;
	port: number;
	/** url + '/v1' (credential `url` for relays) */
	openaiBaseUrl: string;
	/** url + '/api/v3' (Ark) */
	arkBaseUrl: string;
	/** Base URL of a strict seed provider: url + '/hingnet/v1' etc. */
	relayBaseUrl(dialect: Exclude<Dialect, 'ark' | 'generic'> | 'apimart' | 'sub2api'): string;
	/** url (credential `endpoint` for the visual API) */
	volcEndpoint: string;
	/** ready-made credential data for the node's two credential types (jimengApi, jimengVolcengineApi) */
	credentials: {
		openai: { url: string; apiKey: string };
		ark: { url: string; apiKey: string };
		volcengine?: { accessKeyId: string; secretAccessKey: string; sessionToken: string; region: string; endpoint: string };
	};
	/** live request log (emptied by reset) */
	calls: CallRecord[];
	/** requests received on a route (including ones answered with auth errors or faults) */
	count(route: Route): number;
	counts(): Record<Route, number>;
	callsTo(route: Route): CallRecord[];
	lastCall(route?: Route): CallRecord | undefined;
	/** generations + edits + submit requests received */
	paidCalls(): number;
	/** clears log, counters, faults, overrides, tasks and configuration */
	reset(): void;
	/** next `times` authenticated calls to `route` ('*' = any route) get this fault */
	fault(route: Route | '*', spec: FaultSpec, times?: number): void;
	pendingFaults(route: Route | '*'): number;
	/** replace a route's answer (after auth and faults); return undefined to fall through; null removes */
	override(route: Route, handler: OverrideHandler | null): void;
	configure(patch: { openai?: OpenAiConfig; volcengine?: VolcTaskConfig; relay?: RelayConfig }): void;
	/** Relay tasks of /apimart/v1 and /sub2api/v1 (relayTasks.js). */
	relayTasks: {
		/** The scenario of the next task a relay creates. */
		next(scenario?: RelayTaskScenario): void;
		get(id: string): RelayTaskRecord | undefined;
		list(): RelayTaskRecord[];
		/** Polls of this id answer 404 from now on. */
		expire(id: string): void;
	};
	/** pre-signed URL of a generated file name like `gen-1-0-640x480.png` */
	fileUrl(name: string): string;
	imageFor(name: string): Buffer;
	tasks: {
		/** scenario for the next submitted task (queue) */
		next(scenario?: TaskScenario): void;
		/** a task that exists without a submit (for Wait-for-Result tests) */
		create(reqKey?: string, scenario?: TaskScenario, submitBody?: Record<string, unknown>): Task;
		get(id: string): Task | undefined;
		list(): Task[];
		expire(id: string): void;
	};
	close(): Promise<void>;
}

export function startFakeUpstream(options?: FakeUpstreamOptions): Promise<FakeUpstream>;
export function serialiseCall(call: CallRecord): Record<string, unknown>;
export const ROUTES: Route[];

export function makeImage(format: 'png' | 'jpeg', width: number, height: number, colour?: number): Buffer;
export function encodePng(width: number, height: number, rgb: [number, number, number]): Buffer;
export function encodeJpeg(width: number, height: number, rgb: [number, number, number]): Buffer;
/** independent header parser (PNG, JPEG SOFn, WebP, GIF) */
/** Left half 0, right half 255, 8 bits per channel; colour type 0 = one-channel grayscale. */
export function encodeMaskPng(width: number, height: number, colourType?: 0 | 2 | 4 | 6): Buffer;
/** Channels of a PNG or JPEG (1 = grayscale), read independently of the product's code. */
export function channelCount(buf: Uint8Array): number | undefined;
export function readImageSize(buf: Uint8Array): { type: 'png' | 'jpeg' | 'webp' | 'gif'; width: number; height: number } | undefined;

export interface VerifyRequest {
	method: string;
	path: string;
	rawQuery: string;
	headers: Record<string, string | string[] | undefined>;
	body: Buffer | string;
}
export type VerifyResult =
	| { ok: true; accessKeyId: string; signedHeaders: string[]; canonicalRequest: string; stringToSign: string }
	| { ok: false; code: string; codeN: number; httpStatus: number; message: string; canonicalRequest?: string; stringToSign?: string };
export function verifyV4(
	req: VerifyRequest,
	options: { credentials: VolcCredential[]; region?: string; service?: string; maxSkewMs?: number | false; now?: number },
): VerifyResult;
export function canonicalQueryString(rawQuery: string): string;
export function canonicalRequest(req: VerifyRequest, signedHeaders: string[]): string;
export function parseAuthorization(
	header: string,
):
	| { algorithm: string; accessKeyId: string; date: string; region: string; service: string; terminator: string; signedHeaders: string[]; signature: string }
	| undefined;
/** ONLY for testing the fake itself; product tests must sign with the credential's authenticate(). */
export function signForTests(
	req: { method?: string; path?: string; rawQuery: string; headers: Record<string, string>; body: Buffer | string },
	cred: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; region?: string; service?: string; signedHeaders?: string[] },
): Record<string, string>;
export function xDateNow(now?: number): string;
export function sha256Hex(data: string | Buffer): string;
export const KNOWN_REQ_KEYS: string[];
export const DEFAULT_MODELS: Array<{ id: string; [key: string]: unknown }>;
