/**
 * One host's line in the fleet table, read from its diagnosed probe result: verdict, root cause, days to
 * certificate expiry, TLS versions, NLA and the OS build NTLM showed. Pure.
 */
import type { FleetHost, FleetNla, FleetVerdict } from '../../../shared/fleet';
import type { ProbeResult } from '../../../shared/probe';
import { STEP_IDS, STEP_LABELS } from '../../../shared/probeConstants';

const DAY_MS = 86_400_000;

/**
 * `cancelled`: the scan was stopped while this probe ran (its steps may report their own failure as they are
 * cut off, so the caller says so; a result that is aborted with a CANCELLED step says so by itself).
 */
export function summarizeHost(
  index: number,
  target: string,
  result: ProbeResult,
  now = Date.now(),
  cancelledByScan = false,
): FleetHost {
  const errors = result.findings.filter((f) => f.severity === 'error');
  const warnings = result.findings.filter((f) => f.severity === 'warning');
  // Findings arrive root cause first; a cancelled probe's findings are half a story, so it has no verdict.
  const cancelled =
    result.aborted && (cancelledByScan || Object.values(result.steps).some((s) => s.error?.code === 'CANCELLED'));
  // Never call a host fine while a step failed that no rule explains (as the findings screen does).
  const failedStep = STEP_IDS.find((id) => result.steps[id]?.status === 'failed');
  const unexplained =
    !errors.length && !warnings.length && failedStep
      ? {
          id: `unexplained-${failedStep}`,
          title: `${STEP_LABELS[failedStep]} failed: ${result.steps[failedStep]?.error?.message ?? result.steps[failedStep]?.summary ?? ''}`,
          severity: 'warning' as const,
        }
      : null;
  const verdict: FleetVerdict = cancelled
    ? 'stopped'
    : errors.length
      ? 'error'
      : warnings.length || unexplained
        ? 'warning'
        : 'ok';
  const root = errors[0] ?? warnings[0] ?? unexplained;
  const cert = result.tls?.certificate ?? null;
  const notAfter = cert ? Date.parse(cert.notAfter) : Number.NaN;
  return {
    index,
    target,
    verdict,
    rootCause: root && !cancelled ? { id: root.id, title: root.title, severity: root.severity } : null,
    findingIds: result.findings.map((f) => f.id),
    errors: errors.length,
    warnings: warnings.length,
    certDaysLeft: Number.isFinite(notAfter) ? Math.floor((notAfter - now) / DAY_MS) : null,
    certNotAfter: cert?.notAfter ?? null,
    tlsVersions: (result.tls?.versions ?? []).filter((v) => v.ok).map((v) => v.version),
    nla: nlaOf(result),
    osBuild: result.credssp?.ntlm?.productVersion ?? null,
    address: result.tcp?.address ?? null,
    durationMs: result.durationMs,
  };
}

/** A host that was never probed (the scan stopped first). */
export function pendingHost(index: number, target: string): FleetHost {
  return {
    index,
    target,
    verdict: 'pending',
    rootCause: null,
    findingIds: [],
    errors: 0,
    warnings: 0,
    certDaysLeft: null,
    certNotAfter: null,
    tlsVersions: [],
    nla: 'unknown',
    osBuild: null,
    address: null,
    durationMs: null,
  };
}

function nlaOf(result: ProbeResult): FleetNla {
  const supports = result.negotiation?.supports;
  const hybrid = supports?.hybrid ?? null;
  const hybridEx = supports?.hybridEx ?? null;
  if (result.findings.some((f) => f.id === 'nla-required')) return 'required';
  if (hybrid === true || hybridEx === true) return 'offered';
  if (hybrid === false) return 'not-offered';
  return 'unknown';
}
