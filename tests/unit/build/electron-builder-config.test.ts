// electron-builder cannot build here (it downloads Electron), so its config is checked against the
// schema electron-builder itself ships, and against the files the build really produces.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it('validates against app-builder-lib/scheme.json', () => {
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const ok = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // Compiling electron-builder's large schema takes seconds on a loaded 2-core machine.
  }, 30_000);

  it('starts the main bundle electron-vite writes and ships the icon', () => {
    expect((config.extraMetadata as { main: string }).main).toBe('out/main/index.js');
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('out/main/index.js');
    const png = readFileSync(path.join(root, 'assets/icon.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(256); // Windows wants at least 256×256
  });

  it('builds a per-user, one-click NSIS installer for x64 and arm64 with shortcuts and the version in its name', () => {
    const win = config.win as { target: { target: string; arch: string[] }[]; artifactName: string; icon: string };
    expect(win.target).toEqual([{ target: 'nsis', arch: ['x64', 'arm64'] }]);
    expect(win.artifactName).toMatch(/\$\{version\}/);
    expect(win.artifactName).toMatch(/\$\{arch\}/);
    expect(config.nsis).toMatchObject({
      oneClick: true,
      perMachine: false,
      allowElevation: false,
      createDesktopShortcut: 'always',
      createStartMenuShortcut: true,
    });
    expect((config.win as { requestedExecutionLevel: string }).requestedExecutionLevel).toBe('asInvoker');
  });

  it('ships a real multi-size Windows icon (ICO directory with 16…256 px)', () => {
    const ico = readFileSync(path.join(root, (config.win as { icon: string }).icon));
    // ICONDIR: reserved 0, type 1 (icon), count; then 16-byte entries whose width byte 0 means 256.
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const widths = Array.from({ length: count }, (_, i) => ico[6 + i * 16] || 256);
    expect(widths).toEqual(expect.arrayContaining([16, 24, 32, 48, 256]));
  });

  it('never rebuilds native modules and sets the hardening fuses', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });
});
