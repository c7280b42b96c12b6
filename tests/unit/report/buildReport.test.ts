import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../electron/report/buildReport';
import { STEP_IDS } from '../../../shared/probe';
import { ReportSchema } from '../../../shared/report';
import { windowsResult, xrdpResult } from './fixtures';

describe('buildReport', () => {
  it('carries the session: target, when, who, from where, tool version, steps, facts and findings', () => {
    const result = windowsResult();
    const report = buildReport(result, { now: new Date('2026-06-01T11:00:00Z') });
    expect(ReportSchema.parse(report)).toEqual(report);
    expect(report.target).toEqual({ input: 'srv01.corp.example:3389', host: 'srv01.corp.example', port: 3389 });
    expect(report.generatedAt).toBe('2026-06-01T11:00:00.000Z');
    expect(report.session).toEqual({ ranBy: os.userInfo().username, machine: os.hostname() });
    expect(report.tool.version).toBe(result.tool.version);
    expect(report.probe).toEqual({
      resultSchemaVersion: 1,
      startedAt: result.startedAt,
      finishedAt: result.finishedAt,
      durationMs: 420,
      aborted: false,
    });
    expect(report.steps.map((s) => s.id)).toEqual([...STEP_IDS]);
    expect(report.steps.find((s) => s.id === 'certificate')).toMatchObject({
      label: 'Server certificate',
      status: 'warning',
      durationMs: 4,
    });
    expect(report.facts.tls?.certificate?.sha1Thumbprint).toBe(result.tls?.certificate?.sha1Thumbprint);
    expect(report.findings).toEqual(result.findings);
    expect(report.codes).toBeNull();
    expect(report.actions).toEqual([]);
    expect(report.redacted).toBe(false);
  });

  it('decodes the mstsc codes the user typed', () => {
    const report = buildReport(xrdpResult(), { codes: ' 0x904 0x7 ' });
    expect(report.codes?.ok).toBe(true);
    expect(report.codes?.codes.map((c) => c.hex)).toEqual(['0x904', '0x7']);
    expect(report.codes?.input).toBe('0x904 0x7');
  });

  it('keeps what the user typed even when it is not a code, and says why', () => {
    const report = buildReport(xrdpResult(), { codes: 'banana' });
    expect(report.codes?.ok).toBe(false);
    expect(report.codes?.error).toMatch(/not a code/);
  });

  it('does not share objects with the result: later changes to the report do not touch it', () => {
    const result = windowsResult();
    const report = buildReport(result);
    report.facts.tls!.certificate!.subject = 'changed';
    report.findings[0]!.title = 'changed';
    expect(result.tls?.certificate?.subject).not.toBe('changed');
    expect(result.findings[0]?.title).not.toBe('changed');
  });
});
