/**
 * The path verdict (issue 22) and the network-unstable finding it feeds: cuts on a path to a server that answers
 * elsewhere are the network; cuts at one point nobody gets past are the server; no cuts is no alarm, on loopback or
 * not. Also the TLS verdicts' certainty (withStatus) and the relay's seeded cut pattern.
 */
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../electron/diagnosis/diagnose';
import {
  ConnectionLog,
  pathFacts,
  recordConnect,
  recordCut,
  recordPassed,
} from '../../../electron/probe/connectionLog';
import { describeCutSteps, describeCuts, judgePath } from '../../../electron/probe/pathVerdict';
import { reconsiderCutVersions, withStatus } from '../../../electron/probe/tls';
import type { ConnectionCut, PathFacts, ProbeResult, TlsVersionResult } from '../../../shared/probe';
import { isCut } from '../../peers/relay';
import { healthyXrdp, variant } from '../diagnosis/handmadeProbe';

const cut = (step: ConnectionCut['step'], phase: ConnectionCut['phase'], bytesReceived = 19): ConnectionCut => ({
  step,
  phase,
  how: 'reset',
  bytesReceived,
});
const path = (cuts: ConnectionCut[], passed: Partial<PathFacts['passed']>, connections = 12): PathFacts => ({
  connections,
  cuts,
  passed: { negotiation: 0, tls: 0, credssp: 0, mcs: 0, ...passed },
});
const ids = (r: ProbeResult) => diagnose(r).map((f) => f.id);
const withPath = (p: PathFacts, address = '10.0.0.5') =>
  variant(healthyXrdp(), (x) => {
    x.path = p;
    if (x.tcp) x.tcp.address = address;
  });

