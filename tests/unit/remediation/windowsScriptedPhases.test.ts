// The Windows phases as the runner sees them: their spec run by scriptedPhase() over ANY Driver (no
// instanceof PowerShellDriver). A recording driver stands in for the transport only — what the scripts do is
// tested in the real PowerShell engine (tests/windows: Pester and the real inspection output). Here: which
// script each phase calls, with which input, in which order, and that the backup is recorded before the
// change and handed back to undo.
import { describe, expect, it } from 'vitest';
import type {
  CallOptions,
  Driver,
  Json,
  PhaseContext,
  SuppliedCertificateMaterial,
} from '../../../electron/remediation/types';
import { WINDOWS_PHASES } from '../../../electron/remediation/windows/phases';
import { phaseSpec } from '../../../shared/fixPhases/index';
import type { Inspection } from '../../../shared/remediation';

interface Call {
  script: string;
  input: Record<string, Json>;
  elevated?: boolean;
}

/** A transport that records Driver.call and answers like the scripts do (plan → a backup; apply/undo → changed). */
function recordingDriver(log: string[]): Driver & { calls: Call[] } {
  const calls: Call[] = [];
  const unused = () => Promise.reject(new Error('not used by scripted phases'));
  return {
    reachedAs: 'recording driver',
    calls,
    runScript: unused,
    run: unused,
    readFile: unused,
    writeFile: unused,
    close: async () => {},
    async call(script: string, input: Record<string, Json>, opts?: CallOptions) {
      calls.push({ script, input, elevated: opts?.elevated });
      log.push(`call ${script} ${String(input.action)}`);
      if (input.action === 'plan') return { ok: true, backup: { old: `${script}-old` } };
      return { ok: true, changed: true, lines: [`did ${String(input.action)}`] };
    },
  };
}

const inspection: Inspection = {
  hostKind: 'windows',
  reachedAs: 'recording driver',
  inspectedAt: new Date(0).toISOString(),
  facts: {
    key: { path: 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\abc_1', exists: true },
    listener: { certificateThumbprint: 'AB'.repeat(20), securityLayer: 0, userAuthenticationRequired: 0 },
    settings: { fDenyTSConnections: 1, portNumber: 3390 },
    services: { TermService: { status: 'Running', startType: 'Automatic' } },
    policy: {},
    port: 3390,
    firewall: null,
    tls: {},
    sessions: [],
  },
  findings: [],
  summary: [],
};

function context(driver: Driver, log: string[]): PhaseContext {
  return {
    jobId: 'job-1',
    driver,
    inspection,
    plan: undefined as unknown as PhaseContext['plan'],
    target: 'srv01:3390',
    signal: new AbortController().signal,
    log: (line) => log.push(`log ${line}`),
    backup: (value) => log.push(`backup ${JSON.stringify(value)}`),
  };
}

/** For a phase that needs a supplied certificate (win-bind-trusted-cert): its public facts and a stand-in secret. */
const CERTIFICATE: SuppliedCertificateMaterial = {
  facts: {
    sha1Thumbprint: 'C5DECEF42DD3B8AFEEC86F012B890C7BC673E56F',
    sha256Fingerprint: 'D'.repeat(64),
    subject: 'CN=srv01',
    issuer: 'CN=Corp CA',
    sans: ['srv01'],
    notBefore: '2026-01-01T00:00:00.000Z',
    notAfter: '2027-01-01T00:00:00.000Z',
    keyBits: 2048,
    chainLength: 0,
  },
  secretPfx: () => ({ pfx: Buffer.from([0x30, 0]), password: 'stand-in' }),
  secretPem: () => ({ keyPem: '', chainPem: '' }),
};

describe('Windows phases through Driver.call', () => {
  it.each(WINDOWS_PHASES.map((p) => [p.id, p] as const))(
    '%s: plan (backup recorded) → apply; undo',
    async (id, phase) => {
      const spec = phaseSpec(id);
      const log: string[] = [];
      const driver = recordingDriver(log);
      const supplied = spec?.needs ? { certificate: CERTIFICATE } : undefined;
      await phase.apply({ ...context(driver, log), ...(supplied ? { supplied } : {}) });
      const script = spec?.script as string;
      // the backup is on record before the call that changes anything
      expect(log.filter((l) => !l.startsWith('log'))).toEqual([
        `call ${script} plan`,
        `backup ${JSON.stringify({ old: `${script}-old` })}`,
        `call ${script} apply`,
      ]);
      expect(driver.calls.every((c) => c.elevated)).toBe(true);
      const hookInput =
        spec?.input?.(
          spec.facts?.(inspection.facts) as never,
          'srv01:3390',
          supplied ? { certificate: supplied.certificate.facts } : undefined,
        ) ?? {};
      for (const c of driver.calls) expect(c.input).toMatchObject({ ...hookInput, job: 'job-1', phase: id });

      driver.calls.length = 0;
      await phase.undo(context(driver, log), { old: 'saved' });
      const [undo] = driver.calls;
      if (spec?.undoIsApply) expect(undo?.input.action).toBe('apply');
      else expect(undo?.input).toMatchObject({ action: 'undo', backup: { old: 'saved' } });
    },
  );

  it('inputs carry the host facts as data: the key file, the bound certificate, the port of the target', async () => {
    const byId = (id: string) => WINDOWS_PHASES.find((p) => p.id === id);
    const log: string[] = [];
    const driver = recordingDriver(log);
    await byId('win-grant-machinekeys-read')?.apply(context(driver, log));
    await byId('win-regenerate-self-signed-cert')?.apply(context(driver, log));
    await byId('win-restart-termservice')?.apply(context(driver, log));
    expect(driver.calls.map((c) => [c.script, c.input.keyPath ?? c.input.thumbprint ?? c.input.port])).toEqual([
      ['Grant-RdpKeyRead.ps1', 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\abc_1'],
      ['Grant-RdpKeyRead.ps1', 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\abc_1'],
      ['Reset-RdpSelfSignedCert.ps1', 'AB'.repeat(20)],
      ['Reset-RdpSelfSignedCert.ps1', 'AB'.repeat(20)],
      ['Restart-TermService.ps1', 3390],
      ['Restart-TermService.ps1', 3390],
    ]);
  });
});
