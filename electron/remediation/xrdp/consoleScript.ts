/**
 * The console hand-over for xrdp, ASSEMBLED from the phases' own scripts (no second copy): a header that sets
 * the target and the phase ids (every value through shellQuote), each selected phase's script as a function
 * `phase_<id>` run in a subshell (its includes joined), and the runner (scripts/console-runner.sh): the facts the
 * wizard's inspection would give, then per phase plan → backup → apply, then a verify line.
 */
import { phaseSpec, phaseSpecsFor } from '../../../shared/fixPhases';
import { parseTarget } from '../../probe/parseTarget';
import { shellQuote } from '../ssh/shellQuote';
import { RemediationError } from '../types';
import { withIncludes, XRDP_PHASE_SCRIPTS } from './scripts';
import runner from './scripts/console-runner.sh?raw';

/** The shell function a phase runs as in the console script ("xrdp-restart" → phase_xrdp_restart). */
export function consoleFunctionOf(phaseId: string): string {
  return `phase_${phaseId.replace(/[^a-z0-9]/g, '_')}`;
}

export function xrdpConsoleScript(target: string, phases: readonly string[]): { filename: string; content: string } {
  const t = parseTarget(target);
  if (!t.ok) throw new RemediationError('bad-target', t.message);
  // the script would have to carry the private key of the .pfx: that phase runs over SSH only
  const carriesKey = phases.filter((id) => phaseSpec(id)?.needs === 'certificate');
  if (carriesKey.length)
    throw new RemediationError(
      'needs-connection',
      `${carriesKey.join(', ')} cannot go into a console script (it would hold the private key): run it over SSH, or follow its commands at the console with the .pfx copied there.`,
    );
  const safeName = t.host.replace(/[^A-Za-z0-9.-]/g, '_');
  const header = [
    '#!/bin/sh',
    `# RDP Doctor: fix xrdp on ${target.replace(/[\r\n]/g, ' ')} at its console (run as root).`,
    `# Phases: ${phases.join(', ')}`,
    `RDP_DOCTOR_HOST=${shellQuote(t.host)}`,
    `RDP_DOCTOR_PORT=${shellQuote(String(t.port))}`,
    `set -- ${phases.map(shellQuote).join(' ')}`,
    '',
  ].join('\n');
  const functions = phaseSpecsFor('xrdp')
    .filter((s) => phases.includes(s.id) && s.script)
    .map((s) => {
      const script = XRDP_PHASE_SCRIPTS[s.script as string];
      if (script === undefined) throw new Error(`the script ${s.script} of ${s.id} is not bundled`);
      return `# ---- ${s.id} (${s.script})\n${consoleFunctionOf(s.id)}() (\n${withIncludes(script).trimEnd()}\n)\n`;
    });
  return {
    filename: `rdp-doctor-fix-${safeName}.sh`,
    content: `${header}${functions.join('')}${withIncludes(runner)}`,
  };
}
