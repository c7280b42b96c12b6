// xrdp-install-certificate as the runner drives it, with a fake Driver (the host is what is fake; the runner,
// scriptedPhase, the spec and the audit log on disk are the real ones): the plan names the thumbprint, the secret
// half of the .pfx reaches the script only as the `apply` action's stdin secrets — never its input words (its
// argv), a log line, an event, the audit log or the report — and without a .pfx the phase is refused by name.
// The real host is tests/integration/fix-xrdp-install-certificate.test.ts.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../electron/remediation/auditLog';
import { Registry } from '../../../electron/remediation/registry';
import { runJob } from '../../../electron/remediation/runJob';
import { scriptedPhase } from '../../../electron/remediation/scriptedPhase';
import { openSuppliedCertificate, type SuppliedPfx } from '../../../electron/remediation/suppliedCertificate';
import type { CallOptions, Driver, Json } from '../../../electron/remediation/types';
import { xrdpConsoleScript } from '../../../electron/remediation/xrdp/consoleScript';
import { actionsFromAudit } from '../../../electron/report/auditActions';
import { XRDP_INSTALL_CERTIFICATE } from '../../../shared/fixPhases/xrdpInstallCertificate';
import type { FixEvent, Inspection } from '../../../shared/remediation';
import { makePfxWithCert, thumbprints } from '../../fixtures/pfx/makePfx';

const PASSWORD = 'unit-pfx-password-9x!';
const TARGET = 'srv.example.com:3389';

const inspection: Inspection = {
  hostKind: 'xrdp',
  reachedAs: 'root@fake:22 (fake)',
  inspectedAt: new Date().toISOString(),
  facts: {
    iniPath: '/etc/xrdp/xrdp.ini',
    globals: { certificate: '', key_file: '' },
    cert: { exists: true },
    certSubject: 'CN=old',
    keyMatchesCert: true,
    xrdpUser: 'xrdp',
    userGroups: ['xrdp', 'ssl-cert'],
    userPrimaryGroup: 'xrdp',
    listener: { foreign: null },
  },
  findings: [],
  summary: [],
};

interface Call {
  script: string;
  input: Record<string, Json>;
  opts: CallOptions;
}

function fakeDriver(calls: Call[]): Driver {
  return {
    reachedAs: 'root@fake:22 (fake)',
    run: async () => ({ exitCode: 0, stdout: '', stderr: '' }),
    runScript: async () => ({ exitCode: 0, stdout: '', stderr: '' }),
    async call(script, input, opts = {}) {
      calls.push({ script, input, opts });
      opts.onLine?.(`${input.action} done`, 'stdout');
      if (input.action === 'plan')
        return {
          ok: true,
          backup: { kind: 'install-certificate', ini: '/etc/xrdp/xrdp.ini', saved: '/var/backups/rdp-doctor/x.ini' },
        };
      return { ok: true, changes: [] };
    },
    readFile: async () => null,
    writeFile: async () => undefined,
    close: async () => undefined,
  };
}

