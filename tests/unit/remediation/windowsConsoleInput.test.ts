// The console .ps1 takes each phase's script input from the phase's own spec (consoleScript.ts): facts become
// markers its runner looks up in the host's inspection (Console-Fix.body.ps1 Get-PhaseInput; the Pester
// ConsoleScript suite runs that). Here: resolving the markers against any host's facts gives exactly what the
// spec's input hook gives the app for that host — the console and the app run a phase with the same input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consoleInput, FACT_MARKER } from '../../../electron/remediation/windows/consoleScript';
import { phaseSpecsFor } from '../../../shared/fixPhases/index';
import type { PhaseJson } from '../../../shared/fixPhases/types';

/** What the console runner does with a marker: walk the path in its inspection; missing → ''. */
function resolve(input: Record<string, PhaseJson>, facts: Record<string, unknown>): Record<string, PhaseJson> {
  return Object.fromEntries(
    Object.entries(input).map(([k, v]) => {
      if (typeof v !== 'string' || !v.startsWith(FACT_MARKER)) return [k, v];
      let at: unknown = facts;
      for (const part of v.slice(FACT_MARKER.length).split('.'))
        at = at == null ? at : (at as Record<string, unknown>)[part];
      return [k, (at ?? '') as PhaseJson];
    }),
  );
}

const runnable = phaseSpecsFor('windows').filter((s) => s.script);

describe('console input = the spec input hook', () => {
  it.each(runnable.map((s) => [s.id, s] as const))('%s', (id, spec) => {
    fc.assert(
      fc.property(
        fc.record({
          path: fc.option(fc.string(), { nil: null }),
          thumb: fc.string(),
          port: fc.integer({ min: 1, max: 65535 }),
        }),
        ({ path, thumb, port }) => {
          const facts = {
            key: { path, exists: true, sddl: null, networkServiceCanRead: false, uniqueName: null },
            listener: { certificateThumbprint: thumb },
          } as unknown as Record<string, unknown>;
          const target = `srv01:${port}`;
          const app = spec.input?.(spec.facts ? spec.facts(facts) : facts, target) ?? {};
          expect(resolve(consoleInput(id, target), facts)).toEqual(app);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('a fact the hook reads is a marker, never a value baked into the script', () => {
    expect(consoleInput('win-grant-machinekeys-read', 'srv01')).toEqual({ keyPath: `${FACT_MARKER}key.path` });
    expect(consoleInput('win-set-security-layer', 'srv01')).toEqual({ setting: 'SecurityLayer', value: 2 });
  });
});
