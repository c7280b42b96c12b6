/**
 * The probe's options checked and completed with their defaults, by hand, as ProbeOptionsSchema
 * (shared/probe.ts) does: the probe runs once per host of a fleet and in every `rdp-doctor probe`, and
 * loading zod and building the result schemas for this one check was the largest start-up cost of probing
 * (issue 20). The doors validate with the schema at the edge (the IPC contract); a unit test holds this
 * check to the schema (tests/unit/probe/probeOptions.test.ts).
 */
import type { ProbeOptionsResolved } from '../../shared/probe';
import { HOST_INPUT_MAX } from '../../shared/probeConstants';

export type CheckedOptions = { ok: true; value: ProbeOptionsResolved } | { ok: false; issues: string[] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

/** "path: problem" for each problem, as the runner reports zod's issues. */
export function checkProbeOptions(input: unknown): CheckedOptions {
  const issues: string[] = [];
  if (!isObject(input)) return { ok: false, issues: [': expected an object'] };
  const { target, timeoutMs = 10_000, credentials, stabilitySamples = 2 } = input;
  if (typeof target !== 'string') issues.push('target: expected a string');
  else if (target.length < 1 || target.length > HOST_INPUT_MAX)
    issues.push(`target: expected 1 to ${HOST_INPUT_MAX} characters`);
  if (!isInt(timeoutMs) || timeoutMs < 100 || timeoutMs > 120_000)
    issues.push('timeoutMs: expected a whole number from 100 to 120000');
  if (!isInt(stabilitySamples) || stabilitySamples < 0 || stabilitySamples > 20)
    issues.push('stabilitySamples: expected a whole number from 0 to 20');
  if (credentials !== undefined) {
    if (!isObject(credentials)) issues.push('credentials: expected an object');
    else {
      const { user, password } = credentials;
      if (typeof user !== 'string' || user.length < 1 || user.length > 256)
        issues.push('credentials.user: expected 1 to 256 characters');
      if (typeof password !== 'string' || password.length > 256)
        issues.push('credentials.password: expected at most 256 characters');
    }
  }
  if (issues.length) return { ok: false, issues };
  const value: ProbeOptionsResolved = {
    target: target as string,
    timeoutMs: timeoutMs as number,
    stabilitySamples: stabilitySamples as number,
  };
  if (credentials !== undefined) {
    const c = credentials as { user: string; password: string };
    value.credentials = { user: c.user, password: c.password };
  }
  return { ok: true, value };
}
