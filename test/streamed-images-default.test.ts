/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/** Streamed images with n8n's "default" binary mode (kept in the execution data, as in queue mode's database). */
process.env.JIMENG_HARNESS_BINARY_MODE = 'default';
import { streamedImagesSuite } from './streamed-images.suite';

streamedImagesSuite('default');
