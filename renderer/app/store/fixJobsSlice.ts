import type { StateCreator } from 'zustand/vanilla';
import { planDigest } from '../../../shared/planDigest';
import type { FixEvent } from '../../../shared/remediation';
import { applyFixEvent, type FixJob, jobBusy, newJob, stopUnfinished } from '../logic/fixJob';
import { friendlyError } from '../logic/friendlyError';
import { earlyEvents } from './earlyEvents';
import { suppliedCertificate } from './fixCertificateSlice';
import { askedSecrets, currentAccess, fixTarget, secretsCleared } from './fixShared';
import type { AppState, FixJobsSlice, StoreDeps } from './types';

/**
 * The Fix screen's jobs: apply (step 4) and undo (step 5, or an earlier fix from step 1), their live events,
 * cancel, and the audit log's history. Events of a job can arrive before `fix.start` / `fix.undo` has
 * answered with its id; they are held and replayed, like the probe's. The secrets go out with the one
 * request that starts a job and are cleared right after it.
 */
export function createFixJobsSlice(deps: StoreDeps): StateCreator<AppState, [], [], FixJobsSlice> {
  let subscribed = false;
  const early = earlyEvents<FixEvent>((ev) => ev.jobId);

  return (set, get) => {
    const subscribe = () => {
      if (subscribed) return;
      deps.api().on('fix.event', (ev) => get().handleFixEvent(ev));
      subscribed = true;
    };

    const startJob = async (kind: FixJob['kind'], phases: string[], send: () => Promise<{ jobId: string }>) => {
      subscribe();
      early.start();
      const field = kind === 'apply' ? 'applyJob' : 'undoJob';
      set({ [field]: newJob(kind, phases), fixBusy: kind === 'apply' ? 'start' : 'undo', fixMessage: null });
      let jobId: string;
      try {
        jobId = (await send()).jobId;
      } catch (err) {
        const job = get()[field];
        if (job) set({ [field]: { ...job, state: 'failed', error: friendlyError(err, 'It could not start') } });
        set({ fixBusy: null });
        return;
      } finally {
        // The secrets went out with that one request (or it failed): they are not kept for another.
        set(secretsCleared(get()));
        // so did the .pfx and its password (a new plan needs them chosen again)
        if (kind === 'apply') get().clearPfx();
      }
      const job = get()[field];
      if (!job) return;
      const cancelled = job.state === 'cancelled';
      set({ [field]: { ...job, jobId, state: cancelled ? 'cancelled' : 'running' }, fixBusy: null });
      if (cancelled)
        deps
          .api()
          .invoke('fix.cancel', { jobId })
          .catch(() => {});
      for (const ev of early.follow(jobId)) get().handleFixEvent(ev);
    };

    return {
      applyJob: null,
      undoJob: null,
      fixHistory: [],

      loadFixHistory: async () => {
        const target = fixTarget(get());
        try {
          const { entries } = await deps.api().invoke('fix.history', { target });
          if (fixTarget(get()) === target) set({ fixHistory: entries });
        } catch {
          // The history only offers an earlier undo; without it the wizard works the same.
        }
      },

      startFix: async () => {
        const s = get();
        if (s.fixBusy || !s.plan || jobBusy(s.applyJob)) return;
        if (s.selectedPhases.length === 0) {
          set({ fixMessage: { kind: 'error', text: 'Tick at least one phase to run.' } });
          return;
        }
        if (!s.fixConfirmed) {
          set({ fixMessage: { kind: 'error', text: 'Tick "I have read the plan" to confirm first.' } });
          return;
        }
        const checked = currentAccess(s);
        if (!checked.ok) {
          set({ fixMessage: { kind: 'error', text: checked.message, code: checked.field } });
          return;
        }
        const codes = s.codesText.trim() ? s.codesText.trim().slice(0, 200) : undefined;
        const phases = [...s.selectedPhases];
        // what the technician approved: the plan of exactly these phases, as shown (the core checks it at start)
        const approvedPlan = s.plan.phases.filter((p) => phases.includes(p.phase));
        set({ fixStep: 'apply', undoJob: null });
        const certificate = suppliedCertificate(s);
        await startJob('apply', phases, async () =>
          deps.api().invoke('fix.start', {
            ...(certificate ? { certificate } : {}),
            target: fixTarget(s),
            hostKind: s.fixHostKind,
            access: checked.access,
            runId: s.runId ?? undefined,
            phases,
            codes,
            planDigest: await planDigest(approvedPlan),
            approvedPlan,
          }),
        );
      },

      cancelFix: async () => {
        const field = jobBusy(get().undoJob) ? 'undoJob' : 'applyJob';
        const job = get()[field];
        if (!job || !jobBusy(job)) return;
        if (!job.jobId) {
          // The start has not answered yet: startJob cancels the job as soon as its id is known.
          set({ [field]: { ...job, state: 'cancelled' } });
          return;
        }
        set({ fixBusy: 'cancel' });
        try {
          const { cancelled, reason } = await deps.api().invoke('fix.cancel', { jobId: job.jobId });
          const now = get()[field];
          if (!cancelled && reason) set({ fixMessage: { kind: 'info', text: reason } });
          if (cancelled && now && jobBusy(now)) {
            set({
              [field]: { ...now, state: 'cancelled' },
              fixMessage: {
                kind: 'info',
                text: 'Cancelling: the phase that was running is stopped and what it changed is put back.',
              },
            });
          }
        } catch (err) {
          set({ fixMessage: { kind: 'error', text: friendlyError(err, 'Could not cancel') } });
        } finally {
          set({ fixBusy: null });
        }
      },

      undoFix: async () => {
        const applied = get().applyJob;
        if (!applied?.jobId || jobBusy(applied)) return;
        const phases = applied.phases
          .filter((p) => p.status === 'applied' || p.status === 'verified' || p.status === 'not-verified')
          .map((p) => p.phase)
          .reverse();
        await get().runUndo(applied.jobId, phases);
      },

      lastUndoRequest: null,

      runUndo: async (jobId, phases, force = false) => {
        const s = get();
        if (s.fixBusy || jobBusy(s.applyJob) || jobBusy(s.undoJob)) return;
        const checked = currentAccess(s);
        if (!checked.ok) {
          set({ fixBusy: null, fixMessage: { kind: 'error', text: checked.message, code: checked.field } });
          return;
        }
        set({ lastUndoRequest: { jobId, phases } });
        // no rows up front: the core announces each phase in the order it undoes them (a restart last)
        await startJob('undo', [], () =>
          deps.api().invoke('fix.undo', {
            target: fixTarget(s),
            hostKind: s.fixHostKind,
            access: checked.access,
            jobId,
            force,
          }),
        );
      },

      undoAnyway: async () => {
        const last = get().lastUndoRequest;
        if (!last || get().undoJob?.errorCode !== 'undo-conflict') return;
        await get().runUndo(last.jobId, last.phases, true);
      },

      verifyFixAgain: async () => {
        const s = get();
        const job = s.applyJob;
        if (s.fixBusy || !job?.jobId || jobBusy(job) || jobBusy(s.undoJob)) return;
        const checked = currentAccess(s);
        if (!checked.ok) {
          set({ fixMessage: { kind: 'error', text: checked.message, code: checked.field } });
          return;
        }
        const jobId = job.jobId;
        set({
          fixBusy: 'recheck',
          fixMessage: null,
          applyJob: {
            ...job,
            waiting: 'Checking again: waiting for the RDP port, then probing and inspecting the host…',
          },
        });
        try {
          const v = await deps.api().invoke('fix.verifyAgain', {
            target: fixTarget(s),
            hostKind: s.fixHostKind,
            access: checked.access,
            jobId,
            runId: s.runId ?? undefined,
          });
          const now = get().applyJob;
          if (now?.jobId === jobId) {
            const seq = now.verified?.seq ?? -1;
            set({
              applyJob: {
                ...now,
                waiting: null,
                verified: {
                  type: 'verified',
                  jobId,
                  seq,
                  before: v.before ?? now.verified?.before ?? null,
                  after: v.after,
                  inspection: v.inspection,
                  fixed: v.fixed,
                  message: v.message,
                },
              },
              fixMessage: { kind: 'info', text: `Checked again at ${new Date().toLocaleTimeString()}.` },
            });
          }
        } catch (err) {
          const now = get().applyJob;
          if (now) set({ applyJob: { ...now, waiting: null } });
          set({ fixMessage: { kind: 'error', text: friendlyError(err, 'Could not check again') } });
        } finally {
          set({ ...secretsCleared(get()), fixBusy: null });
        }
      },

      handleFixEvent: (ev) => {
        const { applyJob, undoJob } = get();
        // sudo asked for a password (or refused the one given): its field shows for the next request
        if (ev.type === 'failed' && (ev.jobId === applyJob?.jobId || ev.jobId === undoJob?.jobId))
          set({ secretsAsked: askedSecrets(get().secretsAsked, ev.error.code) });
        const waiting = (j: FixJob | null) => j !== null && j.jobId === null && j.state !== 'failed';
        if (applyJob?.jobId === ev.jobId) {
          const next = applyFixEvent(applyJob, ev);
          set({ applyJob: next });
          // The job is over: show what the re-probe proved.
          if (ev.type === 'finished' && (next.verified || next.finished?.ok)) set({ fixStep: 'verify' });
          return;
        }
        if (undoJob?.jobId === ev.jobId) {
          set({ undoJob: applyFixEvent(undoJob, ev) });
          // What is left to undo changed: step 1's "earlier fix" follows the audit log.
          if (ev.type === 'finished' || ev.type === 'failed') void get().loadFixHistory();
          return;
        }
        if (waiting(applyJob) || waiting(undoJob)) early.hold(ev);
      },

      fixConnectionLost: () => {
        for (const field of ['applyJob', 'undoJob'] as const) {
          const job = get()[field];
          if (job && jobBusy(job)) {
            set({
              [field]: {
                ...job,
                state: 'failed',
                phases: stopUnfinished(job.phases, 'failed'),
                error:
                  'The connection to RDP Doctor was lost while this ran. What it changed is in the audit log: open Fix again and step 1 offers to undo the unfinished fix before anything else runs.',
              },
            });
          }
        }
        set({ fixBusy: null });
      },
    };
  };
}
