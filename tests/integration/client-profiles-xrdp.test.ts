/**
 * Which clients will connect (issue 21 part 2), against real xrdp servers configured with ssl_protocols /
 * tls_ciphers combinations and weak certificates. Every verdict is held against a fixed expectation AND against a
 * real client: `openssl s_client` offering exactly the profile's versions and suites (through a relay that does
 * the RDP preamble, tests/peers/rdpPreambleRelay.ts, so the TLS handshake is OpenSSL's own), and for the FreeRDP
 * rows `xfreerdp /auth-only` under Xvfb with the OS's real OpenSSL and the profile's security level.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pc from 'picocolors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatFindings } from '../../electron/cli/findingsText';
import { probeAndDiagnose } from '../../electron/diagnosis/probeAndDiagnose';
import { buildReport } from '../../electron/report/buildReport';
import { renderReport } from '../../electron/report/renderReport';
import { CLIENT_PROFILES, type ClientProfile, SUITE_OPENSSL_NAME } from '../../shared/clientProfileTable';
import type { ProbeResult, TlsVersionName } from '../../shared/probe';
import { type Display, makeCert, needPeers, type Peer, startXrdp, startXvfb, type XrdpOptions } from '../peers';
import { type Relay, startPreambleRelay } from '../peers/rdpPreambleRelay';

const { skip } = needPeers(['xrdp', 'xfreerdp'], 'client-profiles-xrdp.test.ts');

function run(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], ...(env ? { env } : {}) });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
    child.stdin.end();
  });
}

const S_CLIENT_VERSION: Record<TlsVersionName, string> = {
  TLSv1: '-tls1',
  'TLSv1.1': '-tls1_1',
  'TLSv1.2': '-tls1_2',
  'TLSv1.3': '-tls1_3',
};

/** One real OpenSSL handshake offering exactly `suites` at `version`; true when it completed. */
async function sClient(relay: Relay, version: TlsVersionName, suites: string[], secLevel = 0): Promise<boolean> {
  const names = suites.map((s) => SUITE_OPENSSL_NAME[s]).join(':');
  const list = version === 'TLSv1.3' ? ['-ciphersuites', names] : ['-cipher', `${names}:@SECLEVEL=${secLevel}`];
  const r = await run('openssl', [
    's_client',
    '-connect',
    `${relay.host}:${relay.port}`,
    '-brief',
    S_CLIENT_VERSION[version],
    ...list,
  ]);
  return r.out.includes('CONNECTION ESTABLISHED');
}

/** Does this profile's real client get through TLS? Windows/macOS: s_client per version; FreeRDP: xfreerdp. */
async function realClient(
  profile: ClientProfile,
  relay: Relay,
  peer: Peer,
  display: Display,
  home: string,
  offers: Partial<Record<TlsVersionName, string[]>> = profile.suites,
): Promise<boolean> {
  if (profile.id.startsWith('freerdp')) {
    const level = profile.id === 'freerdp-level2' ? '2' : '1';
    // /cert:tofu accepts the unknown test certificate as a user would; TLS failure is ERRCONNECT_TLS_CONNECT_FAILED
    const r = await run(
      'xfreerdp',
      [
        `/v:${peer.host}:${peer.port}`,
        '/auth-only',
        '/u:nobody',
        '/p:none',
        '/sec:tls',
        '/cert:tofu',
        `/tls-seclevel:${level}`,
      ],
      { ...process.env, DISPLAY: display.display, HOME: home },
    );
    expect(r.out, 'xfreerdp got as far as a TLS verdict').toMatch(/TLS_CONNECT_FAILED|com\.freerdp\.crypto|MCS|gcc/);
    const viaOpenSsl = await sClient(relay, 'TLSv1.2', profile.suites['TLSv1.2']!, Number(level));
    const viaOpenSsl13 = await sClient(relay, 'TLSv1.3', profile.suites['TLSv1.3']!);
    const freerdp = !r.out.includes('TLS_CONNECT_FAILED');
    expect(viaOpenSsl || viaOpenSsl13, 's_client at the same level agrees with xfreerdp').toBe(freerdp);
    return freerdp;
  }
  for (const [version, suites] of Object.entries(offers) as [TlsVersionName, string[]][]) {
    if (await sClient(relay, version, suites)) return true;
  }
  return false;
}

