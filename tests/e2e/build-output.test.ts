// What `npm run build` produced, checked as Electron will load it: a sandboxed preload may require
// nothing but 'electron'; the page carries its CSP; the CLI bundle never loads Electron.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/webApp';

const out = (...p: string[]) => readFileSync(path.join(ROOT, 'out', ...p), 'utf8');
const requires = (code: string) => [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);

describe('build output', () => {
  it('the sandboxed preload requires only electron', () => {
    expect(new Set(requires(out('preload', 'index.js')))).toEqual(new Set(['electron']));
  });

  it('the CLI bundle and its chunks never load electron', () => {
    const cli = out('main', 'cli.js');
    const chunkNames = requires(cli).filter((r) => r?.startsWith('./chunks/'));
    const all = [cli, ...chunkNames.map((c) => out('main', 'chunks', path.basename(c as string)))];
    for (const code of all) expect(requires(code)).not.toContain('electron');
  });

  it('the page declares a strict CSP and loads only its own scripts', () => {
    const html = out('renderer', 'index.html');
    expect(html).toMatch(/Content-Security-Policy[^>]+script-src 'self'/);
    expect(html).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(html).not.toMatch(/<script(?![^>]*src="\.?\/assets\/)/);
    const assets = readdirSync(path.join(ROOT, 'out', 'renderer', 'assets'));
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
  });
});
