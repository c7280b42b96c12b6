/**
 * The console hand-over for Windows: ONE self-contained .ps1 a technician runs at the host (or pastes into
 * a hypervisor's run-command). It is assembled from the phases' own declarations — no second copy of a phase:
 *
 *   header  the only values (the port as a number, the phase ids: both checked here), then per phase what its
 *           spec says (shared/fixPhases/windows.ts: its script, runsLast, undoIsApply, and its script input as
 *           JSON, each value read from the host's facts left as a marker the runner looks up in its own
 *           inspection), then every repo script it needs verbatim as a script block (the phase scripts the
 *           app runs through Driver.call);
 *   body    the small fixed runner (scripts/Console-Fix.body.ps1): checks, inspect, plan/backup/apply per
 *           phase, verify, -Undo with every backup value checked first.
 */
import { phaseSpec, phaseSpecsFor } from '../../../shared/fixPhases/index';
import type { PhaseJson } from '../../../shared/fixPhases/types';
import { parseTarget } from '../../../shared/target';
import { RemediationError } from '../types';
import { WINDOWS_SCRIPTS } from './bundledScripts';
import body from './scripts/Console-Fix.body.ps1?raw';

/** Marks an input value the console reads from its own inspection ("rdpdoctor-fact:key.path"). */
export const FACT_MARKER = 'rdpdoctor-fact:';

const PATH = Symbol('fact path');

/**
 * Facts that stand for "whatever the host says": reading `f.key.path` gives a stand-in remembering the path.
 * The input hooks only copy facts into the input (they decide nothing from them), so the input they return
 * is the same document with each copied fact replaced by its marker.
 */
function standInFacts(path: string[] = []): unknown {
  return new Proxy(
    {},
    {
      get: (_t, prop) => (prop === PATH ? path : typeof prop === 'string' ? standInFacts([...path, prop]) : undefined),
    },
  );
}

function withMarkers(value: unknown): PhaseJson {
  if (value !== null && typeof value === 'object') {
    const path = (value as { [PATH]?: string[] })[PATH];
    if (path) return `${FACT_MARKER}${path.join('.')}`;
    if (Array.isArray(value)) return value.map(withMarkers);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withMarkers(v)]));
  }
  return value as PhaseJson;
}

/** A phase's script input for the console: constants as they are, facts as markers. */
export function consoleInput(phaseId: string, target: string): Record<string, PhaseJson> {
  const spec = phaseSpec(phaseId);
  const facts = spec?.facts ? spec.facts(standInFacts() as Record<string, unknown>) : standInFacts();
  return withMarkers(spec?.input?.(facts, target) ?? {}) as Record<string, PhaseJson>;
}

/** A PowerShell single-quoted string (a quote doubled); only ASCII from here (the JSON of repo constants). */
function psString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

export function windowsConsoleScript(target: string, phases: readonly string[]): { filename: string; content: string } {
  const t = parseTarget(target);
  if (!t.ok) throw new RemediationError('bad-target', t.message);
  const runnable = phaseSpecsFor('windows').filter((s) => s.script);
  for (const p of phases) {
    if (!runnable.some((s) => s.id === p)) {
      throw new RemediationError(
        'unknown-phase',
        `No console step for "${p}" on Windows hosts. Known: ${runnable.map((s) => s.id).join(', ')}.`,
      );
    }
  }
  const specs = [...new Set(phases)].map((p) => phaseSpec(p)).filter((s) => s !== undefined);
  // what takes effect for the others (the restart) runs last, whatever order the phases were asked in
  const ordered = [...specs.filter((s) => !s.runsLast), ...specs.filter((s) => s.runsLast)];
  const names = ['Inspect-RdpHost.ps1', ...new Set(ordered.map((s) => s.script as string))];
  const blocks = names.map((n) => `  '${n}' = {\n${WINDOWS_SCRIPTS[n]}\n  }`).join('\n');
  const table = ordered.map(
    (s) =>
      `  '${s.id}' = @{ script = '${s.script}'; runsLast = $${!!s.runsLast}; undoIsApply = $${!!s.undoIsApply}; input = ${psString(JSON.stringify(consoleInput(s.id, target)))} }`,
  );
  const comment = target.replace(/[^\x20-\x7e]/g, '?');
  // only [A-Za-z0-9._-]: safe in a comment and on a PowerShell command line
  const filename = `rdp-doctor-fix-${t.host.replace(/[^A-Za-z0-9.-]/g, '_')}.ps1`;
  const header = [
    `# RDP Doctor: fix Remote Desktop on ${comment} at its console (Windows PowerShell 5.1, run as administrator).`,
    `# What it does: ${ordered.map((s) => s.title).join('; ') || 'nothing but an inspection'}`,
    '#',
    '# How to run it:',
    '#  1. Copy this file to the host.',
    '#  2. Open Windows PowerShell as administrator (Start, type PowerShell, right-click, "Run as administrator").',
    `#  3. Check it is the file RDP Doctor showed: Get-FileHash -Algorithm SHA256 .\\${filename}`,
    `#  4. A downloaded file is blocked: Unblock-File .\\${filename} (or: powershell -ExecutionPolicy Bypass -File ...)`,
    `#  5. See what it would change, changing nothing: .\\${filename} -WhatIf`,
    `#  6. Run it: .\\${filename}   It keeps a backup of everything it changes and prints where.`,
    `#  7. To put it all back: .\\${filename} -Undo <the backup file it printed>   (-BackupFolder: where backups go)`,
    '# -OpenPublicFirewall: open the Remote Desktop firewall rules for the Public profile too (default: Domain, Private).',
    ...(ordered.some((s) => s.id === 'win-bind-trusted-cert')
      ? [
          '# -PfxFile <path>: the .pfx your CA issued for this host (the script asks for its password; it checks the',
          '#   certificate is valid now, for server authentication, RSA 2048 bits or more, before it imports it).',
        ]
      : []),
    'param([switch]$WhatIf, [string]$Undo, [string]$BackupFolder, [switch]$OpenPublicFirewall, [string]$PfxFile)',
    `$RdpDoctorPort = ${t.port}`,
    `$RdpDoctorPhases = @(${ordered.map((s) => `'${s.id}'`).join(', ')})`,
    `# each phase as declared (shared/fixPhases/windows.ts); "${FACT_MARKER}x.y" in an input: the value x.y of this host's inspection`,
    '$RdpDoctorPhaseTable = @{',
    ...table,
    '}',
    '$RdpDoctorScripts = @{',
    blocks,
    '}',
    '',
  ].join('\n');
  return { filename, content: `${header}${body}`.replace(/\r?\n/g, '\r\n') };
}
