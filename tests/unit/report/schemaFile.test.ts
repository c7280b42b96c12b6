// The committed JSON Schema (docs/report.schema.json) is generated from shared/report.ts; this test fails
// when they differ. Regenerate with: UPDATE_REPORT_SCHEMA=1 npx vitest run --project unit tests/unit/report/schemaFile.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../electron/report/buildReport';
import { renderJson } from '../../../electron/report/renderReport';
import { reportJsonSchemaText } from '../../../electron/report/reportJsonSchema';
import { normalizeNewlines, readText } from '../../support/text';
import { hostileResult, windowsResult, xrdpResult } from './fixtures';

const FILE = path.resolve(__dirname, '../../../docs/report.schema.json');

describe('docs/report.schema.json', () => {
  it('is current with shared/report.ts', () => {
    const generated = reportJsonSchemaText();
    if (process.env.UPDATE_REPORT_SCHEMA === '1') writeFileSync(FILE, generated);
    expect(readText(FILE)).toBe(normalizeNewlines(generated));
  });

  it('validates every report the renderer writes, redacted or not, and rejects a broken one', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(readFileSync(FILE, 'utf8')));
    for (const result of [windowsResult(), xrdpResult(), hostileResult()]) {
      for (const redact of [false, true]) {
        const json = JSON.parse(renderJson(buildReport(result, { redact, codes: '0x904 0x7' })));
        expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
      }
    }
    const broken = JSON.parse(renderJson(buildReport(windowsResult())));
    broken.steps[0].status = 'exploded';
    delete broken.session;
    expect(validate(broken)).toBe(false);
    const future = JSON.parse(renderJson(buildReport(windowsResult())));
    future.schemaVersion = 2;
    expect(validate(future)).toBe(false);
  });
});
