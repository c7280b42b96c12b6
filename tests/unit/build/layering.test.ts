// The arrows run one way: probe → (nothing above it), diagnosis → probe's types, core → cores, doors → core.
// Read from the source imports, so a new file that reaches back up fails here with its name.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');

function sourceFiles(dir: string): string[] {
  const abs = path.join(root, dir);
  return readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => path.join(dir, f).split(path.sep).join('/'));
}

/** Every import of a file: the resolved target (repo-relative, no extension) and whether it is type-only. */
function importsOf(file: string): { target: string; typeOnly: boolean }[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  const out: { target: string; typeOnly: boolean }[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s+['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(re)) {
    const spec = m[4] ?? '';
    const names = m[3] ?? '';
    // `import { type A, type B } from` is type-only too.
    const inner = names.match(/^\{([^}]*)\}$/)?.[1];
    const allTypes = inner?.split(',').every((n) => !n.trim() || /^type\s/.test(n.trim()));
    const target = spec.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)) : spec;
    out.push({ target, typeOnly: Boolean(m[2]) || allTypes === true });
  }
  return out;
}

describe('layering', () => {
  it('probe/ imports nothing above it (no diagnosis, core, report, remediation, doors, Electron)', () => {
    const bad: string[] = [];
    for (const f of sourceFiles('electron/probe')) {
      for (const { target } of importsOf(f)) {
        if (
          /^electron\/(diagnosis|core|report|remediation|main|preload|web|cli)\//.test(target) ||
          target === 'electron'
        )
          bad.push(`${f} → ${target}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the cores never import Electron', () => {
    const bad: string[] = [];
    for (const dir of ['electron/probe', 'electron/diagnosis', 'electron/report', 'electron/core', 'electron/web']) {
      for (const f of sourceFiles(dir)) {
        for (const { target } of importsOf(f)) if (target === 'electron') bad.push(f);
      }
    }
    expect(bad).toEqual([]);
  });

  it('nothing imports core.ts but the doors: the handlers import only core/handler.ts (no cycle)', () => {
    const bad: string[] = [];
    for (const dir of ['electron/core', 'electron/probe', 'electron/diagnosis', 'electron/report', 'electron/main']) {
      for (const f of sourceFiles(dir)) {
        for (const { target } of importsOf(f)) {
          if (target === 'electron/core/core' && f !== 'electron/main/index.ts' && f !== 'electron/main/ipc.ts')
            bad.push(f);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('remediation/ imports nothing above it (no core, cli, web, main, preload, renderer, Electron)', () => {
    const bad: string[] = [];
    for (const f of sourceFiles('electron/remediation')) {
      for (const { target } of importsOf(f)) {
        if (/^(electron\/(core|cli|web|main|preload)|renderer)\//.test(target) || target === 'electron')
          bad.push(`${f} → ${target}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('core/ and cli/ reach the remediation tier only through its one fix service', () => {
    const bad: string[] = [];
    for (const dir of ['electron/core', 'electron/cli', 'electron/main', 'electron/web']) {
      for (const f of sourceFiles(dir)) {
        for (const { target } of importsOf(f)) {
          if (/^electron\/remediation\//.test(target) && target !== 'electron/remediation/fixService')
            bad.push(`${f} → ${target}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('the renderer imports only shared/ and its own files (nothing from electron/)', () => {
    const bad: string[] = [];
    for (const f of sourceFiles('renderer')) {
      for (const { target } of importsOf(f)) {
        // a repo path outside renderer/ and shared/ (packages such as react are not repo paths)
        if (/^(electron|tests|scripts|bin)\//.test(target) || target === 'electron' || target.startsWith('..'))
          bad.push(`${f} → ${target}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('finds the imports it checks (the checks can fail)', () => {
    expect(importsOf('electron/main/index.ts')).toContainEqual({ target: 'electron/core/core', typeOnly: false });
    expect(importsOf('electron/core/handlers/report.ts')).toContainEqual({
      target: 'electron/core/handler',
      typeOnly: true,
    });
    expect(importsOf('electron/core/core.ts').map((i) => i.target)).toContain('electron/core/handlers/fix');
  });
});
