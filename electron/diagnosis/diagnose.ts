// STUB (foundation): replaced by the diagnosis rules (issue 4).
import type { Finding, ProbeResult } from '../../shared/probe';

export function diagnose(_result: ProbeResult): Finding[] {
  return [];
}
