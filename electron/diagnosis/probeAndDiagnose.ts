import type { ProbeOptions, ProbeResult } from '../../shared/probe';
import { type ProbeHooks, runProbe } from '../probe/runProbe';
import { withClientVerdicts } from './clientProfiles';
import { diagnose } from './diagnose';

/** The one entry point the app, the web bridge and the CLI share: probe, then diagnose. */
export async function probeAndDiagnose(options: ProbeOptions, hooks: ProbeHooks = {}): Promise<ProbeResult> {
  const result = await runProbe(options, hooks);
  return { ...withClientVerdicts(result), findings: diagnose(result) };
}
