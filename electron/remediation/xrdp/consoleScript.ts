/**
 * The console hand-over for xrdp: a self-contained .sh (set -eu, checks before changes, backups, the same
 * steps, a verify line). The header sets the target and the phase ids — every value through shellQuote —
 * and the body is the repo file scripts/xrdp-console-fix.sh.
 */
import { phaseSpec } from '../../../shared/fixPhases';
import { parseTarget } from '../../probe/parseTarget';
import { shellQuote } from '../ssh/shellQuote';
import { RemediationError } from '../types';
import body from './scripts/xrdp-console-fix.sh?raw';

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
  return { filename: `rdp-doctor-fix-${safeName}.sh`, content: `${header}${body}` };
}
