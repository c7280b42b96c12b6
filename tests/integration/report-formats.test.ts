// Every report format from real probe runs: a healthy xrdp, an xrdp with an expired certificate, and the
// FreeRDP shadow server with NLA and a credential check. The password typed for the check appears in no
// format, redacted or not; the JSON validates against the committed schema; redaction removes every name
// and address the probe learned. (The HTML in Chromium and the PDF: tests/e2e/report-chromium.test.ts.)
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../electron/cli/index';
import { buildReport } from '../../electron/report/buildReport';
import { renderReport } from '../../electron/report/renderReport';
import { writeReportFile } from '../../electron/report/writeReportFile';
import { FINDING_CATALOGUE } from '../../shared/findings';
import { FIX_PHASE_SPECS } from '../../shared/fixPhases';
import { ReportSchema } from '../../shared/report';
import { needPeers } from '../peers';
import { probeReportPeers, type ReportRuns } from '../support/reportRuns';

const { skip } = needPeers(['xrdp', 'shadow'], 'report-formats.test.ts');

const PASSWORD = 'Tr0ub4dor&3-report';
const USER = 'reportuser';
const FORMATS = ['html', 'json', 'md'] as const;
const SCHEMA = JSON.parse(readFileSync(path.resolve(__dirname, '../../docs/report.schema.json'), 'utf8'));

/** The password in every spelling a careless serialiser might produce. */
function passwordForms(): string[] {
  return [
    PASSWORD,
    PASSWORD.toLowerCase(),
    Buffer.from(PASSWORD).toString('base64'),
    Buffer.from(PASSWORD, 'utf16le').toString('hex'),
    Buffer.from(PASSWORD).toString('hex'),
    JSON.stringify(PASSWORD).slice(1, -1),
    PASSWORD.replace('&', '&amp;'),
  ];
}

/** Every word of the catalogues' fixed texts (finding explanations, phase titles, steps and risks). */
const PRODUCT_WORDS = new Set(
  JSON.stringify([FINDING_CATALOGUE, FIX_PHASE_SPECS.map((p) => [p.title, p.summary, p.steps, p.risks])]).match(
    /[A-Za-z0-9_-]+/g,
  ) ?? [],
);

