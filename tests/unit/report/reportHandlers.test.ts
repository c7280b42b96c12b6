// report.render and report.save through the real Core (the same path the IPC and WebSocket doors take).
import { describe, expect, it } from 'vitest';
import { Core, type EventSink } from '../../../electron/core/core';
import { ReportSchema } from '../../../shared/report';
import { THUMBPRINT, windowsResult } from './fixtures';

const sink: EventSink = { emit: () => undefined };

function coreWithRun() {
  const core = new Core({ mode: 'web' });
  const { runId } = core.runs.create();
  core.runs.finish(runId, windowsResult());
  return { core, runId };
}

describe('report.render', () => {
  it('renders each format of a finished run with a file name and a MIME type', async () => {
    const { core, runId } = coreWithRun();
    const html = await core.handle('report.render', { runId, format: 'html' }, sink);
    expect(html).toMatchObject({
      ok: true,
      value: { filename: 'rdp-doctor-srv01.corp.example-3389-20260601-1000.html', mime: 'text/html; charset=utf-8' },
    });
    expect(html.ok && (html.value as { content: string }).content).toContain(THUMBPRINT);

    const json = await core.handle('report.render', { runId, format: 'json', codes: '0x904 0x7' }, sink);
    expect(json.ok).toBe(true);
    const report = ReportSchema.parse(JSON.parse((json as { value: { content: string } }).value.content));
    expect(report.codes?.codes.map((c) => c.hex)).toEqual(['0x904', '0x7']);
    expect(report.redacted).toBe(false);

    const md = await core.handle('report.render', { runId, format: 'md', redact: true }, sink);
    const value = (md as { value: { content: string; filename: string; mime: string } }).value;
    expect(value.mime).toBe('text/markdown; charset=utf-8');
    expect(value.filename).toBe('rdp-doctor-redacted-20260601-1000.md');
    expect(value.content).not.toContain('srv01');
  });

  it('an unknown or unfinished run is not-found', async () => {
    const { core } = coreWithRun();
    expect(await core.handle('report.render', { runId: 'nope', format: 'html' }, sink)).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    const { runId } = core.runs.create();
    expect(await core.handle('report.render', { runId, format: 'json' }, sink)).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });

  it('an unknown format is refused by the contract', async () => {
    const { core, runId } = coreWithRun();
    expect(await core.handle('report.render', { runId, format: 'pdf' }, sink)).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
  });
});

describe('report.save in web mode', () => {
  it('is unsupported: the browser downloads report.render instead', async () => {
    const { core, runId } = coreWithRun();
    expect(await core.handle('report.save', { runId, format: 'html' }, sink)).toMatchObject({
      ok: false,
      error: { code: 'unsupported' },
    });
  });
});
