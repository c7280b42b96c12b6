/**
 * The one declaration of a fix phase, for every host kind (issue 19). A phase is TWO files:
 *
 *   1. its spec — an entry of `shared/fixPhases/<kind>.ts` (this type): the words the renderer, the CLI and the
 *      report show (title, summary, steps, risks), what it addresses, the copyable commands shown with a
 *      finding, and pure plan / verify hooks over the inspection's facts (no Node, no I/O: the renderer bundles
 *      this file too);
 *   2. its script — `electron/remediation/<kind>/scripts/<script>` (POSIX sh for xrdp, .ps1 for Windows) with
 *      the actions plan / apply / undo (and optionally verify), JSON in and JSON out, run through
 *      `Driver.call(script, input)`.
 *
 * `electron/remediation/scriptedPhase.ts` turns a spec into a runnable Phase; the registry registers every
 * spec that has a script. A spec without a script is advice only (shown, never run). The finding catalogue's
 * phase lists (`FINDING_CATALOGUE[id].fixPhases`) and `FIX_PHASES` are derived from these specs.
 */

import type { FixCommands, FixContext } from '../fixCommands';
import type { ProbeResult } from '../probe';
import type { SuppliedCertificateFacts } from '../remediation';

export type PhaseHostKind = 'windows' | 'xrdp';

/** JSON-serialisable value (script input/output, backups in the audit log). */
export type PhaseJson = null | boolean | number | string | PhaseJson[] | { [k: string]: PhaseJson };

export interface PhaseChange {
  target: string;
  before: string | null;
  after: string | null;
}

/** What a spec's plan hook says from the inspection's facts (no host round trip). */
export interface SpecPlan {
  changes: PhaseChange[];
  /** nothing to change on this host */
  alreadyRight: boolean;
  /** the exact commands/edits it will make, for the technician to read (real values) */
  commands: string[];
  /** extra risk or context lines for this host (a GPO owns the setting…) */
  notes?: string[];
  /** set when the phase must not act on this host (an untrusted path, another program on the port…) */
  refused?: string;
}

/**
 * The public facts of what the technician supplied with the request (issue 21: a .pfx), for the hooks. The secret
 * half (key, .pfx bytes, password) never reaches a hook: the phase gets it on `ctx.supplied` and hands it to its
 * script on stdin only (never an argument, a log line, a backup or an audit entry).
 */
export interface SuppliedPhaseFacts {
  certificate?: SuppliedCertificateFacts;
}

export interface SpecVerdict {
  ok: boolean;
  message: string;
}

export interface FixPhaseSpec<F = unknown> {
  id: string;
  hostKind: PhaseHostKind;
  title: string;
  /** one sentence: what the phase does */
  summary: string;
  /** the steps shown in the wizard and the report, in words */
  steps: string[];
  /** finding ids this phase addresses (the finding catalogue's phase lists are derived from this) */
  addresses: string[];
  /** plain-language risks ("Disconnects every session") */
  risks: string[];
  /**
   * findings (of `addresses`) for which this phase is offered before the others that address them — the
   * first, default choice of two alternatives; otherwise a finding offers its phases in table order
   */
  firstFor?: string[];
  /** the copyable commands shown with a finding, filled in from what the probe learned; null = none */
  commands?(ctx: FixContext): FixCommands | null;
  /** advice only: no script, nothing runs it */
  adviceOnly?: true;
  /** takes effect for the others (a restart): runs after them; its undo runs after every other undo */
  runsLast?: boolean;
  /** takes effect by itself: choosing it alone does not bring the runsLast phases */
  selfContained?: boolean;
  /**
   * needs material the technician supplies (a certificate from a .pfx): suggested exactly when it is supplied
   * (standing in for the phases addressing the same findings), refused without it
   */
  needs?: 'certificate';
  /** the script's file name under electron/remediation/<hostKind>/scripts/ (absent for advice-only) */
  script?: string;
  /** the typed facts of an inspection for this host kind (xrdpFactsOf / windowsFactsOf) */
  facts?(inspectionFacts: Record<string, unknown>): F;
  /** whether this host needs the phase at all (picks one of several phases addressing one finding) */
  wanted?(facts: F, findingIds: readonly string[]): boolean;
  /** the plan with real values, from the facts; changes nothing */
  plan?(facts: F, target: string, supplied?: SuppliedPhaseFacts): SpecPlan;
  /** the script's input (besides `action` and, for undo, `backup`): data, never code */
  input?(facts: F, target: string, supplied?: SuppliedPhaseFacts): Record<string, PhaseJson>;
  /** checks the fresh re-inspection (and re-probe) after every phase ran */
  verify?(facts: F, probe: ProbeResult | null, supplied?: SuppliedPhaseFacts): SpecVerdict;
  /** undo runs apply again (a restart: it makes the service reload what the other undos put back) */
  undoIsApply?: boolean;
}
