// The committed JSON Schema (docs/fleet-report.schema.json) is generated from shared/fleet.ts; this test fails
// when they differ. Regenerate with:
// UPDATE_FLEET_SCHEMA=1 npx vitest run --project unit tests/unit/report/fleet/fleetSchemaFile.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../../electron/diagnosis/diagnose';
import { summarizeHost } from '../../../../electron/probe/fleet/summarizeHost';
import { buildFleetReport } from '../../../../electron/report/fleet/buildFleetReport';
import { fleetJsonSchemaText } from '../../../../electron/report/fleet/fleetJsonSchema';
import { renderFleetReport } from '../../../../electron/report/fleet/renderFleetReport';
import { ProbeResultSchema } from '../../../../shared/probe';

const FILE = path.resolve(__dirname, '../../../../docs/fleet-report.schema.json');
const FIXTURES = path.resolve(__dirname, '../../../fixtures/probe');

describe('docs/fleet-report.schema.json', () => {
  it('is current with shared/fleet.ts', () => {
    const generated = fleetJsonSchemaText();
    if (process.env.UPDATE_FLEET_SCHEMA === '1') writeFileSync(FILE, generated);
    expect(readFileSync(FILE, 'utf8')).toBe(generated);
  });

  it('validates the JSON the scan writes, redacted or not, and rejects a broken one', () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync(FILE, 'utf8')));
    const outcomes = ['xrdp-healthy', 'closed-port', 'shadow-nla'].map((name, i) => {
      const raw = ProbeResultSchema.parse(JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')));
      const result = { ...raw, findings: diagnose(raw) };
      return { host: summarizeHost(i, result.input, result), result };
    });
    const scan = {
      outcomes,
      startedAt: '2026-11-27T10:00:00.000Z',
      finishedAt: '2026-11-27T10:00:02.000Z',
      durationMs: 2000,
      cancelled: false,
    };
    for (const redact of [false, true]) {
      const json = JSON.parse(
        renderFleetReport(buildFleetReport(scan, { concurrency: 16, timeoutMs: 10_000, redact }), 'json'),
      );
      expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    }
    const broken = JSON.parse(
      renderFleetReport(buildFleetReport(scan, { concurrency: 16, timeoutMs: 10_000 }), 'json'),
    );
    broken.hosts[0].verdict = 'exploded';
    expect(validate(broken)).toBe(false);
  });
});
