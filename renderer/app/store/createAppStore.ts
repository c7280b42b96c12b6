import { createStore, type StoreApi } from 'zustand/vanilla';
import { getApi, onConnectionState } from '../../api/client';
import { writeClipboard } from '../logic/clipboard';
import { downloadText } from '../logic/download';
import { printHtml } from '../logic/printReport';
import { rowsFromResult } from '../logic/steps';
import { createFindingsSlice } from './findingsSlice';
import { createFixCertificateSlice } from './fixCertificateSlice';
import { createFixJobsSlice } from './fixJobsSlice';
import { createFixSlice } from './fixSlice';
import { createFleetSlice } from './fleetSlice';
import { createReportSlice } from './reportSlice';
import { createRunSlice } from './runSlice';
import { syncRecentHostsWithCore } from './settingsSync';
import { createTargetSlice } from './targetSlice';
import type { AppState, StoreDeps } from './types';

export type AppStore = StoreApi<AppState>;

function defaultStorage(): Storage | null {
  try {
    return typeof window !== 'undefined' ? window.localStorage : null;
  } catch {
    return null;
  }
}

export function defaultDeps(): StoreDeps {
  return {
    api: getApi,
    storage: defaultStorage(),
    decodeDebounceMs: 300,
    download: (filename, mime, content) => downloadText(filename, mime, content),
    printHtml: (html) => printHtml(html),
    writeClipboard: (text) => writeClipboard(text),
    watchdogGraceMs: 15_000,
    onConnectionState,
  };
}

/** One store per app (and per test): slices target, run, findings, report, fix. */
export function createAppStore(overrides: Partial<StoreDeps> = {}): AppStore {
  const deps: StoreDeps = { ...defaultDeps(), ...overrides };
  const store = createStore<AppState>()((...a) => ({
    ...createTargetSlice(deps)(...a),
    ...createRunSlice(deps)(...a),
    ...createFindingsSlice(...a),
    ...createReportSlice(deps)(...a),
    ...createFleetSlice(deps)(...a),
    ...createFixSlice(deps)(...a),
    ...createFixJobsSlice(deps)(...a),
    ...createFixCertificateSlice(deps)(...a),
  }));
  deps.onConnectionState((s) => {
    if (s === 'closed') {
      store.getState().setConnectionLost();
      store.getState().fixConnectionLost();
    }
  });
  // After a fix or an undo, its verify re-probe is the host's truth: the findings screen ("Back to the
  // results") shows it, not the findings from before (issue 18).
  store.subscribe((s, prev) => {
    for (const job of ['applyJob', 'undoJob'] as const) {
      const v = s[job]?.verified ?? null;
      if (!v || v === prev[job]?.verified || !s.result || v.after.input !== s.result.input) continue;
      const choice = s.hostKindChoice;
      store.setState({
        result: v.after,
        steps: rowsFromResult(v.after.steps),
        hostKindChoice: choice && choice.result === s.result ? { ...choice, result: v.after } : choice,
      });
    }
  });
  // The app's own store remembers hosts in the core's settings file too; a store built around a test's
  // fake api does so only when the test asks (rememberInCore), so other tests see only their own calls.
  if (overrides.rememberInCore ?? !overrides.api) syncRecentHostsWithCore(store, deps.api);
  return store;
}
