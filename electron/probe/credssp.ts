// STUB (foundation): built with the NLA issue (6). The CredSSP start: TSRequest + NTLM NEGOTIATE over
// TLS, then the server's CHALLENGE read for target info, product version and clock.
import type { CredsspFacts } from '../../shared/probe';
import type { Step } from './stepTypes';

export const credsspStep: Step<CredsspFacts> = async () => ({
  status: 'skipped',
  summary: 'CredSSP start not built yet',
});
