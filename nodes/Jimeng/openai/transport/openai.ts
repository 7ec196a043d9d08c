/**
 * The OpenAI-compatible images transport, one job per module:
 * - openaiCredential: credential and base URL; openaiRequest: sending and the 429/refused retry rule;
 * - openaiResult: whole JSON answers; openaiStream: SSE answers; multipart: form bodies;
 * - openaiModels: the model list; lib/openaiErrors: what an error answer means.
 */
export { CREDENTIAL_NAME, getApiContext } from './openaiCredential';
export { fetchModelList } from './openaiModels';
export { requestImages } from './openaiRequest';
export type { ImageDatum, ImagesRequest, ImagesResult } from './openaiTypes';
export { normalizeBaseUrl } from '../../auth/urls';
export { redactSecrets } from '../../errors/redact';
export {
	classifyUpstreamError,
	readErrorEnvelope,
	upstreamFailure,
	type ErrorKind,
	type UpstreamErrorInfo,
} from '../openaiErrors';
