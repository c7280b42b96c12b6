// Every xrdp fix phase end to end on independent real Debian hosts (issue 17, "Done when"): one host per
// fault a phase addresses, all up at once, each its own mount + PID namespace with a private /etc, its own
// sshd on 127.34.N.1 and xrdp started by Debian's own init script (tests/peers/debianHost.ts). Per host, as a
// technician would: probe → inspect → `rdp-doctor fix HOST:3389 --ssh root@HOST --identity … --ssh-host-key
// SHA256:… --yes` (exit 0) → a fresh probe shows it fixed → a second fix changes nothing → `undo --yes` →
// the fault is back, xrdp.ini byte-identical. A healthy bystander host proves the hosts are independent:
// its xrdp keeps its PID through every other host's restarts.
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeAndDiagnose } from '../../electron/diagnosis/probeAndDiagnose';
import type { ProbeResult } from '../../shared/probe';
import { type DebianHost, type HostFault, needPeers, startDebianHost } from '../peers';
import { builtCliMissing, rdpDoctor } from '../peers/rdpDoctorCli';

const { skip } = needPeers(['debian-host'], 'fix-xrdp-matrix.test.ts');
const cliMissing = builtCliMissing();
if (cliMissing && process.env.CI === 'true') throw new Error(`fix-xrdp-matrix.test.ts: ${cliMissing}`);
if (cliMissing) console.warn(`[skipped] fix-xrdp-matrix.test.ts: ${cliMissing}`);

interface Case {
  name: string;
  fault: HostFault;
  /** the finding the probe shows while the fault is there, gone once fixed */
  broken: string;
  /** what the fix changes on the host besides xrdp.ini, as the undo must put it back */
  state?: (h: DebianHost) => unknown;
  /** more proof that it is fixed, read on the host or from the probe */
  fixed?: (h: DebianHost, after: ProbeResult) => void;
}

const keyStat = (h: DebianHost) => {
  const s = statSync(h.path('/etc/xrdp/key.pem'));
  return { mode: (s.mode & 0o7777).toString(8), uid: s.uid, gid: s.gid };
};

const CASES: Case[] = [
  { name: 'security layer (security_layer=rdp)', fault: 'security-layer-rdp', broken: 'tls-unavailable' },
  { name: 'TLS protocols (TLSv1 only)', fault: 'tls1-only', broken: 'tls-handshake-failed' },
  {
    name: 'certificate renewal (expired)',
    fault: 'expired-cert',
    broken: 'tls-cert-expired',
    fixed: (h, after) => {
      // the new certificate keeps the names clients use: the old SANs plus the address probed
      const pem = after.tls?.certificate?.pem;
      expect(pem, 'the probe keeps the certificate it saw').toBeTruthy();
      const cert = new X509Certificate(pem as string);
      expect(cert.subjectAltName).toContain('DNS:rdp.example.com');
      expect(cert.subjectAltName).toContain(`IP Address:${h.host}`);
      expect(new Date(cert.validTo).getTime()).toBeGreaterThan(Date.now());
    },
  },
  {
    name: 'key permissions by group (stock: xrdp not in ssl-cert)',
    fault: 'key-unreadable-group',
    broken: 'tls-unavailable',
    state: (h) => ({ sslCert: h.groupMembers('ssl-cert'), key: keyStat(h) }),
    fixed: (h) => expect(h.groupMembers('ssl-cert')).toContain('xrdp'),
  },
  {
    name: 'key permissions by file (key.pem root:root 0600)',
    fault: 'key-unreadable-file',
    broken: 'tls-unavailable',
    state: (h) => ({ key: keyStat(h), sslCert: h.groupMembers('ssl-cert') }),
    fixed: (h) => {
      const k = keyStat(h);
      expect(k.mode).toBe('640'); // group-readable, never world-readable
      expect(k.uid).toBe(0);
    },
  },
  {
    name: 'stopped service',
    fault: 'stopped',
    broken: 'tcp-refused',
    fixed: (h) => expect(h.listenerPid()).not.toBeNull(),
  },
  { name: 'key that does not match its certificate', fault: 'key-mismatch', broken: 'tls-handshake-failed' },
];

const ids = (p: ProbeResult) => p.findings.map((f) => f.id);
const probe = (h: DebianHost) => probeAndDiagnose({ target: h.target, stabilitySamples: 0 });
const xrdpFiles = (h: DebianHost) => readdirSync(h.path('/etc/xrdp')).sort();