describe.skipIf(skip)('reports from real probe runs', () => {
  let runs: ReportRuns['runs'];
  let targets: ReportRuns['targets'];
  let stop: ReportRuns['stop'] | undefined;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-report-it-'));
    ({ runs, targets, stop } = await probeReportPeers({
      user: USER,
      password: PASSWORD,
      expired: { cn: 'expired-host.test', notBefore: -60, notAfter: -2 },
      stabilitySamples: 2,
    }));
  });
  afterAll(async () => {
    await stop?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the runs are what the tests need: a healthy xrdp, an expired certificate, an accepted NLA check', () => {
    expect(runs.healthy.tls?.certificate?.sha1Thumbprint).toMatch(/^[0-9A-F]{40}$/);
    expect(runs.expired.findings.map((f) => f.id)).toContain('tls-cert-expired');
    expect(runs.nla.nlaCheck?.outcome, runs.nla.nlaCheck?.reason).toBe('accepted');
  });

  it('writes every format, named by extension, that shows the findings and the thumbprint', async () => {
    for (const [name, result] of Object.entries(runs)) {
      for (const format of FORMATS) {
        const file = path.join(dir, `${name}.${format}`);
        await writeReportFile(file, result, { codes: '0x904 0x7' });
        const text = readFileSync(file, 'utf8');
        const thumbprint = result.tls!.certificate!.sha1Thumbprint;
        expect(text, `${name}.${format}`).toContain(thumbprint);
        for (const f of result.findings) {
          if (format === 'json') expect(text).toContain(JSON.stringify(f.title));
          else expect(text).toContain(f.id);
        }
      }
    }
    const expiredHtml = readFileSync(path.join(dir, 'expired.html'), 'utf8');
    expect(expiredHtml).toContain('certificate has expired');
    expect(readFileSync(path.join(dir, 'nla.md'), 'utf8')).toMatch(/\| Outcome \| accepted \|/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('the JSON validates against docs/report.schema.json and the zod model, redacted or not', () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(SCHEMA);
    for (const result of Object.values(runs)) {
      for (const redact of [false, true]) {
        const json = JSON.parse(renderReport(buildReport(result, { redact, codes: '0x904 0x7' }), 'json'));
        expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
        expect(ReportSchema.safeParse(json).success).toBe(true);
        expect(json.facts.tls.certificate.sha1Thumbprint).toBe(result.tls?.certificate?.sha1Thumbprint);
      }
    }
  });

  it('the password typed for the NLA check is in no format, with or without redaction', async () => {
    for (const result of Object.values(runs)) {
      expect(JSON.stringify(result)).not.toContain(PASSWORD);
      for (const redact of [false, true]) {
        const report = buildReport(result, { redact, codes: '0x904 0x7' });
        const outputs = FORMATS.map((f) => renderReport(report, f));
        for (const out of outputs) for (const form of passwordForms()) expect(out).not.toContain(form);
      }
    }
    // and the files on disk
    for (const format of FORMATS) {
      const file = path.join(dir, `pw.${format}`);
      await writeReportFile(file, runs.nla, { redact: false });
      const bytes = readFileSync(file);
      for (const form of passwordForms()) expect(bytes.includes(form)).toBe(false);
    }
    // the account name is there unredacted, and gone redacted
    expect(renderReport(buildReport(runs.nla), 'md')).toContain(USER);
    expect(renderReport(buildReport(runs.nla, { redact: true }), 'md')).not.toContain(USER);
  });

  it('redaction removes every name and address the probe learned, in every format', () => {
    for (const result of Object.values(runs)) {
      const names = new Set<string>([os.userInfo().username, os.hostname()]);
      names.add(result.target!.host);
      for (const a of result.target!.addresses) names.add(a.address);
      const cert = result.tls?.certificate;
      if (cert?.subjectCN) names.add(cert.subjectCN);
      for (const san of cert?.sans ?? []) names.add(san);
      const ntlm = result.credssp?.ntlm;
      for (const n of [ntlm?.netbiosComputer, ntlm?.dnsComputer, ntlm?.netbiosDomain, ntlm?.dnsDomain]) {
        if (n) names.add(n);
      }
      if (result.nlaCheck) names.add(result.nlaCheck.user);
      const report = buildReport(result, { redact: true });
      for (const format of FORMATS) {
        const text = renderReport(report, format);
        // the account running the tests may be named like a word the product's own texts use ("root" in
        // "root-owned", "root:ssl-cert"): that word is the advice, not the account, and stays
        for (const name of [...names].filter((n) => n.trim().length > 0 && !PRODUCT_WORDS.has(n))) {
          const re = new RegExp(`(?<![A-Za-z0-9])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`);
          expect(re.test(text), `${format} still names ${name}`).toBe(false);
        }
      }
      expect(report.facts.tls?.certificate?.sha1Thumbprint).toBe(cert?.sha1Thumbprint);
    }
  });

  it('rdp-doctor probe HOST --report FILE: writes the report; a bad extension or path exits 2 and leaves no file', async () => {
    const target = targets.expired;
    const out = path.join(dir, 'cli');
    const file = path.join(dir, 'cli-report.md');
    const restore = silence();
    try {
      expect(await main(['probe', target, '--report', file, '--timeout', '15000'])).toBeLessThan(2);
      expect(await main(['probe', target, '--report', `${out}.txt`, '--timeout', '15000'])).toBe(2);
      expect(await main(['probe', target, '--report', path.join(dir, 'missing', 'r.html'), '--timeout', '15000'])).toBe(
        2,
      );
    } finally {
      restore();
    }
    expect(readFileSync(file, 'utf8')).toContain('tls-cert-expired');
    expect(readdirSync(dir).filter((f) => f.startsWith('cli') && f !== 'cli-report.md')).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

/** The CLI prints its table to stdout; keep the test log readable. */
function silence(): () => void {
  const write = process.stdout.write.bind(process.stdout);
  const errWrite = process.stderr.write.bind(process.stderr);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  process.exitCode = undefined;
  return () => {
    process.stdout.write = write;
    process.stderr.write = errWrite;
    process.exitCode = undefined;
  };
}
