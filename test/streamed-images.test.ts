/** Streamed images into n8n's filesystem binary store (n8n 2.x's default outside queue mode). */
import { streamedImagesSuite } from './streamed-images.suite';

streamedImagesSuite('filesystem');