describe('xrdp-install-certificate through the runner', { timeout: 60_000 }, () => {
  let dir: string;
  let pfx: SuppliedPfx;
  let sha1: string;
  const registry = new Registry();
  registry.addInspector({ hostKind: 'xrdp', inspect: async () => inspection });
  registry.addPhase(scriptedPhase(XRDP_INSTALL_CERTIFICATE));

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-pfx-unit-'));
    const made = makePfxWithCert({ password: PASSWORD });
    sha1 = thumbprints(made.cert).sha1;
    pfx = openSuppliedCertificate({ pfxBase64: made.pfx.toString('base64'), password: PASSWORD }, TARGET);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the secret goes only to the apply action, as stdin secrets; the plan and the audit carry the thumbprint', async () => {
    const calls: Call[] = [];
    const events: FixEvent[] = [];
    const audit = AuditLog.inDir(dir);
    await runJob({
      jobId: 'unit-pfx',
      target: TARGET,
      hostKind: 'xrdp',
      access: { via: 'script', format: 'sh' },
      phases: ['xrdp-install-certificate'],
      registry,
      audit,
      driver: fakeDriver(calls),
      supplied: { certificate: pfx },
      probe: async () => {
        throw new Error('no probe in this test');
      },
      signal: new AbortController().signal,
      emit: (e) => events.push(e),
    });
    expect(calls.map((c) => c.input.action)).toEqual(['plan', 'apply']);
    expect(calls.map((c) => c.input.thumb)).toEqual([sha1, sha1]);
    const pem = pfx.secretPem();
    expect(calls[0]?.opts.secrets).toBeUndefined();
    expect(calls[1]?.opts.secrets).toEqual({
      cert_key: Buffer.from(pem.keyPem).toString('base64'),
      cert_chain: Buffer.from(pem.chainPem).toString('base64'),
    });
    const keyB64 = Buffer.from(pem.keyPem).toString('base64').slice(0, 48);
    const keyLine = pem.keyPem.split('\n')[1] as string;
    const everywhere = [
      JSON.stringify(calls.map((c) => c.input)),
      JSON.stringify(events),
      readFileSync(audit.file, 'utf8'),
      JSON.stringify(actionsFromAudit(audit.entries())),
    ].join('\n');
    for (const secret of [PASSWORD, keyB64, keyLine]) expect(everywhere).not.toContain(secret);
    expect(readFileSync(audit.file, 'utf8')).toContain(sha1);
  });

  it('without a .pfx: refused by name before anything runs', async () => {
    const calls: Call[] = [];
    const events: FixEvent[] = [];
    const out = await runJob({
      jobId: 'unit-pfx-none',
      target: TARGET,
      hostKind: 'xrdp',
      access: { via: 'script', format: 'sh' },
      phases: ['xrdp-install-certificate'],
      registry,
      audit: AuditLog.inDir(dir),
      driver: fakeDriver(calls),
      signal: new AbortController().signal,
      emit: (e) => events.push(e),
    });
    expect(out.ok).toBe(false);
    expect(calls).toEqual([]);
    expect(events.find((e) => e.type === 'failed')).toMatchObject({ error: { code: 'needs-certificate' } });
  });

  it('the plan: the supplied facts, the group xrdp reads keys with, already right when xrdp.ini names it', () => {
    const phase = registry.phase('xrdp-install-certificate');
    const plan = phase?.plan(inspection, TARGET, { certificate: pfx.facts });
    expect(plan?.changes.map((c) => c.target)).toEqual([
      `/etc/xrdp/rdp-doctor-${sha1}-<random>.crt`,
      `/etc/xrdp/rdp-doctor-${sha1}-<random>.key`,
      '/etc/xrdp/xrdp.ini [Globals] certificate',
      '/etc/xrdp/xrdp.ini [Globals] key_file',
    ]);
    expect(plan?.changes[1]?.after).toMatch(/root:ssl-cert 0640/);
    const installed = {
      ...inspection,
      facts: { ...inspection.facts, globals: { certificate: `/etc/xrdp/rdp-doctor-${sha1}-0123abcd.crt` } },
    };
    expect(phase?.plan(installed, TARGET, { certificate: pfx.facts }).alreadyRight).toBe(true);
    // no group xrdp may read the key with: refused, nothing planned
    const lonely = { ...inspection, facts: { ...inspection.facts, userGroups: ['users'], userPrimaryGroup: 'users' } };
    expect(phase?.plan(lonely, TARGET, { certificate: pfx.facts }).risks[0]).toMatch(
      /^Refused: xrdp is not in group ssl-cert/,
    );
  });
});

describe('the console script', () => {
  it('refuses the install phase by name: it would have to carry the private key', () => {
    expect(() => xrdpConsoleScript('srv', ['xrdp-install-certificate', 'xrdp-restart'])).toThrow(
      /xrdp-install-certificate cannot go into a console script \(it would hold the private key\)/,
    );
    expect(xrdpConsoleScript('srv', ['xrdp-restart']).content).toContain("set -- 'xrdp-restart'");
  });
});
