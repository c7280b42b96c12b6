/**
 * The end of `rdp-doctor probe`: the verdict, the host kind and why, the findings root cause first (the one
 * that explains the typed code first among equals, marked), and with --fixes the exact commands of each fix
 * for that kind of host. The same shared rules as the app and the report (shared/verdict.ts).
 */
import type pc from 'picocolors';
import type { DecodeResult } from '../../shared/codes';
import { FIX_PHASES, type HostKind } from '../../shared/findings';
import { commandsFor, fixContextFrom } from '../../shared/fixCommands';
import { guessHostKind, HOST_KIND_LABEL } from '../../shared/guessHostKind';
import type { ProbeResult } from '../../shared/probe';
import {
  credentialNote,
  explainsTypedCode,
  orderForCodes,
  rootCauseId,
  unexplainedCodesNote,
  verdictFor,
} from '../../shared/verdict';
import { formatClientTable } from './clientTable';
import { hostText } from './hostText';

export interface FindingsTextOptions {
  decoded: DecodeResult | null;
  fixes: boolean;
  /** the technician's --host-kind, else the guess */
  hostKind: HostKind | 'unknown' | null;
  width: number;
  colors: ReturnType<typeof pc.createColors>;
}

export function formatFindings(result: ProbeResult, o: FindingsTextOptions): string[] {
  const c = o.colors;
  const lines: string[] = [];
  // the texts quote what the server sent (certificate names, its own strings): never raw to the terminal
  const wrap = (text: string, indent: string) => wrapWords(hostText(text), o.width).map((l) => `${indent}${l}`);
  const guess = guessHostKind(result);
  const kind = o.hostKind ?? guess.kind;
  const verdict = verdictFor(result, o.decoded, kind);
  const paint =
    verdict.kind === 'problem' ? c.red : verdict.kind === 'healthy' || verdict.kind === 'warnings' ? c.green : c.yellow;
  lines.push(paint(c.bold(verdict.headline)), ...wrap(verdict.detail, '  '));
  verdict.causes?.forEach((cause, i) => {
    lines.push(...wrap(cause, '     ').map((l, j) => (j === 0 ? `  ${i + 1}. ${l.trimStart()}` : l)));
  });
  const codesNote = unexplainedCodesNote(result, o.decoded);
  if (codesNote) lines.push(...wrap(codesNote, '  '));
  const credNote = credentialNote(result);
  if (credNote) lines.push(...wrap(credNote, '  '));
  const kindLine =
    o.hostKind && o.hostKind !== guess.kind
      ? `Host kind: ${HOST_KIND_LABEL[kind]} (as given; the probe guessed ${HOST_KIND_LABEL[guess.kind]}: ${guess.reasons.join(' ')})`
      : `Host kind: ${HOST_KIND_LABEL[kind]}: ${guess.reasons.join(' ')} (change it with --host-kind)`;
  lines.push('', ...wrap(kindLine, ''), ...formatClientTable(result, o, wrapWords));

  const findings = orderForCodes(result.findings, o.decoded, result);
  if (findings.length === 0) {
    lines.push('', c.green('No problems found.'));
    return lines;
  }
  const root = rootCauseId(findings, o.decoded, result);
  const explaining = findings.filter((f) => explainsTypedCode(f, o.decoded, result));
  if (o.decoded?.ok && explaining.length > 0) {
    const codes = o.decoded.codes.map((x) => x.hex).join(' ');
    lines.push(`Explains the code you saw (${codes}): ${explaining.map((f) => `${f.title} (${f.id})`).join('; ')}`);
  }
  lines.push('', c.bold('Findings'));
  const ctx = fixContextFrom(result);
  for (const f of findings) {
    const sev =
      f.severity === 'error' ? c.red('error  ') : f.severity === 'warning' ? c.yellow('warning') : c.cyan('info   ');
    const marks = [
      f.id === root ? 'most likely cause' : null,
      explaining.includes(f) ? 'explains the code you saw' : null,
    ].filter(Boolean);
    lines.push(`  ${sev} ${c.bold(f.title)}${marks.length ? c.magenta(` [${marks.join(', ')}]`) : ''}`);
    if (f.detail) lines.push(...wrap(f.detail, '          '));
    const phases = [...(kind === 'xrdp' ? [] : f.fixPhases.windows), ...(kind === 'windows' ? [] : f.fixPhases.xrdp)];
    if (phases.length === 0) continue;
    lines.push(`          ${c.dim('Fix:')}`);
    for (const id of phases) {
      const phase = FIX_PHASES[id];
      const where = phase?.hostKind === 'windows' ? 'Windows' : 'xrdp';
      lines.push(`          - ${phase?.title ?? id}${kind === 'unknown' ? ` (${where})` : ''}`);
      if (!o.fixes) continue;
      const cmds = commandsFor(id, ctx);
      if (!cmds) continue;
      lines.push(
        c.dim(`              ${cmds.shell === 'powershell' ? 'PowerShell, as Administrator:' : 'on the host:'}`),
      );
      for (const l of cmds.lines) lines.push(`              ${hostText(l)}`);
    }
  }
  if (!o.fixes) lines.push('', c.dim('Add --fixes to see the exact commands of each fix.'));
  return lines;
}

/** Splits text into lines of at most `width` characters at spaces (a longer word stands on its own line). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
