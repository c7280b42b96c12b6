import { FixService, type FixServiceOptions } from '../remediation/fixService';
import type { JobStore } from './jobStore';

/**
 * The fix service over a JobStore's `fix` jobs: how the core (and the CLI, with a store of its own) get the one
 * FixService, built the same way for every door. `registry`: tests give a fake one.
 */
export function fixServiceOver(
  jobs: JobStore,
  dataDir: () => string,
  registry?: FixServiceOptions['registry'],
): FixService {
  return new FixService({
    ...(registry ? { registry } : {}),
    dataDir,
    jobs: {
      start: (opts) => {
        const job = jobs.start('fix', null, opts);
        return { jobId: job.id, signal: job.signal };
      },
      finish: (jobId) => jobs.finish(jobId),
      running: () => jobs.running('fix'),
      cancel: (jobId) => jobs.cancel(jobId),
    },
  });
}
