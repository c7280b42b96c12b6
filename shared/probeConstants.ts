/**
 * The probe's constants without its schemas (issue 20): the probe, the CLI and the fleet scan import these
 * from here so that probing never loads zod or builds the result schemas; shared/probe.ts re-exports them
 * for everyone else.
 */
export const STEP_IDS = [
  'target',
  'tcp',
  'negotiation',
  'tls',
  'certificate',
  'credssp',
  'rdpSecurity',
  'stability',
  'nlaCheck',
] as const;
export type StepId = (typeof STEP_IDS)[number];

/** Human names for the steps, shown in the CLI table and the live probe screen. */
export const STEP_LABELS: Record<StepId, string> = {
  target: 'Target & DNS',
  tcp: 'TCP connection',
  negotiation: 'Security negotiation',
  tls: 'TLS versions',
  certificate: 'Server certificate',
  credssp: 'CredSSP / NTLM',
  rdpSecurity: 'Standard RDP Security',
  stability: 'Network stability',
  nlaCheck: 'Credential check (NLA)',
};

export const PROBE_RESULT_SCHEMA_VERSION = 1;
export const HOST_INPUT_MAX = 300;
