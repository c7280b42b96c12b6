// The committed JSON Schema (docs/probe-result.schema.json) is generated from shared/probe.ts; this test fails
// when they differ. Regenerate with: UPDATE_PROBE_SCHEMA=1 npx vitest run --project unit tests/unit/probe/schemaFile.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { probeJsonSchemaText } from '../../../electron/probe/probeJsonSchema';
import { runProbe } from '../../../electron/probe/runProbe';
import { normalizeNewlines, readText } from '../../support/text';

const FILE = path.resolve(__dirname, '../../../docs/probe-result.schema.json');

describe('docs/probe-result.schema.json', () => {
  it('is current with shared/probe.ts', () => {
    const generated = probeJsonSchemaText();
    if (process.env.UPDATE_PROBE_SCHEMA === '1') writeFileSync(FILE, generated);
    expect(readText(FILE)).toBe(normalizeNewlines(generated));
  });

  it('names the fields the issue promises', () => {
    const text = readFileSync(FILE, 'utf8');
    for (const field of ['sha1Thumbprint', 'notAfter', 'netbiosComputer', 'productVersion', 'findings', 'severity']) {
      expect(text).toContain(`"${field}"`);
    }
  });

  it('validates a real probe result (a refused loopback port) and rejects a broken one', async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const { port } = srv.address() as net.AddressInfo;
    await new Promise<void>((r) => srv.close(() => r()));
    const result = JSON.parse(JSON.stringify(await runProbe({ target: `127.0.0.1:${port}`, timeoutMs: 3000 })));
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync(FILE, 'utf8')));
    expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
    const broken = structuredClone(result);
    broken.steps.tcp.status = 'exploded';
    expect(validate(broken)).toBe(false);
    const future = { ...result, schemaVersion: 2 };
    expect(validate(future)).toBe(false);
  });
});
