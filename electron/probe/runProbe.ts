// STUB (foundation): replaced by the probe engine (issue 3).
import {
  PROBE_RESULT_SCHEMA_VERSION,
  type ProbeOptions,
  type ProbeResult,
  STEP_IDS,
  type StepEvent,
  type StepSummary,
} from '../../shared/probe';
import { APP_VERSION } from '../../shared/version';

export interface ProbeHooks {
  signal?: AbortSignal;
  onStep?: (event: StepEvent) => void;
}

export async function runProbe(options: ProbeOptions, hooks: ProbeHooks = {}): Promise<ProbeResult> {
  const started = Date.now();
  const steps = {} as Record<(typeof STEP_IDS)[number], StepSummary>;
  for (const id of STEP_IDS) {
    steps[id] = { status: 'skipped', durationMs: null, summary: 'not implemented yet' };
    hooks.onStep?.({ step: id, status: 'skipped', durationMs: null, summary: 'not implemented yet' });
  }
  return {
    schemaVersion: PROBE_RESULT_SCHEMA_VERSION,
    tool: { name: 'rdp-doctor', version: APP_VERSION },
    input: options.target,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date().toISOString(),
    durationMs: Date.now() - started,
    aborted: false,
    steps,
    target: null,
    tcp: null,
    negotiation: null,
    tls: null,
    credssp: null,
    rdpSecurity: null,
    stability: null,
    nlaCheck: null,
    findings: [],
  };
}
