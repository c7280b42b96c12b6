/**
 * The rules replayed on probe results CAPTURED from the real peers (tests/fixtures/probe/<peer>-<fault>.json,
 * written by the diagnosis integration tests with UPDATE_PROBE_FIXTURES=1). Fast, no servers needed, and it
 * pins what the rules conclude from real facts. The hand-made cases are in diagnose.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../electron/diagnosis/diagnose';
import { ProbeResultSchema } from '../../../shared/probe';
import { checkExpectation, EXPECTATIONS } from '../../fixtures/probe/expectations';

const DIR = path.join(__dirname, '..', '..', 'fixtures', 'probe');
const captured = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();

describe('captured probe results from real peers', () => {
  it('every peer configuration with an expectation has a captured fixture, and vice versa', () => {
    expect(captured).toEqual(Object.keys(EXPECTATIONS).sort());
  });

  it.each(captured)('%s', (name) => {
    const raw = JSON.parse(readFileSync(path.join(DIR, `${name}.json`), 'utf8'));
    const result = ProbeResultSchema.parse(raw);
    expect(result.findings, 'fixtures hold facts only').toEqual([]);
    // the shadow fixtures ran the credential check: the passwords must not be in what the probe returns
    expect(JSON.stringify(raw)).not.toMatch(/Correct-Horse-9|wrong-password/);
    checkExpectation(name, diagnose(result));
  });
});
