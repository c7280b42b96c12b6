// What `npm run build` produced, checked as Electron will load it: a sandboxed preload may require
// nothing but 'electron'; the page carries its CSP; the CLI bundle never loads Electron.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rendererCsp, rendererMetaCsp } from '../../shared/csp';
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

  it('the meta CSP is exactly the header policy minus header-only directives (never looser)', () => {
    const html = out('renderer', 'index.html');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(rendererMetaCsp());
    expect(rendererCsp().startsWith(meta ?? '-')).toBe(true);
    expect(meta).not.toMatch(/\*|ws:|http:/);
  });

  it('ships the renderer minified', () => {
    const dir = path.join(ROOT, 'out', 'renderer', 'assets');
    const js = readdirSync(dir).filter((a) => a.endsWith('.js'));
    const total = js.reduce((n, f) => n + readFileSync(path.join(dir, f)).length, 0);
    // the size of a minified bundle (an unminified one is several times this): React, zod for the contract and
    // the fix-phase table, whose specs (words + pure plan hooks, issue 19) the renderer reads as the core does
    expect(total).toBeLessThan(600_000);
    const code = js.map((f) => readFileSync(path.join(dir, f), 'utf8')).join('');
    // An unminified bundle is mostly indented lines; a minified one has almost none.
    expect(code.split('\n').filter((l) => /^ {4}/.test(l)).length).toBeLessThan(50);
  });

  it('writes the licence notices of the shipped libraries', () => {
    const text = out('renderer', 'licenses.txt');
    for (const lib of ['react ', 'ssh2 ', 'zod ', 'node-forge ', 'ws ']) expect(text).toContain(`\n${lib}`);
    expect(text).not.toContain('\nvitest ');
  });
});
