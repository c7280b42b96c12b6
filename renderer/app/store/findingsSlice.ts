import type { StateCreator } from 'zustand/vanilla';
import type { HostKind } from '../../../shared/findings';
import type { AppState, FindingsSlice } from './types';

/**
 * The finished result, the details drawer and the host kind the technician chose. The result itself is set by
 * the run slice; the choice is tied to the result it was made for, so a new run starts from its own guess.
 */
export const createFindingsSlice: StateCreator<AppState, [], [], FindingsSlice> = (set, get) => ({
  result: null,
  detailsOpen: false,
  setDetailsOpen: (open) => set({ detailsOpen: open }),
  hostKindChoice: null,
  setHostKind: (kind) => {
    const result = get().result;
    if (result) set({ hostKindChoice: { result, kind } });
  },
});

/** The host kind in force for the shown result: the technician's choice, else the probe's guess. */
export function chosenHostKind(s: Pick<AppState, 'result' | 'hostKindChoice'>): HostKind | 'unknown' | null {
  return s.hostKindChoice && s.hostKindChoice.result === s.result ? s.hostKindChoice.kind : null;
}
