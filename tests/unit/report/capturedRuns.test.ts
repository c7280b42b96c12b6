// Every probe result captured from the real peers (tests/fixtures/probe, recorded by the diagnosis tests)
// and an aborted run with no facts at all: each becomes a valid report in every format, redacted or not.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../electron/report/buildReport';
import { renderReport } from '../../../electron/report/renderReport';
import { type ProbeResult, ProbeResultSchema, STEP_IDS } from '../../../shared/probe';
import { ReportSchema } from '../../../shared/report';

const FIXTURES = path.resolve(__dirname, '../../fixtures/probe');
const captured = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, ProbeResultSchema.parse(JSON.parse(readFileSync(path.join(FIXTURES, f), 'utf8')))] as const);
const validate = new Ajv2020({ strict: false }).compile(
  JSON.parse(readFileSync(path.resolve(__dirname, '../../../docs/report.schema.json'), 'utf8')),
);
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function abortedRun(): ProbeResult {
  const steps = Object.fromEntries(
    STEP_IDS.map((id, i) => [id, { status: i === 0 ? 'running' : 'waiting', durationMs: null, summary: '' }]),
  );
  return ProbeResultSchema.parse({
    schemaVersion: 1,
    tool: { name: 'rdp-doctor', version: '0.1.0' },
    input: 'unresolvable.invalid',
    startedAt: '2026-06-01T10:00:00.000Z',
    finishedAt: '2026-06-01T10:00:10.000Z',
    durationMs: 10_000,
    aborted: true,
    steps,
    target: null,
    tcp: null,
    negotiation: null,
    tls: null,
    credssp: null,
    rdpSecurity: null,
    stability: null,
    nlaCheck: null,
    findings: [],
  });
}

describe('reports of captured real runs', () => {
  it('there are captured runs to test', () => {
    expect(captured.length).toBeGreaterThan(5);
  });

  for (const [name, result] of captured) {
    it(`${name}: every format, valid JSON, no leftover names when redacted`, () => {
      for (const redact of [false, true]) {
        const report = buildReport(result, { redact, codes: '0x904 0x7', ranBy: 'tech1', machine: 'HELPDESK7' });
        const json = JSON.parse(renderReport(report, 'json'));
        expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
        expect(ReportSchema.parse(json)).toEqual(report);
        const outputs = [renderReport(report, 'html'), renderReport(report, 'md')];
        for (const f of result.findings) expect(outputs[0]).toContain(`data-finding="${f.id}"`);
        if (!redact) continue;
        const names: Array<string | null | undefined> = [
          result.target?.host,
          ...(result.target?.addresses ?? []).map((a) => a.address),
          'tech1',
          'HELPDESK7',
        ];
        const cert = result.tls?.certificate;
        if (cert) names.push(cert.subjectCN, ...cert.sans);
        const ntlm = result.credssp?.ntlm;
        if (ntlm) names.push(ntlm.dnsComputer, ntlm.netbiosComputer, ntlm.netbiosDomain, ntlm.dnsDomain);
        if (result.nlaCheck) names.push(result.nlaCheck.user);
        for (const n of names.filter((x): x is string => Boolean(x?.trim()))) {
          const re = new RegExp(`(?<![A-Za-z0-9])${escapeRe(n)}(?![A-Za-z0-9])`, n.length < 4 ? '' : 'i');
          for (const out of [...outputs, renderReport(report, 'json')])
            expect(re.test(out), `${name}: ${n}`).toBe(false);
        }
      }
    });
  }

  it('an aborted run with no facts at all still makes a readable, valid report', () => {
    const report = buildReport(abortedRun(), { redact: true });
    expect(validate(JSON.parse(renderReport(report, 'json')))).toBe(true);
    expect(report.target).toEqual({ input: 'host-1', host: null, port: null });
    const html = renderReport(report, 'html');
    expect(html).toContain('The probe was stopped before it finished.');
    expect(html).toContain('not started');
    expect(renderReport(report, 'md')).toContain('| Target & DNS | unfinished | — |  |');
  });
});
