// @vitest-environment jsdom
/**
 * The fleet report from probe results CAPTURED from the real peers (tests/fixtures/probe): order (errors,
 * then warnings, then fine; by days to certificate expiry within each), counts per finding, the HTML's
 * one-click details without script, CSV quoting, and redaction shared across hosts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../../electron/diagnosis/diagnose';
import { parseCsv } from '../../../../electron/probe/fleet/csv';
import type { FleetScanResult } from '../../../../electron/probe/fleet/scanFleet';
import { pendingHost, summarizeHost } from '../../../../electron/probe/fleet/summarizeHost';
import { buildFleetReport } from '../../../../electron/report/fleet/buildFleetReport';
import { csvCell, renderFleetCsv } from '../../../../electron/report/fleet/renderFleetCsv';
import { renderFleetHtml } from '../../../../electron/report/fleet/renderFleetHtml';
import { FleetReportSchema } from '../../../../shared/fleet';
import { type ProbeResult, ProbeResultSchema } from '../../../../shared/probe';

const DIR = path.join(__dirname, '..', '..', '..', 'fixtures', 'probe');
function captured(name: string): ProbeResult {
  const r = ProbeResultSchema.parse(JSON.parse(readFileSync(path.join(DIR, `${name}.json`), 'utf8')));
  return { ...r, findings: diagnose(r) };
}

const NAMES = [
  'xrdp-healthy',
  'closed-port',
  'xrdp-expiring-soon-cert',
  'xrdp-expired-cert',
  'xrdp-tls1-only',
  'silent-listener',
  'sshd-on-port',
  'xrdp-weak-cert',
];

function scanOf(names: string[], pendingAfter = names.length): FleetScanResult {
  return {
    outcomes: names.map((n, i) => {
      if (i >= pendingAfter) return { host: pendingHost(i, `pending-${i}`), result: null };
      const r = captured(n);
      return { host: summarizeHost(i, r.input, r, Date.parse(r.startedAt)), result: r };
    }),
    startedAt: '2026-11-27T10:00:00.000Z',
    finishedAt: '2026-11-27T10:00:05.000Z',
    durationMs: 5000,
    cancelled: pendingAfter < names.length,
  };
}

const opts = {
  concurrency: 16,
  timeoutMs: 10_000,
  ranBy: 'LAB\\carol',
  machine: 'helpdesk-07',
  now: new Date('2026-11-27T10:00:06Z'),
};

describe('fleet report', () => {
  const report = buildFleetReport(scanOf(NAMES), opts);

  it('validates against its schema', () => {
    expect(() => FleetReportSchema.parse(report)).not.toThrow();
  });

  it('sorts errors first, then warnings, then fine; by days to certificate expiry within each', () => {
    const rank = { error: 0, warning: 1, ok: 2, stopped: 3, pending: 4 } as const;
    for (let i = 1; i < report.hosts.length; i++) {
      const a = report.hosts[i - 1]!;
      const b = report.hosts[i]!;
      expect(rank[a.verdict]).toBeLessThanOrEqual(rank[b.verdict]);
      if (a.verdict === b.verdict) {
        expect(a.certDaysLeft ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(
          b.certDaysLeft ?? Number.POSITIVE_INFINITY,
        );
      }
    }
    const byTarget = new Map(report.hosts.map((h) => [h.result?.input, h]));
    const expired = byTarget.get(captured('xrdp-expired-cert').input)!;
    expect(expired.findingIds).toContain('tls-cert-expired');
    expect(expired.certDaysLeft).toBeLessThan(0);
    const sameVerdict = report.hosts.filter((h) => h.verdict === expired.verdict);
    // the expired certificate has the fewest days left in its group; hosts without a certificate come last
    expect(sameVerdict[0]).toBe(expired);
    const errors = report.hosts.filter((h) => h.verdict === 'error');
    expect(errors.at(-1)?.certDaysLeft).toBeNull();
  });

  it('counts hosts per finding, errors first', () => {
    for (const c of report.counts) {
      const have = report.hosts.filter((h) => h.findingIds.includes(c.id)).length;
      expect(c.hosts, c.id).toBe(have);
    }
    const sev = report.counts.map((c) => c.severity);
    expect(sev).toEqual(
      [...sev].sort((a, b) => ['error', 'warning', 'info'].indexOf(a) - ['error', 'warning', 'info'].indexOf(b)),
    );
    expect(report.totals).toEqual({
      error: report.hosts.filter((h) => h.verdict === 'error').length,
      warning: report.hosts.filter((h) => h.verdict === 'warning').length,
      ok: report.hosts.filter((h) => h.verdict === 'ok').length,
      notScanned: 0,
    });
    expect(report.totals.error).toBeGreaterThanOrEqual(4);
  });

  it('per host: TLS versions, NLA, the root cause', () => {
    const tls1 = report.hosts.find((h) => h.result?.input === captured('xrdp-tls1-only').input)!;
    expect(tls1.tlsVersions).toEqual(['TLSv1']);
    expect(tls1.rootCause?.id).toBe('tls-legacy-only');
    const healthy = report.hosts.find((h) => h.result?.input === captured('xrdp-healthy').input)!;
    expect(healthy.tlsVersions).toEqual(expect.arrayContaining(['TLSv1.2', 'TLSv1.3']));
    expect(healthy.nla).toBe('not-offered');
    expect(healthy.osBuild).toBeNull();
  });

  it('per host: the OS build NTLM shows, and NLA required (FreeRDP shadow with NLA)', () => {
    const r = captured('shadow-nla');
    const h = summarizeHost(0, r.input, r, Date.parse(r.startedAt));
    expect(h.osBuild).toBe(r.credssp?.ntlm?.productVersion);
    expect(h.osBuild).toMatch(/^\d+\.\d+\.\d+$/);
    expect(h.nla).toBe(r.findings.some((f) => f.id === 'nla-required') ? 'required' : 'offered');
    expect(r.findings.map((f) => f.id)).toContain('nla-required');
  });

  it('HTML: each host is a row that opens its own findings (<details>), counts read "N hosts: title", no script', () => {
    const html = renderFleetHtml(report);
    expect(html).not.toMatch(/<script/i);
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const hosts = [...doc.querySelectorAll('#hosts details.host')];
    expect(hosts.map((d) => d.getAttribute('data-host'))).toEqual(report.hosts.map((h) => h.target));
    hosts.forEach((d, i) => {
      const h = report.hosts[i]!;
      expect(d.querySelector('summary .name')?.textContent).toBe(h.target);
      const ids = [...d.querySelectorAll('[data-finding]')].map((f) => f.getAttribute('data-finding'));
      expect(ids).toEqual(h.result!.findings.map((f) => f.id));
    });
    const items = [...doc.querySelectorAll('#counts li')].map((li) => li.textContent);
    expect(items).toEqual(report.counts.map((c) => `${c.hosts} host${c.hosts === 1 ? '' : 's'}: ${c.title}`));
  });

  it('CSV: one row per host in report order, quoted where needed, formulas defused', () => {
    const csv = renderFleetCsv(report);
    const rows = parseCsv(csv.replace(/\r\n$/, ''), ',').rows.map((r) => r.fields);
    expect(rows[0]?.slice(0, 3)).toEqual(['target', 'verdict', 'root_cause_id']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(report.hosts.map((h) => h.target));
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell('a,b')).toBe('"a,b"');
  });

  it('a stopped scan lists the unscanned hosts last, as not checked', () => {
    const stopped = buildFleetReport(scanOf(NAMES, 5), opts);
    expect(stopped.scan.cancelled).toBe(true);
    expect(stopped.totals.notScanned).toBe(3);
    expect(stopped.hosts.slice(-3).map((h) => h.verdict)).toEqual(['pending', 'pending', 'pending']);
    expect(renderFleetHtml(stopped)).toMatch(/stopped before every host was checked/);
  });

  it('copies the results unless they are handed over; redaction never reaches a copied result', () => {
    const scan = scanOf(NAMES);
    const kept = buildFleetReport(scan, { ...opts, redact: true });
    const original = scan.outcomes.map((o) => o.result);
    for (const [i, o] of scan.outcomes.entries()) {
      const inReport = kept.hosts.find((h) => h.index === i)?.result;
      if (o.result) expect(inReport).not.toBe(o.result);
    }
    // the scan's own results still carry the real names after a redacted report was built from them
    expect(JSON.stringify(original)).toContain(captured('xrdp-healthy').target?.host ?? '?');
    const handed = buildFleetReport(scan, { ...opts, resultsHandedOver: true });
    for (const [i, o] of scan.outcomes.entries()) {
      if (o.result) expect(handed.hosts.find((h) => h.index === i)?.result).toBe(o.result);
    }
    expect(handed).toEqual(buildFleetReport(scanOf(NAMES), opts));
  });

  it('redaction: no host address, certificate name, banner or session name is left; placeholders shared', () => {
    const red = buildFleetReport(scanOf(NAMES), {
      ...opts,
      redact: true,
      targetErrors: [
        { source: 'hosts.txt', line: 3, text: 'secret-host!', message: '"secret-host!" is not a valid host name' },
      ],
    });
    expect(red.redacted).toBe(true);
    const text = JSON.stringify(red) + renderFleetHtml(red) + renderFleetCsv(red);
    for (const n of NAMES) {
      const r = captured(n);
      expect(text).not.toContain(r.target?.host ?? '');
      const cn = r.tls?.certificate?.subjectCN;
      if (cn) expect(text).not.toContain(cn);
    }
    expect(text.match(/.{0,80}(carol|helpdesk-07|secret-host|BEGIN CERTIFICATE).{0,40}/)?.[0]).toBeUndefined();
    expect(red.targetErrors[0]?.message).toBe('"[redacted]" is not a valid host name');
    const ssh = red.hosts.find((h) => h.findingIds.includes('not-rdp'))!;
    expect(ssh.result?.negotiation?.notRdp?.sample).toBe('[redacted]');
    // the same host is the same placeholder in the table and inside its result
    for (const h of red.hosts) {
      if (h.result) expect(h.target.replace(/:\d+$/, '')).toBe(h.result.input.replace(/:\d+$/, ''));
    }
    expect(() => FleetReportSchema.parse(red)).not.toThrow();
  });
});
