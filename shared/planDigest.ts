/**
 * The plan the technician approved is the plan that runs: a SHA-256 over a canonical JSON of the approved
 * phase plans (phase ids in run order, each change before → after, the commands). `fix.start` carries it;
 * the core plans again from its own inspection at start and stops with `host-changed` when the digest differs.
 * Used on both sides (renderer and cores): Web Crypto only, no Node module.
 */
import type { PhasePlan } from './remediation';

/** What is approved of a phase: what it will change and run, nothing presentational (title, risks). */
function canonicalPhase(p: PhasePlan): unknown[] {
  return [p.phase, p.alreadyRight, p.changes.map((c) => [c.target, c.before, c.after]), p.commands.map((c) => c)];
}

/** Arrays only (no object keys whose order could differ): one string per plan, whoever builds it. */
export function canonicalPlan(phases: readonly PhasePlan[]): string {
  return JSON.stringify(phases.map(canonicalPhase));
}

function hex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function planDigest(phases: readonly PhasePlan[]): Promise<string> {
  const data = new TextEncoder().encode(canonicalPlan(phases));
  return hex(await globalThis.crypto.subtle.digest('SHA-256', data));
}

const shown = (v: string | null) => v ?? '(none)';

/** One line per difference between the approved plan and the plan made now, in words. */
export function planDifferences(approved: readonly PhasePlan[], now: readonly PhasePlan[]): string[] {
  const lines: string[] = [];
  const was = new Map(approved.map((p) => [p.phase, p]));
  const is = new Map(now.map((p) => [p.phase, p]));
  for (const p of approved) if (!is.has(p.phase)) lines.push(`${p.phase}: no longer planned`);
  for (const p of now) {
    const old = was.get(p.phase);
    if (!old) {
      lines.push(`${p.phase}: planned now, was not approved`);
      continue;
    }
    if (old.alreadyRight !== p.alreadyRight) {
      // its changes and commands went (or came) with it: one line says it all
      lines.push(
        p.alreadyRight
          ? `${p.phase}: already right now, nothing left to change (${old.changes.map((c) => c.target).join(', ')})`
          : `${p.phase}: has something to change now: ${p.changes.map((c) => `${c.target}: ${shown(c.before)} → ${shown(c.after)}`).join('; ')}`,
      );
      continue;
    }
    const oldChanges = new Map(old.changes.map((c) => [c.target, c]));
    const newChanges = new Map(p.changes.map((c) => [c.target, c]));
    for (const c of p.changes) {
      const o = oldChanges.get(c.target);
      if (!o) lines.push(`${p.phase}: new change ${c.target}: ${shown(c.before)} → ${shown(c.after)}`);
      else if (o.before !== c.before || o.after !== c.after)
        lines.push(
          `${p.phase}: ${c.target} was approved as ${shown(o.before)} → ${shown(o.after)}, is now ${shown(c.before)} → ${shown(c.after)}`,
        );
    }
    for (const o of old.changes)
      if (!newChanges.has(o.target)) lines.push(`${p.phase}: ${o.target} is no longer changed`);
    const oldCmds = old.commands.join('\n');
    if (oldCmds !== p.commands.join('\n')) {
      const said = lines.length;
      for (const c of p.commands) if (!old.commands.includes(c)) lines.push(`${p.phase}: new command: ${c}`);
      for (const c of old.commands) if (!p.commands.includes(c)) lines.push(`${p.phase}: command dropped: ${c}`);
      if (lines.length === said) lines.push(`${p.phase}: the commands run in another order`);
    }
  }
  if (!lines.length && approved.map((p) => p.phase).join() !== now.map((p) => p.phase).join())
    lines.push('the phases run in another order');
  return lines;
}
