/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/**
 * What the Volcengine backend does when things go wrong: bad input never reaches the paid submit,
 * gateway and business errors become NodeApiErrors that say what to do, and a submit is repeated
 * only when the upstream proved it did not take it.
 */
import type { INodeParameters } from 'n8n-workflow';
import { RETRY_ADVICE } from '../nodes/Jimeng/errors/failure';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { encodePng, makeImage, startFakeUpstream, type FakeUpstream } from './fake-upstream';
import {
	SECRETS,
	STS_AK,
	STS_SK,
	expectAllSignaturesValid,
	runVolc,
	startVolcFake,
	volcCredentials,
} from './volcengine-setup';
import { findSecretLeaks } from './harness/runNode';

let fake: FakeUpstream;

beforeAll(async () => {
	fake = await startVolcFake();
});
afterAll(async () => {
	await fake.close();
});
beforeEach(() => fake.reset());

const V40 = {
	operation: 'generate',
	model: 'jimeng_t2i_v40',
	prompt: '一只可爱的柯基犬在草地上玩耍',
	forceSingle: true,
	options: { maxPollInterval: 1 },
};

const png = (width: number, height: number) => encodePng(width, height, [10, 120, 200]);

describe('invalid input is rejected before any paid call', () => {
	const cases: Array<[string, INodeParameters, RegExp, Parameters<typeof runVolc>[2]?]> = [
		['empty prompt', { ...V40, prompt: '   ' }, /prompt is empty/],
		[
			'prompt over 800 characters',
			{ ...V40, prompt: '猫'.repeat(801) },
			/801 characters; the limit is 800/,
		],
		[
			'11 reference images for Jimeng 4.0',
			{
				...V40,
				referenceImages: {
					images: Array.from({ length: 11 }, (_, i) => ({ url: `https://example.com/${i}.png` })),
				},
			},
			/Reference Images: Jimeng 4\.0 takes at most 10 images, not 11/,
		],
		[
			'a reference that is not an http URL',
			{ ...V40, referenceImages: { images: [{ url: 'file:///etc/passwd' }] } },
			/not an http\(s\) URL/,
		],
		[
			'area below 1024²',
			{ ...V40, size: 'area', area: 1000 * 1000 },
			/between 1048576 and 16777216/,
		],
		[
			'area above 4096²',
			{ ...V40, size: 'area', area: 4097 * 4096 },
			/between 1048576 and 16777216/,
		],
		[
			'width × height below 1024²',
			{ ...V40, size: 'custom', width: 1000, height: 1000 },
			/Width × height is 1000000 pixels/,
		],
		[
			'aspect ratio outside min/max ratio',
			{ ...V40, size: 'custom', width: 4096, height: 1024, maxRatio: 3 },
			/aspect ratio 4096:1024 is outside/,
		],
		[
			'min ratio above max ratio',
			{ ...V40, minRatio: 2, maxRatio: 1 },
			/larger than Max Aspect Ratio/,
		],
		['scale above 1', { ...V40, scale: 1.5 }, /between 0 and 1/],
		[
			'a timeout of 0 from an expression (checked before the submit, not after it)',
			{ ...V40, timeout: '={{ $json.seconds ?? 0 }}' },
			/Timeout must be a positive number/,
		],
		[
			'3.x width above 2048',
			{ operation: 'generate', model: 'jimeng_t2i_v30', prompt: 'x', size: 'custom', width: 4000 },
			/Width must be between 512 and 3024/,
		],
		[
			'3.x aspect ratio beyond 3:1',
			{
				operation: 'generate',
				model: 'jimeng_t2i_v31',
				prompt: 'x',
				size: 'custom',
				width: 2048,
				height: 600,
			},
			/beyond 3:1/,
		],
		[
			'additional body fields that are not JSON',
			{ ...V40, options: { additionalBodyFields: '{nope' } },
			/not valid JSON/,
		],
		[
			'additional body fields changing req_key',
			{ ...V40, options: { additionalBodyFields: '{"req_key":"other"}' } },
			/may not change req_key/,
		],
		[
			'prompt emptied through additional body fields',
			{ ...V40, options: { additionalBodyFields: '{"prompt":"  "}' } },
			/prompt \(from Additional Body Fields\) is empty/,
		],
		[
			'prompt made too long through additional body fields',
			{ ...V40, options: { additionalBodyFields: JSON.stringify({ prompt: '字'.repeat(801) }) } },
			/has 801 characters; Jimeng 4.0 takes at most 800/,
		],
		[
			'width and height below the area through additional body fields',
			{ ...V40, options: { additionalBodyFields: '{"width":512,"height":512}' } },
			/width × height \(from Additional Body Fields\) is 262144 pixels/,
		],
		[
			'Seedream 4.6 scale 0.5 through additional body fields',
			{
				...V40,
				model: 'jimeng_seedream46_cvtob',
				options: { additionalBodyFields: '{"scale":0.5}' },
			},
			/scale \(from Additional Body Fields\) must be a whole number/,
		],
		[
			'eleven image URLs through additional body fields',
			{
				...V40,
				options: {
					additionalBodyFields: JSON.stringify({
						image_urls: Array.from({ length: 11 }, (_, i) => `https://example.com/${i}.png`),
					}),
				},
			},
			/at most 10 input images, but the request \(from Additional Body Fields\) has 11/,
		],
		[
			'custom model without key',
			{ operation: 'generate', model: 'custom', customModel: ' ', prompt: 'x' },
			/Custom Model Key is empty/,
		],
		[
			'watermark opacity above 1',
			{ ...V40, options: { watermark: true, watermarkOpacity: 2 } },
			/Watermark Opacity must be between 0 and 1/,
		],
		[
			'AIGC metadata without producer id',
			{ ...V40, options: { aigcContentProducer: 'x' } },
			/Producer ID/,
		],
		[
			'edit with Jimeng 4.0 and no image URL',
			{ ...V40, operation: 'edit' },
			/Jimeng 4.0 needs an input image/,
		],
		[
			'edit with a text-only model',
			{ operation: 'edit', model: 'jimeng_t2i_v31', prompt: 'x' },
			/Edit needs an input image/,
		],
		[
			'image to image without the binary field',
			{ operation: 'edit', prompt: 'make it blue', inputImages: 'photo' },
			/no binary property "photo"/,
		],
		[
			'image to image with a binary that is not an image',
			{ operation: 'edit', prompt: 'make it blue' },
			/not a PNG, JPEG, WebP or GIF image/,
			{
				input: [
					{
						json: {},
						binary: { data: { data: Buffer.from('hello, not an image'), mimeType: 'image/png' } },
					},
				],
			},
		],
		[
			'image to image with a GIF',
			{ operation: 'edit', prompt: 'make it blue' },
			/takes JPEG or PNG/,
			{
				input: [
					{
						json: {},
						binary: {
							data: {
								data: Buffer.from(
									'474946383961010001000000002c00000000010001000002024401003b',
									'hex',
								),
								mimeType: 'image/gif',
							},
						},
					},
				],
			},
		],
		[
			'image to image over 4.7 MB',
			{ operation: 'edit', prompt: 'make it blue' },
			/the limit is 4\.7 MB/,
			{
				input: [
					{
						json: {},
						binary: {
							data: {
								data: Buffer.concat([png(64, 64), Buffer.alloc(5 * 1024 * 1024)]),
								mimeType: 'image/png',
							},
						},
					},
				],
			},
		],
		[
			'image to image with a 4:1 input',
			{ operation: 'edit', prompt: 'make it blue' },
			/"data" is 2000×500; Jimeng 3\.0 Image to Image takes aspect ratios from 1:3 to 3:1/,
			{ input: [{ json: {}, binary: { data: { data: png(2000, 500), mimeType: 'image/png' } } }] },
		],
		[
			'image to image with an input beyond 4096 pixels',
			{ operation: 'edit', prompt: 'make it blue' },
			/"data" is 4200×2000; Jimeng 3\.0 Image to Image takes at most 4096×4096/,
			{ input: [{ json: {}, binary: { data: { data: png(4200, 2000), mimeType: 'image/png' } } }] },
		],
		[
			'image to image output width above 2016',
			{
				operation: 'edit',
				prompt: 'x',
				inputImageSource: 'url',
				inputImageUrls: { images: [{ url: 'https://e.com/a.png' }] },
				size: 'custom',
				width: 2048,
			},
			/between 512 and 2016/,
		],
	];

	const rows = cases.map(([name, parameters, message, options]) => ({
		name,
		parameters,
		message,
		options,
	}));
	it.each(rows)('$name', async ({ parameters, message, options }) => {
		const result = await runVolc(fake, parameters, options);
		expect(result.error?.message).toMatch(message);
		expect(result.error?.thrown).toBeInstanceOf(NodeOperationError);
		expect(result.error?.itemIndex).toBe(0);
		expect(fake.paidCalls()).toBe(0);
		expect(fake.calls).toHaveLength(0);
	});

	it('names the failing item, and continueOnFail gives an error item per bad input', async () => {
		const result = await runVolc(
			fake,
			{ ...V40, prompt: '={{ $json.prompt }}' },
			{ input: [{ json: { prompt: 'a corgi' } }, { json: { prompt: '' } }], continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		expect(fake.count('submit')).toBe(1);
		expect(result.items).toHaveLength(2);
		expect(result.items[0].binary?.data).toBeDefined();
		expect(result.items[1].json.error).toMatch(/prompt is empty/);
		expect(result.items[1].json.taskId).toBeUndefined();
		expect(result.items[1].pairedItem).toEqual({ item: 1 });
	});
});

describe('gateway errors', () => {
	it('SignatureDoesNotMatch for a wrong secret key: a NodeApiError with a sentence, the code and the request id', async () => {
		const wrongSk = 'WrongSecretKey-do-not-leak-42';
		const result = await runVolc(fake, V40, {
			credentials: volcCredentials(fake, { secretAccessKey: wrongSk }),
		});
		const error = result.error!;
		expect(error.thrown).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(
			/^Volcengine rejected the request signature \[SignatureDoesNotMatch, request ID \w+\]: The request signature we calculated/,
		);
		expect(error.description).toMatch(/Secret Access Key/);
		expect(error.httpCode).toBe('401');
		expect(error.itemIndex).toBe(0);
		expect(fake.count('submit')).toBe(1);
		expect(fake.tasks.list()).toHaveLength(0);
		expect(findSecretLeaks(result, [wrongSk])).toEqual([]);
	});

	it('InvalidAccessKey for an unknown access key id', async () => {
		const result = await runVolc(fake, V40, {
			credentials: volcCredentials(fake, { accessKeyId: 'AKLTunknown' }),
		});
		expect(result.error?.message).toMatch(
			/does not know this Access Key ID \[InvalidAccessKey, request ID/,
		);
		expect(fake.count('submit')).toBe(1);
	});

	it('InvalidSecretToken for a wrong STS session token, which never appears anywhere', async () => {
		const wrongToken = 'STSwrongTokenValue-must-not-leak';
		const result = await runVolc(fake, V40, {
			credentials: volcCredentials(fake, {
				accessKeyId: STS_AK,
				secretAccessKey: STS_SK,
				sessionToken: wrongToken,
			}),
		});
		expect(result.error?.message).toMatch(/session token .*\[InvalidSecretToken, request ID/);
		expect(result.error?.description).toMatch(/Session Token/);
		expect(findSecretLeaks(result, [wrongToken, ...SECRETS])).toEqual([]);
	});

	it('InvalidTimestamp when the clock is off', async () => {
		const skewed = await startFakeUpstream({
			volcengine: {
				accessKeyId: 'AKLTskew',
				secretAccessKey: 'SkewSecret',
				now: () => Date.now() + 60 * 60 * 1000,
			},
		});
		try {
			const result = await runVolc(skewed, V40, {
				credentials: volcCredentials(skewed, {
					accessKeyId: 'AKLTskew',
					secretAccessKey: 'SkewSecret',
				}),
			});
			expect(result.error?.message).toMatch(/clock is off \[InvalidTimestamp, request ID/);
			expect(result.error?.description).toMatch(/NTP/);
		} finally {
			await skewed.close();
		}
	});

	it('AccessDenied says which permission is missing', async () => {
		fake.fault('submit', { kind: 'volcGateway', code: 'AccessDenied' });
		const result = await runVolc(fake, V40);
		expect(result.error?.message).toMatch(
			/not allowed to call the visual API \[AccessDenied, request ID/,
		);
		expect(result.error?.description).toMatch(/policy/);
		expect(result.error?.httpCode).toBe('403');
		expect(fake.count('submit')).toBe(1);
	});
});

describe('business errors on submit', () => {
	it('50400: the model is not activated', async () => {
		const result = await runVolc(fake, {
			operation: 'generate',
			model: 'custom',
			customModel: 'jimeng_not_enabled',
			prompt: 'x',
		});
		expect(result.error?.message).toMatch(
			/not activated .*\[50400, request ID \w+\]: Access Denied/,
		);
		expect(result.error?.description).toMatch(/console/);
		expect(result.error?.httpCode).toBe('400');
		expect(fake.count('submit')).toBe(1);
	});

	it.each([
		[50412, /prompt did not pass content review \[50412/],
		[50215, /did not meet the requirements .*\[50215/],
		[50411, /input image did not pass content review \[50411/],
	])('%d is explained and not retried', async (code, message) => {
		fake.tasks.next({ submitFailure: { code } });
		const result = await runVolc(fake, V40);
		expect(result.error?.message).toMatch(message);
		expect(result.error?.thrown).toBeInstanceOf(NodeApiError);
		expect(fake.count('submit')).toBe(1);
	});

	it('continueOnFail turns an upstream error into an error item with pairedItem', async () => {
		fake.tasks.next({ submitFailure: { code: 50412 } });
		const result = await runVolc(fake, V40, { continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			{
				json: expect.objectContaining({ error: expect.stringMatching(/\[50412/) }),
				pairedItem: { item: 0 },
			},
		]);
	});
});

describe('a paid submit is repeated only when it was provably not accepted', () => {
	it.each([
		['a 5xx (50500)', { kind: 'serverError' as const, status: 500 }, /\[50500/],
		['a 502 from the gateway', { kind: 'serverError' as const, status: 502 }, /\[InternalError/],
		['a reset connection', 'reset' as const, /connection to Volcengine broke/],
		['an unreadable 200', 'malformed' as const, /not its JSON envelope/],
		[
			'a timeout-like slow reset',
			{ kind: 'reset' as const, delayMs: 300 },
			/connection to Volcengine broke/,
		],
	])(
		'%s: exactly one submit, no retry, and the error warns the task may exist',
		async (_name, spec, message) => {
			fake.fault('submit', spec);
			const result = await runVolc(fake, V40);
			expect(result.error?.message).toMatch(message);
			expect(result.error?.description).toMatch(/may have been charged/);
			expect(result.error?.description).toMatch(/did not repeat it/);
			expect(`${result.error?.message} ${result.error?.description}`).not.toMatch(RETRY_ADVICE);
			expect(fake.count('submit')).toBe(1);
			expect(fake.count('getResult')).toBe(0);
		},
	);

	it.each([
		['50429 (QPS limit)', { kind: 'volcBusiness' as const, code: 50429 }],
		['50430 (concurrency limit)', { kind: 'volcBusiness' as const, code: 50430 }],
		['HTTP 429 with Retry-After', { kind: 'rateLimit' as const, retryAfter: 1 }],
		['a bare HTTP 429', { kind: 'http' as const, status: 429, body: '' }],
		['gateway FlowLimitExceeded', { kind: 'volcGateway' as const, code: 'FlowLimitExceeded' }],
	])('%s: retried with backoff, one task created, images out', async (_name, spec) => {
		fake.fault('submit', spec);
		const result = await runVolc(fake, V40);
		expect(result.error).toBeUndefined();
		expect(fake.count('submit')).toBe(2);
		expect(fake.tasks.list()).toHaveLength(1);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].binary?.data).toBeDefined();
		expect(result.logs.some((line) => line.includes('submitting again (attempt 2)'))).toBe(true);
		expectAllSignaturesValid(fake);
	});

	it('a refused connection is retried, and reaches the upstream once it is back', async () => {
		// Learn a free port, then leave it closed: the first submit is refused.
		const probe = await startVolcFake();
		const port = probe.port;
		await probe.close();
		let revived: FakeUpstream | undefined;
		const timer = setTimeout(() => {
			void startFakeUpstream({
				port,
				volcengine: {
					credentials: [{ accessKeyId: 'AKLTrefused', secretAccessKey: 'RefusedSecret' }],
				},
			}).then((server) => (revived = server));
		}, 700);
		try {
			const result = await runVolc(probe, V40, {
				credentials: {
					accessKeyId: 'AKLTrefused',
					secretAccessKey: 'RefusedSecret',
					region: 'cn-north-1',
					endpoint: `http://127.0.0.1:${port}`,
				},
			});
			expect(result.error).toBeUndefined();
			expect(result.logs.some((line) => line.includes('submitting again (attempt 2)'))).toBe(true);
			expect(revived?.count('submit')).toBe(1);
			expect(revived?.tasks.list()).toHaveLength(1);
			expect(result.items).toHaveLength(1);
		} finally {
			clearTimeout(timer);
			await revived?.close();
		}
	});
});

it('makes real images for the i2i tests above (sanity of the fixture)', () => {
	expect(makeImage('png', 10, 10).subarray(1, 4).toString()).toBe('PNG');
});