describe.skipIf(skip || cliMissing !== null)('fix matrix on independent Debian hosts', { timeout: 240_000 }, () => {
  const hosts = new Map<HostFault, DebianHost>();
  let bystander: DebianHost;
  let bystanderPid: number | null = null;
  let dataRoot: string;

  beforeAll(async () => {
    dataRoot = mkdtempSync(path.join(tmpdir(), 'rdpdoc-matrix-'));
    const t0 = Date.now();
    const started = await Promise.allSettled([
      startDebianHost({ fault: 'healthy' }),
      ...CASES.map((c) => startDebianHost({ fault: c.fault })),
    ]);
    const failed = started.find((s) => s.status === 'rejected');
    for (const s of started) if (s.status === 'fulfilled') hosts.set(s.value.faults[0] as HostFault, s.value);
    if (failed) throw (failed as PromiseRejectedResult).reason;
    bystander = hosts.get('healthy') as DebianHost;
    hosts.delete('healthy');
    bystanderPid = bystander.listenerPid();
    console.log(`[timing] ${CASES.length + 1} Debian hosts up at once in ${Date.now() - t0} ms`);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([...hosts.values(), bystander].filter(Boolean).map((h) => h.stop()));
    if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
  });

  for (const c of CASES) {
    describe(c.name, () => {
      let h: DebianHost;
      let dataDir: string;
      let stateBefore: unknown;
      let iniAfterFix: Buffer;
      let filesAfterFix: string[];
      let stateAfterFix: unknown;
      const access = () => ['--ssh', h.ssh(), '--identity', h.identityFile, '--ssh-host-key', h.hostKeyFingerprint];
      const cli = (...args: string[]) => rdpDoctor(args, { dataDir });
      const show = (r: { code: number | null; out: string; err: string }) =>
        `exit ${r.code}\n--- stdout\n${r.out}\n--- stderr\n${r.err}\n--- xrdp.log (tail)\n${h.log().slice(-1500)}`;

      beforeAll(() => {
        h = hosts.get(c.fault) as DebianHost;
        dataDir = mkdtempSync(path.join(dataRoot, `${c.fault}-`));
        stateBefore = c.state?.(h);
      });

      it('probe: the fault shows from outside', async () => {
        expect(ids(await probe(h))).toContain(c.broken);
      });

      it('inspect over SSH: reads the host, changes nothing', async () => {
        const r = await cli('inspect', h.target, ...access());
        expect(r.code, show(r)).not.toBe(2);
        expect(readFileSync(h.path('/etc/xrdp/xrdp.ini')).equals(h.iniBytes)).toBe(true);
        expect(c.state?.(h)).toEqual(stateBefore);
      });

      it('fix --yes: exit 0, and a fresh probe shows it fixed', async () => {
        const r = await cli('fix', h.target, ...access(), '--yes');
        // soft: when the verdict is wrong the steps after still show what the host looks like
        expect.soft(r.code, show(r)).toBe(0);
        if (r.code !== 0 && c.fault !== 'stopped') await h.waitForXrdp(30_000).catch(() => {});
        iniAfterFix = readFileSync(h.path('/etc/xrdp/xrdp.ini'));
        filesAfterFix = xrdpFiles(h);
        stateAfterFix = c.state?.(h);
        const after = await probe(h);
        expect(ids(after)).not.toContain(c.broken);
        const tls12 = after.tls?.versions.find((v) => v.version === 'TLSv1.2');
        expect(tls12?.ok, JSON.stringify(after.findings.map((f) => f.id))).toBe(true);
        c.fixed?.(h, after);
      });

      it('a second fix changes nothing', async () => {
        const r = await cli('fix', h.target, ...access(), '--yes');
        expect(r.code, show(r)).toBe(0);
        expect(r.out, show(r)).toMatch(/Everything is already right|Nothing to fix/);
        expect(readFileSync(h.path('/etc/xrdp/xrdp.ini')).equals(iniAfterFix)).toBe(true);
        expect(xrdpFiles(h)).toEqual(filesAfterFix);
        expect(c.state?.(h)).toEqual(stateAfterFix);
      });

      it('undo --yes: the fault is back, xrdp.ini byte-identical', async () => {
        const r = await cli('undo', h.target, ...access(), '--yes');
        expect(r.code, show(r)).toBe(0);
        expect(readFileSync(h.path('/etc/xrdp/xrdp.ini')).equals(h.iniBytes)).toBe(true);
        expect(c.state?.(h)).toEqual(stateBefore);
        // at once: an undo that restarted xrdp is judged by xrdp listening again, as a fix is
        expect(ids(await probe(h))).toContain(c.broken);
      });
    });
  }

  it("the bystander host's xrdp was never touched by the other hosts' restarts (same PID)", () => {
    expect(bystanderPid).not.toBeNull();
    expect(bystander.listenerPid()).toBe(bystanderPid);
  });
});
