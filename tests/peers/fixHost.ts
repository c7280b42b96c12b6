/**
 * What the real-host fix tests share: the fix registry, SSH access to a host's own sshd (a namespaced Debian host
 * of debianHost.ts, or the stock xrdp's), an xrdp inspection over it, a private data folder with its audit log for
 * the fix runner, and readers of the runner's events. Each test keeps only what is its own: the host, the fault
 * and what it asserts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { ensureDataDir } from '../../electron/core/dataDir';
import { AuditLog } from '../../electron/remediation/auditLog';
import { remediationRegistry } from '../../electron/remediation/registerAll';
import { runJob } from '../../electron/remediation/runJob';
import {
  type FixEvent,
  type HostAccess,
  type HostAccessResolved,
  HostAccessSchema,
  type Inspection,
} from '../../shared/remediation';
import type { SshdPeer } from './sshd';

/** The registry every door builds (all host kinds), with the data folder found as the app finds it. */
export const fixRegistry = remediationRegistry({ dataDir: ensureDataDir });

/**
 * SSH access to the sshd as its own user (root for a Debian host) by the client key, pinned to its host key;
 * `over` changes what a test needs changed (another user, a sudo password).
 */
export function sshAccess(sshd: SshdPeer, over: Partial<Extract<HostAccess, { via: 'ssh' }>> = {}): HostAccessResolved {
  return HostAccessSchema.parse({
    via: 'ssh',
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    auth: { method: 'key', privateKey: sshd.clientKeyPem },
    hostKey: sshd.hostKeyFingerprint,
    ...over,
  });
}

/** The xrdp inspection of `target`, over the host's sshd (the connection closed after). */
export async function inspectXrdpOver(sshd: SshdPeer, target: string, registry = fixRegistry): Promise<Inspection> {
  const driver = await registry.transport('ssh')(sshAccess(sshd), {});
  try {
    return await registry.inspector('xrdp').inspect(driver, target);
  } finally {
    await driver.close();
  }
}

/** A fix job of `phases` on the xrdp host over its sshd, as a door starts one (no approved plan, never cancelled). */
export function runXrdpFix(
  h: { sshd: SshdPeer; target: string },
  audit: AuditLog,
  jobId: string,
  phases: readonly string[],
  emit: (e: FixEvent) => void = () => undefined,
) {
  return runJob({
    jobId,
    target: h.target,
    hostKind: 'xrdp',
    access: sshAccess(h.sshd),
    phases,
    registry: fixRegistry,
    audit,
    signal: new AbortController().signal,
    emit,
  });
}

/** [phase, outcome] for each phase-finished event, in order. */
export function phaseOutcomes(events: readonly FixEvent[]): Array<[string, string]> {
  return events.flatMap((e) => (e.type === 'phase-finished' ? [[e.phase, e.outcome] as [string, string]] : []));
}

/** The output lines the phases printed, joined. */
export function phaseOutput(events: readonly FixEvent[]): string {
  return events.flatMap((e) => (e.type === 'output' ? [e.line] : [])).join('\n');
}

/**
 * A private data folder (RDP_DOCTOR_DATA_DIR) and its audit log for the enclosing describe: made before its
 * tests, removed after. Read `dir` and `audit` inside tests and hooks, not while collecting.
 */
export function useFixDataDir(): { readonly dir: string; readonly audit: AuditLog } {
  let dir = '';
  let audit: AuditLog | undefined;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-data-'));
    process.env.RDP_DOCTOR_DATA_DIR = dir;
    audit = AuditLog.inDir(dir);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    get audit() {
      if (!audit) throw new Error('useFixDataDir: the audit log is made in beforeAll');
      return audit;
    },
  };
}
