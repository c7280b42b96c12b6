import type { StateCreator } from 'zustand/vanilla';
import type { AppState, FindingsSlice } from './types';

/** The finished result and the details drawer. The result itself is set by the run slice. */
export const createFindingsSlice: StateCreator<AppState, [], [], FindingsSlice> = (set) => ({
  result: null,
  detailsOpen: false,
  setDetailsOpen: (open) => set({ detailsOpen: open }),
});
