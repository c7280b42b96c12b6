// A healthy xrdp (security_layer=negotiate, TLS 1.2/1.3, a valid self-signed certificate): every step tells
// the truth about it, through the same runner the app and the CLI use.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe } from '../../electron/probe/runProbe';
import { type ProbeResult, ProbeResultSchema, type StepEvent } from '../../shared/probe';
import { makeCert, needPeers, type Peer, startXrdp } from '../peers';

const { skip } = needPeers(['xrdp'], 'probe-xrdp-healthy.test.ts');

describe.skipIf(skip)('probe: healthy xrdp', () => {
  let peer: Peer;
  let result: ProbeResult;
  const events: StepEvent[] = [];
  beforeAll(async () => {
    peer = await startXrdp({ cert: makeCert({ cn: 'xrdp-healthy.test', sans: ['xrdp-healthy.test'] }) });
    result = await runProbe({ target: peer.target, timeoutMs: 10_000 }, { onStep: (e) => events.push(e) });
  });
  afterAll(async () => {
    await peer?.stop();
  });

  it('returns a result that matches the zod model and the committed JSON Schema', () => {
    expect(ProbeResultSchema.safeParse(result).success).toBe(true);
    const schema = JSON.parse(readFileSync(path.resolve(__dirname, '../../docs/probe-result.schema.json'), 'utf8'));
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate(JSON.parse(JSON.stringify(result))), JSON.stringify(validate.errors)).toBe(true);
    expect(result.aborted).toBe(false);
  });

  it('connects and skips DNS for an IP literal', () => {
    expect(result.target).toMatchObject({ host: peer.host, port: peer.port, dnsSkipped: true });
    expect(result.tcp?.address).toBe(peer.host);
    expect(result.steps.tcp.status).toBe('passed');
  });

  it('records what xrdp selected for each request: TLS and Standard RDP yes, NLA no', () => {
    const neg = result.negotiation!;
    expect(neg.supports).toMatchObject({ rdp: true, tls: true, hybrid: false, hybridEx: false });
    const hybrid = neg.attempts.find((a) => a.requested === 'hybrid')!;
    // xrdp answers a CredSSP request by selecting TLS: recorded as selected TLS, never as success
    expect(hybrid).toMatchObject({ outcome: 'selected', selected: 'tls' });
    expect(neg.notRdp).toBeNull();
    expect(result.steps.negotiation.summary).toContain('asked for CredSSP (NLA), got TLS');
  });

  it('finds TLS 1.2 and 1.3 working and 1.0/1.1 refused by version', () => {
    const byVersion = Object.fromEntries(result.tls!.versions.map((v) => [v.version, v]));
    expect(byVersion['TLSv1.2']?.ok).toBe(true);
    expect(byVersion['TLSv1.3']?.ok).toBe(true);
    expect(byVersion['TLSv1.3']?.negotiatedVersion).toBe('TLSv1.3');
    expect(byVersion.TLSv1?.ok).toBe(false);
    expect(byVersion.TLSv1?.failure?.kind).toBe('protocol_version');
  });

  it('reads the certificate xrdp serves', () => {
    const cert = result.tls!.certificate!;
    expect(cert.subjectCN).toBe('xrdp-healthy.test');
    expect(cert.sha1Thumbprint).toMatch(/^[0-9A-F]{40}$/);
    expect(cert.selfSigned).toBe(true);
    expect(cert.trusted).toBe(false);
    expect(cert.nameMatches).toBe(false); // we typed an IP, the certificate names a host
    expect(new Date(cert.notAfter).getTime()).toBeGreaterThan(Date.now());
    expect(result.steps.certificate.status).toBe('warning');
  });

  it('reads Standard RDP Security data and measures stability', () => {
    expect(result.steps.rdpSecurity.status).toBe('passed');
    expect(result.rdpSecurity).toMatchObject({
      encryptionLevel: 'ENCRYPTION_LEVEL_HIGH',
      serverCertType: 'proprietary',
    });
    expect(result.rdpSecurity!.rsaKeyBits).toBeGreaterThanOrEqual(512);
    expect(result.stability?.failures).toBe(0);
    // two extra connects on top of the connect time of every connection the probe opened (issue 13)
    expect(result.stability?.samplesMs.length).toBe(result.connections);
    expect(result.stability?.samplesMs.length).toBeGreaterThanOrEqual(3);
  });

  it('leaves no socket and no timer of its own behind', async () => {
    const count = (kind: string) => process.getActiveResourcesInfo().filter((r) => r === kind).length;
    await new Promise((r) => setTimeout(r, 50));
    const before = { tcp: count('TCPSocketWrap'), tls: count('TLSWrap'), timers: count('Timeout') };
    await runProbe({ target: peer.target, timeoutMs: 10_000 });
    // closing is asynchronous: give the handles a moment to go
    for (let i = 0; i < 20 && count('TCPSocketWrap') > before.tcp; i++) await new Promise((r) => setTimeout(r, 10));
    expect(count('TCPSocketWrap')).toBe(before.tcp);
    expect(count('TLSWrap')).toBe(before.tls);
    expect(count('Timeout')).toBeLessThanOrEqual(before.timers);
  });

  it('emits running then a final event for every step', () => {
    for (const id of Object.keys(result.steps)) {
      const mine = events.filter((e) => e.step === id);
      expect(mine.at(-1)?.status).toBe(result.steps[id as keyof typeof result.steps].status);
    }
    expect(result.steps.nlaCheck.status).toBe('skipped');
    expect(result.steps.credssp.status).toBe('skipped');
  });
});
