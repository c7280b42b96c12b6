import type { StateCreator } from 'zustand/vanilla';
import { FLEET_TEXT_MAX, type FleetEvent, type FleetReportFormat } from '../../../shared/fleet';
import { nextSort } from '../logic/fleetTable';
import { friendlyError } from '../logic/friendlyError';
import { rowsFromResult } from '../logic/steps';
import { earlyEvents } from './earlyEvents';
import type { AppState, FleetSlice, Screen, StoreDeps } from './types';

/**
 * What a list costs on the wire: web mode carries requests in WebSocket frames of at most 64 KiB, so the
 * text's JSON encoding in UTF-8 (newlines and quotes escaped, accents two bytes) must stay under the limit.
 */
export function wireSize(text: string): number {
  return new TextEncoder().encode(JSON.stringify(text)).length;
}

function tooLong(name: string): string {
  return `${name} is too long for the app (about ${FLEET_TEXT_MAX.toLocaleString('en-US')} characters at most): split it, or use "rdp-doctor scan --targets FILE" on the command line.`;
}

/** Each host's own deadline in the app (the CLI's default too). */
export const FLEET_HOST_TIMEOUT_MS = 10_000;

/**
 * "Many computers": the pasted or imported list, the scan's progress (`fleet.event`), the table's sort and
 * filter, opening one host in the findings screen (`fleet.open` makes it a run), and the fleet report.
 * Events can arrive before `fleet.start` has answered with the scan id: they are held, then replayed.
 */
