// STUB (foundation): built with the NLA issue (6). Runs CredSSP/NTLMv2 with the given credentials up to
// the server's pubKeyAuth proof, never sending TSCredentials.
import type { NlaCheckFacts } from '../../shared/probe';
import type { Step } from './stepTypes';

export const nlaCheckStep: Step<NlaCheckFacts> = async () => ({
  status: 'skipped',
  summary: 'credential check not built yet',
});
