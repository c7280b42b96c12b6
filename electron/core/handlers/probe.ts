import { probeAndDiagnose } from '../../diagnosis/probeAndDiagnose';
import type { Handler } from '../handler';

const start: Handler<'probe.start'> = async (req, ctx) => {
  const { runId, signal } = ctx.runs.create();
  // Runs in the background: the caller gets its run id at once and follows `probe.event`.
  void probeAndDiagnose(req, {
    signal,
    onStep: (step) => ctx.sink.emit('probe.event', { type: 'step', runId, ...step }),
  }).then(
    (result) => {
      ctx.runs.finish(runId, result);
      ctx.sink.emit('probe.event', { type: 'finished', runId, result });
    },
    (err: unknown) => {
      ctx.sink.emit('probe.event', {
        type: 'failed',
        runId,
        error: { code: 'internal', message: `The probe stopped unexpectedly: ${(err as Error)?.message ?? err}` },
      });
    },
  );
  return { runId };
};

const cancel: Handler<'probe.cancel'> = async (req, ctx) => ({ cancelled: ctx.runs.cancel(req.runId) });

const result: Handler<'probe.result'> = async (req, ctx) => ({ result: ctx.runs.result(req.runId) });

export const probeHandlers = { 'probe.start': start, 'probe.cancel': cancel, 'probe.result': result };