describe('judgePath', () => {
  it('no cuts: nothing to say', () => {
    expect(judgePath(path([], { negotiation: 8, tls: 3 }))).toBeNull();
    expect(judgePath(undefined)).toBeNull();
  });

  it("cuts where other connections got through, on a server that answers: unstable, with the issue's sentence", () => {
    const v = judgePath(
      path([cut('negotiation', 'negotiation', 3), cut('tls', 'tls'), cut('tls', 'tls'), cut('credssp', 'tls')], {
        negotiation: 8,
        tls: 2,
      }),
    );
    expect(v?.unstable).toBe(true);
    expect(v?.steps).toEqual(['negotiation', 'tls', 'credssp']);
    expect(v?.sentence).toBe("4 of 12 connections were cut after the server's first answer, in negotiation and TLS");
  });

  it('every connection that reached a point cut there: the server, not the network', () => {
    const v = judgePath(path([cut('tls', 'tls'), cut('tls', 'tls'), cut('credssp', 'tls')], { negotiation: 5 }));
    expect(v?.unstable).toBe(false);
    expect(v?.serverSide).toMatch(/every connection that reached TLS ended there/);
  });

  it('a server that never answers a connection request: not the network', () => {
    const v = judgePath(path([cut('negotiation', 'negotiation', 0), cut('negotiation', 'negotiation', 0)], {}));
    expect(v?.unstable).toBe(false);
    expect(v?.sentence).toMatch(/before the server's first answer/);
  });

  it('says how many bytes came before each cut, per step', () => {
    expect(describeCutSteps([cut('tls', 'tls', 79), cut('rdpSecurity', 'mcs')])).toEqual([
      'TLS versions: 1 cut in TLS (reset after 79 bytes)',
      'Standard RDP Security: 1 cut in the MCS exchange (reset after 19 bytes)',
    ]);
    expect(describeCuts([cut('tls', 'tls', 0), cut('tls', 'tls', 40)], 9)).toBe(
      "2 of 9 connections were cut (1 of them after the server's first answer), in TLS",
    );
  });
});

describe('network-unstable from cuts', () => {
  const unstable = path([cut('tls', 'tls'), cut('rdpSecurity', 'mcs')], { negotiation: 10, tls: 2, mcs: 1 });

  it('is reported, first, explaining 0x904/0x7, naming the affected steps', () => {
    const findings = diagnose(withPath(unstable));
    expect(findings[0]?.id).toBe('network-unstable');
    expect(findings[0]?.explainsCodes).toContain('0x904/0x7');
    expect(findings[0]?.detail).toMatch(
      /2 of 12 connections were cut after the server's first answer, in TLS and the MCS exchange/,
    );
    expect(findings[0]?.detail).toMatch(/affected steps: TLS versions, Standard RDP Security/);
  });

  it('counts on loopback too: the accept-backlog exception is for SYN retries only', () => {
    expect(ids(withPath(unstable, '127.0.0.1'))).toContain('network-unstable');
    const synRetries = variant(withPath(path([], { negotiation: 10 }), '127.0.0.1'), (x) => {
      x.stability = { attempts: 12, failures: 1, minMs: 1, medianMs: 2, maxMs: 1020, samplesMs: [1, 2, 1020] };
    });
    expect(ids(synRetries)).not.toContain('network-unstable');
  });

  it('no false alarm: a steady path, or a server dropping every handshake at one point', () => {
    expect(ids(withPath(path([], { negotiation: 12, tls: 3, mcs: 1 })))).not.toContain('network-unstable');
    expect(ids(withPath(path([cut('tls', 'tls'), cut('tls', 'tls')], { negotiation: 6 })))).not.toContain(
      'network-unstable',
    );
  });

  it('an unknown TLS version is no evidence of a server refusing it', () => {
    const r = variant(withPath(unstable), (x) => {
      for (const v of x.tls!.versions) {
        if (v.version === 'TLSv1.2' || v.version === 'TLSv1.3') {
          Object.assign(v, { ok: false, status: 'unknown', unknownReason: 'the link dropped it' });
          v.failure = { kind: 'reset', message: 'reset' };
        }
      }
    });
    const found = ids(r);
    expect(found).not.toContain('tls-legacy-only');
    // nothing worked but the versions that might have are unknown: no "every handshake failed" either
    const noneOk = variant(r, (x) => {
      for (const v of x.tls!.versions) if (v.ok) Object.assign(v, { ok: false, status: 'unknown' });
    });
    expect(ids(noneOk)).not.toContain('tls-handshake-failed');
    expect(diagnose(r)[0]?.evidence.join('\n')).toMatch(
      /not concluded, the link dropped them and their retries: TLS 1.2 support, TLS 1.3 support/,
    );
  });
});

describe('withStatus: how sure each TLS verdict is', () => {
  const ok = (version: TlsVersionResult['version']) => ({
    result: { version, ok: true, ms: 1 },
    socket: null,
    cut: false,
  });
  const cutTry = (version: TlsVersionResult['version']) => ({
    result: { version, ok: false, failure: { kind: 'reset' as const, message: 'reset' }, retried: true, ms: 1 },
    socket: null,
    cut: true,
  });
  const refused = (version: TlsVersionResult['version']) => ({
    result: { version, ok: false, failure: { kind: 'protocol_version' as const, message: 'refused' }, ms: 1 },
    socket: null,
    cut: false,
  });

  it('a cut version is unknown when the server did TLS elsewhere, never "not offered"', () => {
    const v = withStatus([cutTry('TLSv1'), refused('TLSv1.1'), ok('TLSv1.2')], false);
    expect(v.map((x) => x.status)).toEqual(['unknown', 'not-offered', 'offered']);
    expect(v[0]?.unknownReason).toMatch(/link dropped/);
  });

  it('every handshake cut: the server drops them all, a failure as before', () => {
    expect(withStatus([cutTry('TLSv1.2'), cutTry('TLSv1.3')], false).map((x) => x.status)).toEqual([
      'not-offered',
      'not-offered',
    ]);
    // unless another step's connection completed TLS
    expect(withStatus([cutTry('TLSv1.2')], true)[0]?.status).toBe('unknown');
  });
});

describe('reconsiderCutVersions', () => {
  it('once the path is known to drop connections, a version lost to cuts is unknown, not refused', () => {
    const tls = {
      via: 'tls' as const,
      certificate: null,
      versions: [
        { version: 'TLSv1.2' as const, ok: false, status: 'not-offered' as const, cut: true, ms: 1 },
        { version: 'TLSv1.1' as const, ok: false, status: 'not-offered' as const, ms: 1 },
      ],
    };
    expect(reconsiderCutVersions(tls, false)).toBe(false);
    expect(tls.versions[0]?.status).toBe('not-offered');
    expect(reconsiderCutVersions(tls, true)).toBe(true);
    expect(tls.versions.map((v) => v.status)).toEqual(['unknown', 'not-offered']);
  });
});

describe('the connection log', () => {
  it('records cuts with the step they happened in, and passes per phase', () => {
    const log = new ConnectionLog();
    const other = new ConnectionLog();
    recordPassed({ log }, 'negotiation');
    recordCut({ log, step: 'tls' }, { phase: 'tls', how: 'closed', bytesReceived: 19 });
    recordPassed({ log, step: 'rdpSecurity' }, 'mcs');
    recordCut({ log }, { phase: 'mcs', how: 'reset', bytesReceived: 0 }); // outside any step: stability's
    recordConnect({ log, step: 'tcp' }, { ok: true, ms: 3 });
    recordConnect({ log, step: 'tcp' }, { ok: false, ms: 1, code: 'aborted' }); // our own abort: not a sample
    recordCut({ log: other, step: 'tls' }, { phase: 'tls', how: 'reset', bytesReceived: 2 }); // another probe's
    recordCut(undefined, { phase: 'tls', how: 'reset', bytesReceived: 1 }); // no trace: nowhere
    expect(pathFacts(log)).toEqual({
      connections: 1,
      cuts: [
        { step: 'tls', phase: 'tls', how: 'closed', bytesReceived: 19 },
        { step: 'stability', phase: 'mcs', how: 'reset', bytesReceived: 0 },
      ],
      passed: { negotiation: 1, tls: 0, credssp: 0, mcs: 1 },
    });
    expect(pathFacts(other).cuts).toHaveLength(1);
  });
});

describe("the test relay's seeded cut pattern", () => {
  it.each([1 / 3, 1 / 4, 0.5])('cuts exactly share %f, evenly: at least one in every ⌈1/share⌉', (share) => {
    for (const seed of [1, 7, 22, 1234]) {
      const pattern = Array.from({ length: 120 }, (_, n) => isCut(n, share, seed));
      expect(pattern.filter(Boolean).length).toBeCloseTo(120 * share, 0);
      const window = Math.ceil(1 / share);
      for (let i = 0; i + window <= pattern.length; i++) {
        expect(pattern.slice(i, i + window).some(Boolean)).toBe(true);
      }
      // the same seed gives the same pattern
      expect(Array.from({ length: 120 }, (_, n) => isCut(n, share, seed))).toEqual(pattern);
    }
  });
  it('share 0 never cuts, share 1 always', () => {
    expect([0, 1, 2].map((n) => isCut(n, 0, 3))).toEqual([false, false, false]);
    expect([0, 1, 2].map((n) => isCut(n, 1, 3))).toEqual([true, true, true]);
  });
});
