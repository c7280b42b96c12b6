/**
 * win-bind-trusted-cert's spec (shared/fixPhases/windowsTrustedCert.ts) and the phase scriptedPhase makes of
 * it, with a recording fake Driver (no Windows here; the script itself runs in the PowerShell engine in
 * tests/windows): the plan carries the public facts of the supplied .pfx and the host's real old binding; the
 * .pfx and its password reach ONLY the apply call's `secrets` (stdin), never an input, a log line or a backup.
 */
import { describe, expect, it } from 'vitest';
import { scriptedPhase } from '../../../electron/remediation/scriptedPhase';
import type {
  CallOptions,
  Driver,
  Json,
  PhaseContext,
  SuppliedCertificateMaterial,
} from '../../../electron/remediation/types';
import { windowsFactsOf as trustedCertFacts } from '../../../shared/fixPhases/windowsFacts';
import { WIN_BIND_TRUSTED_CERT } from '../../../shared/fixPhases/windowsTrustedCert';
import type { ProbeResult } from '../../../shared/probe';
import type { Inspection, SuppliedCertificateFacts } from '../../../shared/remediation';

const OLD = 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678';
const NEW = 'C5DECEF42DD3B8AFEEC86F012B890C7BC673E56F';
const PASSWORD = 'Pfx-s3cret; $(whoami)';
const PFX = Buffer.from([0x30, 0x82, 0x01, 0x00, 1, 2, 3, 4, 5, 6, 7, 8]);

const CERT: SuppliedCertificateFacts = {
  sha1Thumbprint: NEW,
  sha256Fingerprint: 'D'.repeat(64),
  subject: 'CN=srv01.corp.example',
  issuer: 'CN=Corp Issuing CA',
  sans: ['srv01.corp.example'],
  notBefore: '2026-11-01T00:00:00.000Z',
  notAfter: '2027-11-01T00:00:00.000Z',
  keyBits: 3072,
  chainLength: 1,
};

/** a Windows inspection's facts as Inspect-RdpHost.ps1 prints them (the parts this phase reads) */
function inspection(bound: string, store: string, keyReadable: boolean): Inspection {
  return {
    hostKind: 'windows',
    reachedAs: 'this computer (PowerShell)',
    inspectedAt: '2026-12-07T22:00:00.000Z',
    facts: {
      listener: { certificateThumbprint: bound, securityLayer: 2, userAuthenticationRequired: 1 },
      certificate: {
        thumbprint: bound,
        store,
        subject: 'CN=SRV01',
        notAfter: '2027-06-01T00:00:00.000Z',
        selfSigned: store.endsWith('Remote Desktop'),
      },
      key: {
        path: 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\f686_5ad2',
        exists: true,
        networkServiceCanRead: keyReadable,
        sddl: 'O:SYG:SYD:(A;;FA;;;SY)',
      },
    },
    findings: [],
    summary: [],
  };
}
const SELF_SIGNED = inspection(OLD, 'Cert:\\LocalMachine\\Remote Desktop', true);

const probeServing = (thumb: string) =>
  ({ tls: { certificate: { sha1Thumbprint: thumb, subject: 'CN=srv01.corp.example' } } }) as unknown as ProbeResult;

describe('win-bind-trusted-cert: the spec (pure, the renderer bundles it)', () => {
  const facts = trustedCertFacts(SELF_SIGNED.facts);

  it('plans nothing without a supplied .pfx: refused with what to do', () => {
    const p = WIN_BIND_TRUSTED_CERT.plan?.(facts, 'srv01:3389');
    expect(p?.refused).toMatch(/Choose the \.pfx/);
    expect(p?.changes).toEqual([]);
  });

  it('plans old → new with the real old binding and the public facts of the .pfx', () => {
    const p = WIN_BIND_TRUSTED_CERT.plan?.(facts, 'srv01:3389', { certificate: CERT });
    expect(p?.refused).toBeUndefined();
    expect(p?.alreadyRight).toBe(false);
    const bind = p?.changes[0];
    expect(bind?.target).toBe('RDP-Tcp certificate (SSLCertificateSHA1Hash)');
    expect(bind?.before).toBe(`${OLD} (the self-signed certificate Windows made, Cert:\\LocalMachine\\Remote Desktop)`);
    expect(bind?.after).toBe(
      `${NEW} (CN=srv01.corp.example, issued by CN=Corp Issuing CA, until 2027-11-01T00:00:00.000Z)`,
    );
    expect(p?.changes[1]?.after).toContain('RSA 3072-bit private key (not exportable)');
    expect(p?.changes[2]?.after).toMatch(/NETWORK SERVICE read .*one file only/);
    expect(p?.commands.join('\n')).toContain(`SSLCertificateSHA1Hash = '${NEW}'`);
    expect(p?.notes?.join('\n')).toMatch(/1 CA certificate\(s\) in the \.pfx are not added/);
    expect(p?.notes?.join('\n')).toContain(`undo binds it again`);
  });

  it('already right when RDP-Tcp is bound to it in LocalMachine\\My and NETWORK SERVICE reads its key', () => {
    const f = trustedCertFacts(inspection(NEW, 'Cert:\\LocalMachine\\My', true).facts);
    expect(WIN_BIND_TRUSTED_CERT.plan?.(f, 'srv01', { certificate: CERT }).alreadyRight).toBe(true);
    const unreadable = trustedCertFacts(inspection(NEW, 'Cert:\\LocalMachine\\My', false).facts);
    expect(WIN_BIND_TRUSTED_CERT.plan?.(unreadable, 'srv01', { certificate: CERT }).alreadyRight).toBe(false);
  });

  it('the script input holds the public thumbprint only', () => {
    expect(WIN_BIND_TRUSTED_CERT.input?.(facts, 'srv01', { certificate: CERT })).toEqual({ thumbprint: NEW });
  });

  it('verify holds the re-probe to exactly the bound, installed certificate', () => {
    const after = trustedCertFacts(inspection(NEW, 'Cert:\\LocalMachine\\My', true).facts);
    expect(WIN_BIND_TRUSTED_CERT.verify?.(after, probeServing(NEW))).toMatchObject({ ok: true });
    expect(WIN_BIND_TRUSTED_CERT.verify?.(after, probeServing(NEW.toLowerCase()))).toMatchObject({ ok: true });
    expect(WIN_BIND_TRUSTED_CERT.verify?.(after, probeServing(OLD))?.message).toMatch(/not the bound certificate/);
    expect(WIN_BIND_TRUSTED_CERT.verify?.(after, null)).toMatchObject({ ok: false });
    // still (or again) on the self-signed default: not installed
    expect(WIN_BIND_TRUSTED_CERT.verify?.(facts, probeServing(OLD))?.message).toMatch(/not to a certificate installed/);
    const keyless = trustedCertFacts(inspection(NEW, 'Cert:\\LocalMachine\\My', false).facts);
    expect(WIN_BIND_TRUSTED_CERT.verify?.(keyless, probeServing(NEW))?.message).toMatch(/NETWORK SERVICE cannot read/);
  });
});

