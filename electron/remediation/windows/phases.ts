/**
 * The Windows fix phases: each is its spec (shared/fixPhases/windows.ts: words, addresses, plan / input /
 * verify hooks) and its script (scripts/*.ps1: plan / apply / undo actions), made runnable by the generic
 * scriptedPhase() over whatever Driver the job opened (this computer or WinRM). Nothing Windows-specific runs
 * here: adding a phase is its spec and its script (see electron/remediation/types.ts).
 */
import { phaseSpecsFor } from '../../../shared/fixPhases/index';
import { scriptedPhase } from '../scriptedPhase';
import type { Phase } from '../types';

/** Every Windows spec with a script, as a Phase, in table order (the restart last: runsLast). */
export const WINDOWS_PHASES: Phase[] = phaseSpecsFor('windows')
  .filter((s) => !s.adviceOnly)
  .map((s) => scriptedPhase(s));
