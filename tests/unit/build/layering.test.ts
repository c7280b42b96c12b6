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

  it('no module imports a value from core.ts except the doors (handlers import only its types)', () => {
    const bad: string[] = [];
    for (const dir of ['electron/core', 'electron/probe', 'electron/diagnosis', 'electron/report', 'electron/main']) {
      for (const f of sourceFiles(dir)) {
        for (const { target, typeOnly } of importsOf(f)) {
          if (target === 'electron/core/core' && !typeOnly && f !== 'electron/main/index.ts') bad.push(f);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('finds a value import when there is one (the check can fail)', () => {
    expect(importsOf('electron/main/index.ts')).toContainEqual({ target: 'electron/core/core', typeOnly: false });
    expect(importsOf('electron/core/handlers/report.ts')).toContainEqual({
      target: 'electron/core/core',
      typeOnly: true,
    });
  });
});