describe('win-bind-trusted-cert through scriptedPhase (recording fake Driver)', () => {
  interface Call {
    script: string;
    input: Record<string, Json>;
    opts: CallOptions | undefined;
  }

  function run() {
    const calls: Call[] = [];
    const logs: string[] = [];
    const backups: Json[] = [];
    const driver = {
      reachedAs: 'fake (records calls)',
      async call(script: string, input: Record<string, Json>, opts?: CallOptions) {
        calls.push({ script, input, opts });
        const backup = { thumbprint: NEW, previousThumbprint: OLD, previousInRegistry: false, wasPresent: false };
        return input.action === 'plan'
          ? { ok: true, backup, changes: [] }
          : { ok: true, changed: true, lines: [`bound ${NEW} to RDP-Tcp`], backup };
      },
    } as unknown as Driver;
    const certificate: SuppliedCertificateMaterial = {
      facts: CERT,
      secretPfx: () => ({ pfx: PFX, password: PASSWORD }),
      secretPem: () => ({ keyPem: '-----BEGIN PRIVATE KEY-----', chainPem: '-----BEGIN CERTIFICATE-----' }),
    };
    const phase = scriptedPhase(WIN_BIND_TRUSTED_CERT);
    const ctx: PhaseContext = {
      jobId: 'job-1',
      driver,
      inspection: SELF_SIGNED,
      plan: phase.plan(SELF_SIGNED, 'srv01:3389', { certificate: CERT }),
      target: 'srv01:3389',
      signal: new AbortController().signal,
      log: (line) => logs.push(line),
      backup: (v) => backups.push(v),
      supplied: { certificate },
    };
    return { phase, ctx, calls, logs, backups };
  }

  it('needs a certificate; plan then apply; the .pfx and password only in the apply call secrets', async () => {
    const { phase, ctx, calls, logs, backups } = run();
    expect(phase.needs).toBe('certificate');
    await phase.apply(ctx);
    expect(calls.map((c) => [c.script, c.input.action])).toEqual([
      ['Set-RdpTrustedCert.ps1', 'plan'],
      ['Set-RdpTrustedCert.ps1', 'apply'],
    ]);
    expect(calls[0]?.opts?.secrets).toBeUndefined();
    expect(calls[1]?.opts?.secrets).toEqual({ pfxBase64: PFX.toString('base64'), pfxPassword: PASSWORD });
    expect(calls[1]?.input.thumbprint).toBe(NEW);
    // the secret is nowhere but there
    const elsewhere = JSON.stringify({ inputs: calls.map((c) => c.input), logs, backups, plan: ctx.plan });
    expect(elsewhere).not.toContain('Pfx-s3cret');
    expect(elsewhere).not.toContain(PFX.toString('base64'));
    expect(backups).toHaveLength(1);
  });

  it('undo sends the backup as data and no secret', async () => {
    const { phase, ctx, calls } = run();
    await phase.undo(
      { ...ctx, supplied: undefined },
      { thumbprint: NEW, previousThumbprint: OLD, previousInRegistry: false, wasPresent: false },
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]?.input.action).toBe('undo');
    expect(calls[0]?.input.backup).toMatchObject({ previousThumbprint: OLD });
    expect(calls[0]?.opts?.secrets).toBeUndefined();
  });

  it('refuses to run without the .pfx (before any call)', async () => {
    const { phase, ctx, calls } = run();
    const noCert = { ...ctx, supplied: undefined };
    await expect(phase.apply(noCert)).rejects.toThrow(/Choose the \.pfx/);
    expect(calls).toHaveLength(0);
  });
});
