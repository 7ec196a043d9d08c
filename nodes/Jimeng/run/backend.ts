import type { Operation } from './operation';

/** The two ways the package reaches the models; each is one node type with one credential. */
export type BackendKey = 'openai' | 'volcengine';

/** What the shared router needs to know of a node type. */
export interface Backend {
	/** Also names the node type's only credential (auth/credentials.ts CREDENTIAL_OF). */
	key: BackendKey;
	/** Its operations by the value of its Operation field. */
	operations: Record<string, Operation<unknown>>;
}

/** Forgets the prepared types: the router only hands `prepare`'s answer back to the same `execute`. */
export const operationRegistry = (registry: object) =>
	registry as Record<string, Operation<unknown>>;
