/** Reading Volcengine envelopes and explaining failures (pure). */
import {
	explainBusinessCode,
	explainGatewayError,
	explainNetworkError,
	explainTaskStatus,
	failureSentence,
	parseJsonKeepingTaskIds,
	parseVolcEnvelope,
} from '../nodes/Jimeng/visual/volcErrors';

const gatewayBody = (code: string, message = code) =>
	JSON.stringify({
		ResponseMetadata: {
			RequestId: '20250101000000ABCDEF',
			Action: 'CVSync2AsyncSubmitTask',
			Version: '2022-08-31',
			Service: 'cv',
			Region: 'cn-north-1',
			Error: { CodeN: 100010, Code: code, Message: message },
		},
	});

const businessBody = (code: number, data: unknown = null, message = 'x') =>
	JSON.stringify({ code, data, message, request_id: 'REQ123', status: code, time_elapsed: '5ms' });

describe('parseVolcEnvelope', () => {
	it('reads success and keeps a 19-digit numeric task_id exact, as a string', () => {
		const text =
			'{"code":10000,"data":{"task_id":7392616336519610409},"message":"Success","request_id":"R1","status":10000}';
		expect(JSON.parse(text).data.task_id).not.toBe(7392616336519610409n.toString()); // what a plain parse loses
		const envelope = parseVolcEnvelope(200, text);
		expect(envelope).toEqual({
			ok: true,
			data: { task_id: '7392616336519610409' },
			requestId: 'R1',
		});
	});

	it('leaves task_id inside JSON strings and other numbers alone', () => {
		const parsed = parseJsonKeepingTaskIds(
			'{"req_json":"{\\"task_id\\":12}","task_id" : 123,"n":4,"list":[{"task_id":-5}]}',
		) as Record<string, unknown>;
		expect(parsed).toEqual({
			req_json: '{"task_id":12}',
			task_id: '123',
			n: 4,
			list: [{ task_id: '-5' }],
		});
	});

	it('reads gateway errors on any status first (no need to look at other fields)', () => {
		const envelope = parseVolcEnvelope(401, gatewayBody('SignatureDoesNotMatch'));
		expect(envelope.ok).toBe(false);
		if (envelope.ok) return;
		expect(envelope.failure).toMatchObject({
			layer: 'gateway',
			code: 'SignatureDoesNotMatch',
			retry: 'permanent',
			requestId: '20250101000000ABCDEF',
			httpStatus: 401,
		});
		expect(failureSentence(envelope.failure)).toBe(
			'Volcengine rejected the request signature [SignatureDoesNotMatch, request ID 20250101000000ABCDEF]',
		);
		expect(envelope.failure.hint).toMatch(/Secret Access Key/);
	});

	it.each([
		['InvalidAccessKey', /Access Key ID/],
		['InvalidTimestamp', /clock/],
		['AccessDenied', /policy/],
		['InvalidSecretToken', /Session Token/],
	])('explains gateway %s with what to do', (code, hint) => {
		const envelope = parseVolcEnvelope(401, gatewayBody(code));
		if (envelope.ok) throw new Error('expected a failure');
		expect(envelope.failure.hint).toMatch(hint);
		expect(envelope.failure.retry).toBe('permanent');
	});

	it('classes gateway limits and internal errors as retryable', () => {
		expect(explainGatewayError('FlowLimitExceeded').retry).toBe('notAccepted');
		expect(explainGatewayError('InternalError').retry).toBe('transient');
		expect(explainGatewayError('InternalServiceTimeout').retry).toBe('transient');
		expect(explainGatewayError('SomethingNew', 'm', 503).retry).toBe('transient');
		expect(explainGatewayError('SomethingNew', 'm', 429).retry).toBe('notAccepted');
		expect(explainGatewayError('SomethingNew', 'odd', 400)).toMatchObject({ retry: 'permanent' });
	});

	it('reads business errors on HTTP 400/429/500 with the code and request id', () => {
		const envelope = parseVolcEnvelope(400, businessBody(50412, null, 'Text Risk Not Pass'));
		if (envelope.ok) throw new Error('expected a failure');
		expect(envelope.failure).toMatchObject({
			layer: 'business',
			code: '50412',
			upstreamMessage: 'Text Risk Not Pass',
			requestId: 'REQ123',
			retry: 'permanent',
		});
		expect(failureSentence(envelope.failure)).toBe(
			'The prompt did not pass content review [50412, request ID REQ123]: Text Risk Not Pass',
		);
	});

	it.each([
		[50429, 'notAccepted'],
		[50430, 'notAccepted'],
		[50500, 'permanent'],
		[50501, 'permanent'],
		[50400, 'permanent'],
		[50215, 'permanent'],
		[50411, 'permanent'],
		[50511, 'permanent'],
		[50522, 'permanent'],
		[50450, 'permanent'],
	])('classes business code %d as %s', (code, retry) => {
		expect(explainBusinessCode(code).retry).toBe(retry);
	});

	it('says what 50400 and the content-review range mean', () => {
		expect(explainBusinessCode(50400).message).toMatch(/not activated/);
		expect(explainBusinessCode(50400).hint).toMatch(/console/);
		expect(explainBusinessCode(50450).message).toMatch(/content review/);
		expect(explainBusinessCode(50215).hint).toMatch(/task ID/);
		expect(explainBusinessCode(50429).hint).toMatch(/Slow down/);
		expect(explainBusinessCode(99999, 'strange', 400).message).toBe(
			'Volcengine answered error 99999 (strange)',
		);
	});

	it('handles answers without an envelope by HTTP status', () => {
		const bad = (status: number, text: string) => {
			const envelope = parseVolcEnvelope(status, text);
			if (envelope.ok) throw new Error('expected a failure');
			return envelope.failure;
		};
		expect(bad(429, '')).toMatchObject({ layer: 'http', code: 'HTTP 429', retry: 'notAccepted' });
		expect(bad(502, '<html>Bad Gateway</html>')).toMatchObject({
			retry: 'transient',
			upstreamMessage: '<html>Bad Gateway</html>',
		});
		// A 200 that cannot be read may hide an accepted task: never "not accepted".
		expect(bad(200, '{"code": 10000, "data": {"task_')).toMatchObject({ retry: 'transient' });
		expect(bad(404, 'Not Found')).toMatchObject({ retry: 'permanent' });
	});
});

describe('explainNetworkError', () => {
	it('only a refused connection proves nothing was accepted', () => {
		expect(explainNetworkError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1').retry).toBe(
			'notAccepted',
		);
		expect(explainNetworkError('ECONNRESET', 'socket hang up').retry).toBe('transient');
		expect(explainNetworkError('ECONNABORTED', 'timeout of 60000ms exceeded').retry).toBe(
			'transient',
		);
		expect(explainNetworkError(undefined, 'socket hang up').retry).toBe('transient');
		expect(explainNetworkError('ENOTFOUND', 'getaddrinfo ENOTFOUND x').retry).toBe('permanent');
	});
});

describe('explainTaskStatus', () => {
	it('explains not_found and expired', () => {
		expect(explainTaskStatus('not_found').hint).toMatch(/12 hours/);
		expect(explainTaskStatus('expired').hint).toMatch(/12 hours/);
	});
});
