/**
 * The three real probe runs the report tests render: a healthy xrdp, an xrdp whose certificate has
 * expired, and FreeRDP's shadow server with an NLA credential check. Shared by
 * tests/integration/report-formats.test.ts and tests/e2e/report-chromium.test.ts.
 */
import { probeAndDiagnose } from '../../electron/diagnosis/probeAndDiagnose';
import type { ProbeResult } from '../../shared/probe';
import { days, makeCert, type Peer, startShadow, startXrdp } from '../peers';

export type ReportRunName = 'healthy' | 'expired' | 'nla';

export interface ReportRunOptions {
  user: string;
  password: string;
  /** the expired certificate's CN and validity, in days from now */
  expired: { cn: string; notBefore: number; notAfter: number };
  stabilitySamples: number;
}

export interface ReportRuns {
  runs: Record<ReportRunName, ProbeResult>;
  /** where each peer listens, for tests that probe again (e.g. through the CLI) */
  targets: Record<ReportRunName, string>;
  stop(): Promise<void>;
}

export async function probeReportPeers(o: ReportRunOptions): Promise<ReportRuns> {
  const peers: Peer[] = [];
  const stop = async () => {
    await Promise.all(peers.map((p) => p.stop()));
  };
  try {
    const healthy = await startXrdp();
    peers.push(healthy);
    const expired = await startXrdp({
      cert: makeCert({ cn: o.expired.cn, notBefore: days(o.expired.notBefore), notAfter: days(o.expired.notAfter) }),
    });
    peers.push(expired);
    const shadow = await startShadow({ users: [{ user: o.user, password: o.password }] });
    peers.push(shadow);
    const opts = { timeoutMs: 15_000, stabilitySamples: o.stabilitySamples };
    const runs: Record<ReportRunName, ProbeResult> = {
      healthy: await probeAndDiagnose({ target: healthy.target, ...opts }),
      expired: await probeAndDiagnose({ target: expired.target, ...opts }),
      nla: await probeAndDiagnose({
        target: shadow.target,
        ...opts,
        credentials: { user: o.user, password: o.password },
      }),
    };
    return { runs, targets: { healthy: healthy.target, expired: expired.target, nla: shadow.target }, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
