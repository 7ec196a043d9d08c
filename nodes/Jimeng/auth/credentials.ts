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
	const credentials = (await ctx.getCredentials(CREDENTIAL_OF[backend], itemIndex)) as Record<
		string,
		unknown
	>;
	const problem = CHECK_OF[backend](credentials);
	if (problem) throw credentialError(ctx, backend, problem, itemIndex);
}
