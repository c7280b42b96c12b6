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
  });

  it('starts the main bundle electron-vite writes and ships the icon', () => {
    expect((config.extraMetadata as { main: string }).main).toBe('out/main/index.js');
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('out/main/index.js');
    const png = readFileSync(path.join(root, 'assets/icon.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(256); // Windows wants at least 256×256
  });
});
