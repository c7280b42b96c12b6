import type { StateCreator } from 'zustand/vanilla';
import { ApiCallError } from '../../../shared/contract';
import type { ProbeEvent, ProbeOptions } from '../../../shared/probe';
import { friendlyError } from '../logic/friendlyError';
import { addRecentHost, saveRecentHosts } from '../logic/recentHosts';
import { applyStepEvent, initialStepRows, rowsFromResult, stopUnfinished } from '../logic/steps';
import { checkTargetInput } from '../logic/targetInput';
import { earlyEvents } from './earlyEvents';
import type { AppState, RunSlice, StoreDeps } from './types';

/** The probe's own overall deadline we ask for (the core's default is 10 s; a credential check needs more). */
export const PROBE_TIMEOUT_MS = 15_000;
export const PROBE_TIMEOUT_WITH_NLA_MS = 25_000;

/**
 * One probe run: start it, follow its events, cancel it. Events can arrive before `probe.start` has
 * answered with the run id (the core starts the probe before it replies), so they are held until the id
 * is known and then replayed.
 */
export function createRunSlice(deps: StoreDeps): StateCreator<AppState, [], [], RunSlice> {
  let subscribed = false;
  const early = earlyEvents<ProbeEvent>((ev) => ev.runId);
  let watchdog: ReturnType<typeof setTimeout> | null = null;
  let startSeq = 0;

  const clearWatchdog = () => {
    if (watchdog) clearTimeout(watchdog);
    watchdog = null;
  };

  return (set, get) => {
    const subscribe = () => {
      if (subscribed) return;
      // One subscription for the store's life: events of runs other than the current one are ignored.
      deps.api().on('probe.event', (ev) => get().handleProbeEvent(ev));
      subscribed = true;
    };

    const armWatchdog = (runId: string, timeoutMs: number) => {
      clearWatchdog();
      watchdog = setTimeout(() => {
        watchdog = null;
        if (get().runId !== runId || get().runState !== 'running') return;
        // The finished event was lost (a dropped connection?): ask for the result once, then give up.
        deps
          .api()
          .invoke('probe.result', { runId })
          .then(
            ({ result }) => {
              if (get().runId !== runId || get().runState !== 'running') return;
              if (result) get().handleProbeEvent({ type: 'finished', runId, result });
              else
                set({
                  runState: 'failed',
                  steps: stopUnfinished(get().steps),
                  runError: 'The check stopped answering. Try again.',
                });
            },
            (err) => {
              if (get().runId === runId && get().runState === 'running') {
                set({
                  runState: 'failed',
                  steps: stopUnfinished(get().steps),
                  runError: friendlyError(err, 'The check stopped answering'),
                });
              }
            },
          );
      }, timeoutMs + deps.watchdogGraceMs);
    };

    return {
      screen: 'start',
      runId: null,
      runTarget: '',
      runState: 'idle',
      steps: initialStepRows(),
      runError: null,
      connectionLost: false,

      setConnectionLost: () => {
        const { runState } = get();
        set({ connectionLost: true });
        if (runState === 'starting' || runState === 'running') {
          clearWatchdog();
          set({
            runState: 'failed',
            steps: stopUnfinished(get().steps),
            runError: friendlyError(new ApiCallError('disconnected', ''), 'The check stopped'),
          });
        }
      },

      startProbe: async () => {
        const s = get();
        if (s.runState === 'starting' || s.runState === 'running') return;
        const checked = checkTargetInput(s.host);
        if (!checked.ok) {
          set({ screen: 'start', startMessage: { kind: 'error', text: checked.message } });
          return;
        }
        let credentials: ProbeOptions['credentials'];
        if (s.checkCredentials) {
          if (!s.user.trim()) {
            set({
              screen: 'start',
              startMessage: { kind: 'error', text: 'Type the user name to check, or untick "Check my credentials".' },
            });
            return;
          }
          if (!s.password) {
            set({
              screen: 'start',
              startMessage: { kind: 'error', text: 'Type the password to check (it is used once and never kept).' },
            });
            return;
          }
          credentials = { user: s.user.trim(), password: s.password };
        }
        subscribe();
        early.start();
        const seq = ++startSeq;
        const timeoutMs = credentials ? PROBE_TIMEOUT_WITH_NLA_MS : PROBE_TIMEOUT_MS;
        // The password leaves the store here: it travels once, in this request, and is never shown again.
        set({
          password: '',
          startMessage: null,
          fromFleet: false,
          screen: 'live',
          runId: null,
          runTarget: checked.target,
          runState: 'starting',
          steps: initialStepRows(),
          runError: null,
          result: null,
          detailsOpen: false,
          reportMessage: null,
        });
        let runId: string;
        try {
          ({ runId } = await deps.api().invoke('probe.start', { target: checked.target, timeoutMs, credentials }));
        } catch (err) {
          credentials = undefined;
          if (seq !== startSeq || get().runState !== 'starting') return;
          set({
            screen: 'start',
            runState: 'idle',
            startMessage: { kind: 'error', text: friendlyError(err, 'The check could not start') },
          });
          return;
        }
        credentials = undefined;
        if (seq !== startSeq) return;
        if (get().runState === 'cancelled') {
          // Cancel was pressed before the core answered: cancel the run it just started.
          set({ runId });
          deps
            .api()
            .invoke('probe.cancel', { runId })
            .catch(() => {});
          return;
        }
        set({ runId, runState: 'running' });
        armWatchdog(runId, timeoutMs);
        for (const ev of early.follow(runId)) get().handleProbeEvent(ev);
      },

      cancelProbe: async () => {
        const { runId, runState, runTarget } = get();
        if (runState !== 'starting' && runState !== 'running') return;
        clearWatchdog();
        set({
          runState: 'cancelled',
          screen: 'start',
          startMessage: { kind: 'info', text: `The check of ${runTarget} was cancelled.` },
        });
        if (runId)
          await deps
            .api()
            .invoke('probe.cancel', { runId })
            .catch(() => {});
      },

      handleProbeEvent: (ev) => {
        const { runId, runState } = get();
        if (runState === 'starting' && runId === null) {
          early.hold(ev);
          return;
        }
        if (ev.runId !== runId || runState !== 'running') return;
        if (ev.type === 'step') {
          set({ steps: applyStepEvent(get().steps, ev) });
        } else if (ev.type === 'finished') {
          clearWatchdog();
          // A recent host is remembered only after a probe got past the name (a valid target that resolved):
          // never a mistyped or half-typed name, nor one that does not exist.
          const target = ev.result.steps.target;
          const remember = target !== undefined && target.status !== 'failed' && target.status !== 'skipped';
          const recentHosts = remember ? addRecentHost(get().recentHosts, get().runTarget) : get().recentHosts;
          if (remember) saveRecentHosts(deps.storage, recentHosts);
          set({
            recentHosts,
            runState: 'finished',
            result: ev.result,
            steps: rowsFromResult(ev.result.steps),
            screen: 'findings',
          });
        } else {
          clearWatchdog();
          set({
            runState: 'failed',
            steps: stopUnfinished(get().steps),
            runError: `The check failed: ${ev.error.message}`,
          });
        }
      },

      newCheck: () => {
        const { runState } = get();
        if (runState === 'starting' || runState === 'running') return;
        clearWatchdog();
        set({ screen: 'start', runState: 'idle', detailsOpen: false, reportMessage: null });
      },
    };
  };
}