export function createFleetSlice(deps: StoreDeps): StateCreator<AppState, [], [], FleetSlice> {
  let subscribed = false;
  const early = earlyEvents<FleetEvent>((ev) => ev.scanId);
  let seq = 0;
  /** the one-computer screen to come back to from the tabs */
  let singleScreen: Exclude<Screen, 'fleet'> = 'start';
  return (set, get) => {
    const subscribe = () => {
      if (subscribed) return;
      deps.api().on('fleet.event', (ev) => get().handleFleetEvent(ev));
      deps.onConnectionState((s) => {
        const st = get().fleetState;
        if (s === 'closed' && (st === 'starting' || st === 'running')) {
          set({
            fleetState: 'failed',
            fleetMessage: { kind: 'error', text: 'The connection to RDP Doctor was lost. Restart it and try again.' },
          });
        }
      });
      subscribed = true;
    };
    const refresh = async (scanId: string) => {
      try {
        const status = await deps.api().invoke('fleet.status', { scanId });
        if (get().fleetScanId !== scanId) return;
        set({ fleetHosts: status.hosts, fleetDone: status.hosts.filter((h) => h.verdict !== 'pending').length });
      } catch {
        // the events already gave the table; a failed refresh changes nothing
      }
    };
    return {
      fleetText: '',
      fleetSource: 'pasted list',
      fleetScanId: null,
      fleetState: 'idle',
      fleetHosts: [],
      fleetDone: 0,
      fleetChecking: [],
      fleetStartedAt: null,
      fleetFinishedAt: null,
      fleetTargetErrors: [],
      fleetDuplicates: 0,
      fleetMessage: null,
      fleetSort: { key: 'verdict', dir: 'asc' },
      fleetFilter: { text: '', verdict: 'all' },
      fleetExportFormat: 'html',
      fleetRedact: false,
      fleetExportBusy: false,
      fromFleet: false,
      fleetScrollY: null,

      backToFleetList: () => {
        if (!get().fromFleet) return;
        set({ screen: 'fleet' });
      },

      showFleet: () => {
        const { screen } = get();
        if (screen !== 'fleet') singleScreen = screen;
        set({ screen: 'fleet' });
      },
      showSingle: () => {
        const { runState, result, screen } = get();
        if (screen !== 'fleet') return;
        const running = runState === 'starting' || runState === 'running';
        set({
          screen: running
            ? 'live'
            : (singleScreen === 'findings' || singleScreen === 'fix') && result
              ? singleScreen
              : 'start',
        });
      },
      setFleetText: (fleetText) => set({ fleetText, fleetSource: 'pasted list', fleetMessage: null }),
      importFleetFile: (name, text) => {
        if (text.length > FLEET_TEXT_MAX || wireSize(text) > FLEET_TEXT_MAX) {
          set({ fleetMessage: { kind: 'error', text: tooLong(name) } });
          return;
        }
        set({ fleetText: text, fleetSource: name, fleetMessage: null });
      },

      startFleet: async () => {
        const s = get();
        if (s.fleetState === 'starting' || s.fleetState === 'running') return;
        if (!s.fleetText.trim()) {
          set({ fleetMessage: { kind: 'error', text: 'Type or import the computers to check, one per line.' } });
          return;
        }
        if (wireSize(s.fleetText) > FLEET_TEXT_MAX) {
          set({ fleetMessage: { kind: 'error', text: tooLong('The list') } });
          return;
        }
        subscribe();
        early.start();
        const mine = ++seq;
        set({
          fleetState: 'starting',
          fleetScanId: null,
          fleetHosts: [],
          fleetDone: 0,
          fleetChecking: [],
          fleetStartedAt: Date.now(),
          fleetFinishedAt: null,
          fleetTargetErrors: [],
          fleetDuplicates: 0,
          fleetMessage: null,
        });
        try {
          const res = await deps.api().invoke('fleet.start', {
            text: s.fleetText,
            source: s.fleetSource,
            timeoutMs: FLEET_HOST_TIMEOUT_MS,
          });
          if (mine !== seq) return;
          set({
            fleetScanId: res.scanId,
            fleetState: 'running',
            fleetHosts: res.hosts,
            fleetTargetErrors: res.targetErrors,
            fleetDuplicates: res.duplicates,
          });
          for (const ev of early.follow(res.scanId)) get().handleFleetEvent(ev);
        } catch (err) {
          if (mine !== seq) return;
          set({
            fleetState: 'idle',
            fleetMessage: { kind: 'error', text: friendlyError(err, 'The check could not start') },
          });
        }
      },

      cancelFleet: async () => {
        const { fleetScanId, fleetState } = get();
        if (!fleetScanId || fleetState !== 'running') return;
        await deps
          .api()
          .invoke('fleet.cancel', { scanId: fleetScanId })
          .catch(() => {});
      },

      handleFleetEvent: (ev) => {
        const { fleetScanId, fleetState } = get();
        if (fleetState === 'starting' && fleetScanId === null) {
          early.hold(ev);
          return;
        }
        if (ev.scanId !== fleetScanId) return;
        if (ev.type === 'host-started') {
          set({ fleetChecking: [...get().fleetChecking, ev.index] });
        } else if (ev.type === 'host-finished') {
          const hosts = get().fleetHosts.slice();
          hosts[ev.host.index] = ev.host;
          set({
            fleetHosts: hosts,
            fleetDone: Math.max(get().fleetDone, ev.done),
            fleetChecking: get().fleetChecking.filter((i) => i !== ev.host.index),
          });
        } else if (ev.type === 'finished') {
          set({
            fleetChecking: [],
            fleetState: ev.cancelled ? 'cancelled' : 'finished',
            fleetFinishedAt: Date.now(),
            fleetMessage: ev.cancelled
              ? { kind: 'info', text: 'The check was stopped: the table shows the computers checked so far.' }
              : null,
          });
          void refresh(ev.scanId);
        }
      },

      setFleetSort: (key) => set({ fleetSort: nextSort(get().fleetSort, key) }),
      setFleetFilter: (filter) => set({ fleetFilter: { ...get().fleetFilter, ...filter } }),

      openFleetHost: async (index) => {
        const { fleetScanId } = get();
        if (!fleetScanId) return;
        const scrollY = typeof window === 'undefined' ? null : window.scrollY;
        try {
          const { runId, result } = await deps.api().invoke('fleet.open', { scanId: fleetScanId, index });
          set({
            screen: 'findings',
            runId,
            runTarget: result.input,
            runState: 'finished',
            result,
            steps: rowsFromResult(result.steps),
            runError: null,
            detailsOpen: false,
            reportMessage: null,
            host: result.input,
            fromFleet: true,
            fleetScrollY: scrollY,
          });
        } catch (err) {
          set({ fleetMessage: { kind: 'error', text: friendlyError(err, 'Could not open that computer') } });
        }
      },

      setFleetExportFormat: (fleetExportFormat: FleetReportFormat) => set({ fleetExportFormat }),
      setFleetRedact: (fleetRedact) => set({ fleetRedact }),
      exportFleet: async () => {
        const { fleetScanId, fleetExportFormat, fleetRedact, fleetExportBusy } = get();
        if (!fleetScanId || fleetExportBusy) return;
        set({ fleetExportBusy: true });
        try {
          const r = await deps
            .api()
            .invoke('fleet.report', { scanId: fleetScanId, format: fleetExportFormat, redact: fleetRedact });
          deps.download(r.filename, r.mime, r.content);
          set({ fleetMessage: { kind: 'info', text: `Downloaded ${r.filename}.` } });
        } catch (err) {
          set({ fleetMessage: { kind: 'error', text: friendlyError(err, 'The report could not be made') } });
        } finally {
          set({ fleetExportBusy: false });
        }
      },
    };
  };
}
