import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	checkApiCredential,
	checkVolcengineCredential,
	type CredentialProblem,
} from './credentialChecks';
import type { BackendKey } from '../run/backend';

/** The credential type each backend's node signs its calls with. */
export const CREDENTIAL_OF: Record<BackendKey, string> = {
	openai: 'jimengApi',
	volcengine: 'jimengVolcengineApi',
};

const CHECK_OF: Record<
	BackendKey,
	(credentials: Record<string, unknown>) => CredentialProblem | undefined
> = {
	openai: checkApiCredential,
	volcengine: checkVolcengineCredential,
};

const DISPLAY_NAME_OF: Record<BackendKey, string> = {
	openai: 'Jimeng API',
	volcengine: 'Jimeng Volcengine AK/SK API',
};

const credentialsOfRun = new WeakMap<IExecuteFunctions, Promise<Record<string, unknown>>>();

/**
 * The node's credential as the run reads it before its calls (check, prices, shared limiter, which
 * provider's rules apply), read once: in a real n8n every read is a database query and a
 * decryption. Read for item 0, as a credential belongs to the node. Each call still reads it for
 * its own item, as n8n resolves expressions in credential fields per item.
 */
export async function runCredentials(
	ctx: IExecuteFunctions,
	backend: BackendKey,
): Promise<Record<string, unknown>> {
	let read = credentialsOfRun.get(ctx);
	if (!read) {
		read = ctx.getCredentials(CREDENTIAL_OF[backend], 0) as Promise<Record<string, unknown>>;
		credentialsOfRun.set(ctx, read);
		// A read that failed is not kept: the next reader asks n8n again and gets its own error.
		read.catch(() => credentialsOfRun.delete(ctx));
	}
	return await read;
}

/** The error for a credential the node cannot use; no key value is ever part of it. */
export function credentialError(
	ctx: IExecuteFunctions,
	backend: BackendKey,
	problem: CredentialProblem,
	itemIndex: number,
): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), problem.problem, {
		itemIndex,
		description: `Open the ${DISPLAY_NAME_OF[backend]} credential and check ${problem.field}. ${problem.hint} Nothing was sent.`,
	});
}

/**
 * Refuses a credential with an empty key or an unusable address before the first call of the run:
 * the provider's answer to those names no field, and a relay may answer only after queueing a
 * paid call. A missing credential is left to n8n, which says so in its own words.
 */
export async function checkCredentials(
	ctx: IExecuteFunctions,
	backend: BackendKey,
	itemIndex: number,
): Promise<void> {
	const problem = CHECK_OF[backend](await runCredentials(ctx, backend));
	if (problem) throw credentialError(ctx, backend, problem, itemIndex);
}
