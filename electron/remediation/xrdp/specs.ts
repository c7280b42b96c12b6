/**
 * The xrdp phase specs that run as scripts: the words from the catalogue (shared/findings.ts FIX_PHASES, until
 * shared/fixPhases/xrdp.ts holds them) and the pure hooks (shared/fixPhases/xrdpHooks.ts).
 */
import { FIX_PHASES } from '../../../shared/findings';
import type { FixPhaseSpec } from '../../../shared/fixPhases/types';
import type { XrdpFacts } from '../../../shared/fixPhases/xrdpFacts';
import { XRDP_HOOKS } from '../../../shared/fixPhases/xrdpHooks';

export const XRDP_SPECS: Record<string, FixPhaseSpec<XrdpFacts>> = Object.fromEntries(
  Object.entries(XRDP_HOOKS).map(([id, hooks]) => {
    const words = FIX_PHASES[id];
    return [
      id,
      {
        id,
        hostKind: 'xrdp',
        title: words?.title ?? id,
        summary: words?.summary ?? '',
        steps: words?.steps ?? [],
        ...hooks,
      } satisfies FixPhaseSpec<XrdpFacts>,
    ];
  }),
);
