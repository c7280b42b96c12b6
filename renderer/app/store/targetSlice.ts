import type { StateCreator } from 'zustand/vanilla';
import { loadRecentHosts, saveRecentHosts } from '../logic/recentHosts';
import type { AppState, StoreDeps, TargetSlice } from './types';

/** What the user typed on the start screen, and the decode of the code field (debounced as they type). */
export function createTargetSlice(deps: StoreDeps): StateCreator<AppState, [], [], TargetSlice> {
  let decodeTimer: ReturnType<typeof setTimeout> | null = null;
  let decodeSeq = 0;
  return (set) => ({
    host: '',
    codesText: '',
    decode: null,
    decodePending: false,
    checkCredentials: false,
    user: '',
    password: '',
    recentHosts: loadRecentHosts(deps.storage),
    startMessage: null,
    setHost: (host) => set({ host, startMessage: null }),
    setCodesText: (text) => {
      set({ codesText: text });
      if (decodeTimer) clearTimeout(decodeTimer);
      const seq = ++decodeSeq;
      if (!text.trim()) {
        set({ decode: null, decodePending: false });
        return;
      }
      set({ decodePending: true });
      decodeTimer = setTimeout(() => {
        decodeTimer = null;
        deps
          .api()
          .invoke('codes.decode', { text: text.slice(0, 200) })
          .then(
            (decode) => {
              // A slow answer for an older text must not overwrite the newer one.
              if (seq === decodeSeq) set({ decode, decodePending: false });
            },
            (err: Error) => {
              if (seq === decodeSeq) {
                set({
                  decode: {
                    input: text,
                    ok: false,
                    error: `Could not decode: ${err.message}`,
                    codes: [],
                    summary: '',
                    relatedFindings: [],
                  },
                  decodePending: false,
                });
              }
            },
          );
      }, deps.decodeDebounceMs);
    },
    setCheckCredentials: (on) => set(on ? { checkCredentials: true } : { checkCredentials: false, password: '' }),
    setUser: (user) => set({ user }),
    setPassword: (password) => set({ password }),
    forgetRecentHosts: () => {
      saveRecentHosts(deps.storage, []);
      set({ recentHosts: [] });
    },
  });
}
