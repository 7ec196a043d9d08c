/** Numbers several transports share. One place, so a change cannot leave a copy behind. */

/** A Retry-After longer than this is reported instead of waited out (a CDN may ask for hours). */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Paid calls refused with a proof of non-acceptance (429, refused connection) are tried this often in all. */
export const PAID_CALL_ATTEMPTS = 3;
export const PAID_CALL_BACKOFF = { initialMs: 2000, maxMs: 30_000, factor: 2 };

/** Volcengine submits: same rule, the visual API's documented limits are tighter. */
export const SUBMIT_ATTEMPTS = 4;
export const SUBMIT_BACKOFF = { initialMs: 2000, maxMs: 16_000, factor: 2 };

/** The visual API documents a 30 s request timeout; leave room for slow answers. */
export const VOLC_REQUEST_TIMEOUT_MS = 60_000;
/** A poll made just before the wait's deadline still gets this long to answer. */
export const MIN_POLL_TIMEOUT_MS = 5_000;

/** Downloads of generated images (free, so retried on any transient failure). */
export const DOWNLOAD_ATTEMPTS = 4;
export const DOWNLOAD_TIMEOUT_MS = 120_000;

/** How much of an upstream body an error quotes. */
export const BODY_SNIPPET_CHARS = 300;
