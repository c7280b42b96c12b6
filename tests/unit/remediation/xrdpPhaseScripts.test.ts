// Every xrdp script as sent to a host (includes joined) and the console hand-over assembled from the phase
// scripts parse in dash AND bash (a host's /bin/sh may be either; bash reads a quote inside "${x:-…}" where dash
// does not), and the console script holds each selected phase's own script, once, and no other.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { consoleFunctionOf, xrdpConsoleScript } from '../../../electron/remediation/xrdp/consoleScript';
import { withIncludes, XRDP_PHASE_SCRIPTS, XRDP_SCRIPTS } from '../../../electron/remediation/xrdp/scripts';
import { phaseSpecsFor } from '../../../shared/fixPhases';

const shells = ['/usr/bin/dash', '/usr/bin/bash'].filter((s) => {
  if (existsSync(s)) return true;
  if (process.env.CI === 'true') throw new Error(`${s} is missing`);
  console.warn(`xrdpPhaseScripts.test: ${s} is not installed here, not tried`);
  return false;
});

// every phase a console script can hold (one that installs a supplied certificate would carry its private key)
const ALL = phaseSpecsFor('xrdp')
  .filter((s) => !s.adviceOnly && !s.needs)
  .map((s) => s.id);

describe('xrdp phase scripts', () => {
  for (const shell of shells) {
    it(`every script and the console script parse in ${shell}`, () => {
      const texts = { ...XRDP_SCRIPTS, console: xrdpConsoleScript('srv01:3389', ALL).content };
      for (const [name, text] of Object.entries(texts)) {
        const r = spawnSync(shell, ['-n'], { input: text, encoding: 'utf8' });
        expect(r.status, `${name}: ${r.stderr}`).toBe(0);
      }
    });
  }

  it('every runnable xrdp spec names a bundled phase script, joined with no include left', () => {
    for (const spec of phaseSpecsFor('xrdp').filter((s) => !s.adviceOnly)) {
      const text = XRDP_SCRIPTS[spec.script as string];
      expect(text, spec.id).toBeDefined();
      expect(text).not.toMatch(/^# @include/m);
    }
  });

  it('the console script is assembled from exactly the selected phase scripts', () => {
    const { content } = xrdpConsoleScript('srv01:3389', ['xrdp-restart', 'xrdp-fix-key-permissions']);
    expect(content).toContain(`${consoleFunctionOf('xrdp-restart')}() (`);
    expect(content).toContain(`${consoleFunctionOf('xrdp-fix-key-permissions')}() (`);
    expect(content).not.toContain(consoleFunctionOf('xrdp-regenerate-cert'));
    const keyScript = withIncludes(XRDP_PHASE_SCRIPTS['phase-fix-key-permissions.sh'] as string).trimEnd();
    expect(content.split(keyScript).length - 1).toBe(1);
  });
});
