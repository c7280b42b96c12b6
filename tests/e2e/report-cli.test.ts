// The built CLI (`node bin/rdp-doctor.cjs`, what a technician runs) writing reports of a real xrdp with an
// expired certificate: the format follows the extension; a wrong extension or an unwritable path is a clear
// error with exit code 2 and leaves no file. Needs `npm run build` (npm test does it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportSchema } from '../../shared/report';
import { days, makeCert, needPeers, type Peer, startXrdp } from '../peers';
import { ROOT } from './support/webApp';

const { skip } = needPeers(['xrdp'], 'report-cli.test.ts');
const CLI = path.join(ROOT, 'bin', 'rdp-doctor.cjs');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(skip)('rdp-doctor probe HOST --report FILE', () => {
  let peer: Peer;
  let dir: string;
  beforeAll(async () => {
    if (!existsSync(path.join(ROOT, 'out', 'main', 'cli.js'))) throw new Error('not built: run "npm run build" first');
    dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-report-cli-'));
    peer = await startXrdp({ cert: makeCert({ cn: 'old-cert.test', notBefore: days(-40), notAfter: days(-1) }) });
  });
  afterAll(async () => {
    await peer?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes HTML, Markdown and JSON reports by extension', () => {
    for (const ext of ['html', 'md', 'json']) {
      const file = path.join(dir, `report.${ext}`);
      const r = run(['probe', peer.target, '--no-color', '--report', file]);
      expect(r.code, r.stderr).toBeLessThan(2);
      expect(r.stdout).toContain(`Report written to ${file}`);
      const text = readFileSync(file, 'utf8');
      expect(text).toContain('tls-cert-expired');
      if (ext === 'json') expect(ReportSchema.parse(JSON.parse(text)).findings.length).toBeGreaterThan(0);
      if (ext === 'html') expect(text).toMatch(/^<!DOCTYPE html>/);
      if (ext === 'md') expect(text).toMatch(/^# RDP Doctor report: /);
    }
  });

  it('an unknown extension: exit 2, a clear message, no file', () => {
    const r = run(['probe', peer.target, '--no-color', '--report', path.join(dir, 'report.docx')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rdp-doctor: .*\.html, \.json or \.md/);
    expect(existsSync(path.join(dir, 'report.docx'))).toBe(false);
  });

  it('an unwritable path: exit 2, the path and the reason, no file and no temporary file', () => {
    const file = path.join(dir, 'no-such-folder', 'report.html');
    const r = run(['probe', peer.target, '--no-color', '--report', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain('the folder does not exist');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp') || f.includes('docx'))).toEqual([]);
  });
});
