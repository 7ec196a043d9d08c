/**
 * Each test starts with no shared rate-limit picture: a fake upstream lives for a whole file, so
 * without this a storm one test provokes would slow the next test's runs of the same credential.
 */
import { processLimiters } from '../nodes/Jimeng/run/credentialLimiter';

beforeEach(() => {
	processLimiters.clear();
	processLimiters.sharing = true;
});