type Expect = Record<string, 'yes' | 'no' | 'unknown'>;
const ca = makeCert({ cn: 'Client Profiles Test CA', isCa: true });
const CASES: Array<{ name: string; xrdp: () => XrdpOptions; expect: Expect; why?: Record<string, RegExp> }> = [
  {
    name: 'healthy (TLS 1.2 + 1.3, Debian defaults)',
    xrdp: () => ({}),
    expect: {
      win7: 'no',
      win81: 'yes',
      win10: 'yes',
      win11: 'yes',
      macos: 'yes',
      'freerdp-level1': 'yes',
      'freerdp-level2': 'yes',
    },
    why: { win7: /needs the update KB3080079/ },
  },
  {
    name: 'TLS 1.0 only',
    xrdp: () => ({ sslProtocols: 'TLSv1', tlsCiphers: 'DEFAULT:@SECLEVEL=0' }),
    expect: {
      win7: 'yes',
      win81: 'yes',
      win10: 'yes',
      win11: 'unknown',
      macos: 'unknown',
      'freerdp-level1': 'no',
      'freerdp-level2': 'no',
    },
    why: { 'freerdp-level1': /TLS 1\.2 refused; TLS 1\.3 refused/ },
  },
  {
    name: 'TLS 1.2 only with only CBC suites (RSA key exchange)',
    xrdp: () => ({ sslProtocols: 'TLSv1.2', tlsCiphers: 'AES256-SHA256:AES128-SHA256' }),
    expect: {
      win7: 'no',
      win81: 'yes',
      win10: 'yes',
      win11: 'yes',
      macos: 'no',
      'freerdp-level1': 'yes',
      'freerdp-level2': 'yes',
    },
    why: { win7: /needs the update/, macos: /TLS 1\.2: none of its suites accepted/ },
  },
  {
    name: 'TLS 1.3 only',
    xrdp: () => ({ sslProtocols: 'TLSv1.3' }),
    expect: {
      win7: 'no',
      win81: 'no',
      win10: 'no',
      win11: 'yes',
      macos: 'yes',
      'freerdp-level1': 'yes',
      'freerdp-level2': 'yes',
    },
  },
  {
    name: '1024-bit RSA key',
    xrdp: () => ({ cert: makeCert({ keyBits: 1024 }), tlsCiphers: 'DEFAULT:@SECLEVEL=0' }),
    expect: {
      win7: 'no',
      win81: 'yes',
      win10: 'yes',
      win11: 'yes',
      macos: 'yes',
      'freerdp-level1': 'yes',
      'freerdp-level2': 'yes',
    },
    why: { 'freerdp-level2': /1024-bit RSA key .* warns/, macos: /warns/ },
  },
  {
    name: 'SHA-1 signature from a CA',
    xrdp: () => ({ cert: makeCert({ digest: 'sha1', issuer: ca }), tlsCiphers: 'DEFAULT:@SECLEVEL=0' }),
    expect: {
      win7: 'no',
      win81: 'yes',
      win10: 'yes',
      win11: 'yes',
      macos: 'yes',
      'freerdp-level1': 'yes',
      'freerdp-level2': 'yes',
    },
    why: { 'freerdp-level1': /sha1WithRSAEncryption|SHA1|sha1/i },
  },
];

describe.skipIf(skip)('which clients will connect: real xrdp servers, real clients', () => {
  let display: Display;
  let home: string;
  beforeAll(async () => {
    display = await startXvfb();
    // xfreerdp's known_hosts for /cert:tofu goes here, not into root's home
    home = mkdtempSync(path.join(tmpdir(), 'rdpdoc-freerdp-home-'));
  });
  afterAll(async () => {
    await display?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  for (const c of CASES) {
    describe(c.name, () => {
      let peer: Peer;
      let relay: Relay;
      let r: ProbeResult;
      beforeAll(async () => {
        peer = await startXrdp(c.xrdp());
        relay = await startPreambleRelay(peer);
        r = await probeAndDiagnose({ target: peer.target });
      }, 60_000);
      afterAll(async () => {
        await relay?.stop();
        await peer?.stop();
      });

      it('gives the expected verdict per profile, with its reason', () => {
        const got = Object.fromEntries((r.clients?.profiles ?? []).map((p) => [p.profile, p.willConnect]));
        expect(got).toEqual(c.expect);
        for (const [id, re] of Object.entries(c.why ?? {})) {
          expect(r.clients!.profiles.find((p) => p.profile === id)!.why).toMatch(re);
        }
      });

      it('each yes/no is what the real client does', async () => {
        for (const profile of CLIENT_PROFILES) {
          const verdict = r.clients!.profiles.find((p) => p.profile === profile.id)!;
          if (verdict.willConnect === 'unknown') continue;
          const real = await realClient(profile, relay, peer, display, home);
          expect(`${profile.id}: ${real ? 'yes' : 'no'}`).toBe(`${profile.id}: ${verdict.willConnect}`);
          if (verdict.why.startsWith('needs the update') && profile.withUpdate) {
            const updated = await realClient(profile, relay, peer, display, home, profile.withUpdate.suites);
            expect(`${profile.id} with ${profile.withUpdate.name}: ${updated}`).toBe(
              `${profile.id} with ${profile.withUpdate.name}: true`,
            );
          }
        }
      }, 120_000);

      it('shows the table in the CLI text, the Markdown, HTML and JSON reports', () => {
        const colors = pc.createColors(false);
        const text = formatFindings(r, { decoded: null, fixes: false, hostKind: null, width: 100, colors }).join('\n');
        const report = buildReport(r);
        const md = renderReport(report, 'md');
        const html = renderReport(report, 'html');
        const json = JSON.parse(renderReport(report, 'json'));
        for (const v of r.clients!.profiles) {
          expect(text).toMatch(new RegExp(`${v.willConnect} +${v.label.replace(/[()/]/g, '\\$&')}`));
          expect(md).toContain(`| ${v.willConnect} |`);
          expect(html).toContain(`<td class="clients-${v.willConnect}">${v.willConnect}</td>`);
        }
        expect(text).toContain('Which clients will connect');
        expect(md).toContain('## Which clients will connect');
        expect(json.clients).toEqual(r.clients!.profiles);
      });

      it('made only the handshakes the version probes left open', () => {
        for (const check of r.clients!.checks) {
          const version = r.tls!.versions.find((v) => v.version === check.version)!;
          expect(version.ok).toBe(true);
          expect(check.offered).not.toContain(version.cipher);
        }
      });
    });
  }
});
