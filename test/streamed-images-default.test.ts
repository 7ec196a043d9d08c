/** Streamed images with n8n's "default" binary mode (kept in the execution data, as in queue mode's database). */
process.env.JIMENG_HARNESS_BINARY_MODE = 'default';
// eslint-disable-next-line import-x/first
import { streamedImagesSuite } from './streamed-images.suite';

streamedImagesSuite('default');
