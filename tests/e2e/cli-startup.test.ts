// Start-up of the built CLI (issue 20): each command loads only what it uses. Runs out/main/cli.js in a
// fresh Node process and reads which of its chunks (and which libraries bundled in them) were loaded.
// Nothing here is timed: the time is measured by `npm run bench`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/webApp';

const CLI = path.join(ROOT, 'out', 'main', 'cli.js');

/** The files under out/main a command loaded, with the libraries (node_modules) bundled into them. */
function loadedBy(...argv: string[]): { code: number; files: string[]; libraries: Set<string>; ssh2: boolean } {
  const script = `
    process.stdout.write = () => true;
    require(${JSON.stringify(CLI)}).main(process.argv.slice(1)).then((code) => {
      const files = Object.keys(require.cache).filter((f) => f.includes('/out/main/'));
      const ssh2 = Object.keys(require.cache).some((f) => f.includes('/node_modules/ssh2/'));
      process.stderr.write(JSON.stringify({ code, files, ssh2 }));
    });`;
  const r = spawnSync(process.execPath, ['-e', script, '--', ...argv], { encoding: 'utf8', timeout: 30_000 });
  const last = r.stderr.slice(r.stderr.lastIndexOf('{"code"'));
  const { code, files, ssh2 } = JSON.parse(last) as { code: number; files: string[]; ssh2: boolean };
  const libraries = new Set<string>();
  for (const f of files) {
    for (const m of readFileSync(f, 'utf8').matchAll(/^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)) {
      libraries.add(m[1] as string);
    }
  }
  return { code, files: files.map((f) => path.relative(path.join(ROOT, 'out', 'main'), f)), libraries, ssh2 };
}

describe('CLI start-up loads only what the command uses', () => {
  it('the worker thread of a scan loads the probe without zod', () => {
    const script = `require(${JSON.stringify(path.join(ROOT, 'out', 'main', 'chunks'))} + '/' +
      require('node:fs').readdirSync(${JSON.stringify(path.join(ROOT, 'out', 'main', 'chunks'))}).find((f) => f.startsWith('probeAndDiagnose-')));
      process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 });
    const files = JSON.parse(r.stdout) as string[];
    const text = files.filter((f) => f.includes('/out/main/')).map((f) => readFileSync(f, 'utf8'));
    expect(text.length).toBeGreaterThan(0);
    expect(text.some((t) => /^\/\/ node_modules\/zod\//m.test(t))).toBe(false);
  });

  it('--version loads the entry and the version, not even commander', () => {
    const r = loadedBy('--version');
    expect(r.code).toBe(0);
    expect(r.libraries).toEqual(new Set());
    expect(r.files.every((f) => f === 'cli.js' || /^chunks\/(version|rolldown-runtime)-/.test(f))).toBe(true);
  });

  it('decode loads neither zod, the probe, the reports nor the fix commands', () => {
    const r = loadedBy('decode', '0x904');
    expect(r.code).toBe(0);
    expect([...r.libraries].sort()).toEqual(['commander', 'picocolors']);
    expect(r.files.some((f) => /probeCommand|scanCommand|hostFixCommand|webCommand|server/.test(f))).toBe(false);
  });

  it('probe loads neither the scan, the report renderers (until --report), the web server, fixes nor ssh2', () => {
    const r = loadedBy('probe', '--help');
    expect(r.code).toBe(0);
    // the probe checks its options by hand (probeOptions.ts): no zod, no schemas built
    expect(r.libraries.has('zod')).toBe(false);
    expect(r.files.some((f) => /scanCommand|hostFixCommand|webCommand|server-|renderReport|renderFleet/.test(f))).toBe(
      false,
    );
    expect(r.ssh2).toBe(false);
  });

  it('scan loads neither zod (not even for its fleet report), the web server, fixes nor ssh2', () => {
    const r = loadedBy('scan', '--help');
    expect(r.code).toBe(0);
    // the scan's own modules are loaded (so what they import is in the list below) …
    expect(r.files.some((f) => /scanCommand-/.test(f))).toBe(true);
    expect(r.files.some((f) => /renderFleetReport-/.test(f))).toBe(true);
    // … and none of them builds a schema: the fleet and report constants come from *Constants.ts (issue 20)
    expect(r.libraries.has('zod')).toBe(false);
    expect(r.files.some((f) => /schemas-|fixCommands|webCommand|server-/.test(f))).toBe(false);
    expect(r.ssh2).toBe(false);
  });

  it('--help still lists every command (all are loaded for it)', () => {
    const r = loadedBy('--help');
    expect(r.code).toBe(0);
    for (const name of ['probeCommand', 'scanCommand', 'decodeCommand', 'webCommand', 'hostFixCommand']) {
      expect(r.files.some((f) => f.includes(name))).toBe(true);
    }
  });
});
