import { describe, expect, it } from 'vitest';
import { JobStore } from '../../../electron/core/jobStore';
import { UNDO_NOT_CANCELLABLE } from '../../../shared/remediation';

describe('JobStore (probe runs, fix jobs, fleet scans)', () => {
  it('cancels a running job once; not a finished one, nor an undo', () => {
    const jobs = new JobStore();
    const fix = jobs.start('fix', null);
    expect(jobs.cancel(fix.id)).toEqual({ cancelled: true });
    expect(fix.signal.aborted).toBe(true);
    expect(jobs.cancel(fix.id).cancelled).toBe(false);
    const undo = jobs.start('fix', null, { cancellable: false });
    expect(jobs.cancel(undo.id)).toEqual({ cancelled: false, reason: UNDO_NOT_CANCELLABLE });
    jobs.finish(undo.id);
    expect(jobs.cancel(undo.id).reason).toMatch(/not running/);
  });

  it('a finished fix job is dropped (the audit log keeps it); finished probes stay for reports', () => {
    const jobs = new JobStore();
    const fix = jobs.start('fix', null, { id: 'cli-job' });
    const probe = jobs.start('probe', { result: 1 });
    expect(jobs.running('fix')).toEqual(['cli-job']);
    jobs.finish(fix.id);
    jobs.finish(probe.id);
    expect(jobs.running('fix')).toEqual([]);
    expect(jobs.get('fix', 'cli-job')).toBeUndefined();
    expect(jobs.get<{ result: number }>('probe', probe.id)?.data.result).toBe(1);
    // a job is found only as its own kind
    expect(jobs.get('fleet', probe.id)).toBeUndefined();
  });

  it('keeps the newest jobs of a kind up to its bound, stopping the oldest', () => {
    const jobs = new JobStore({ probe: 2, fleet: 1, fix: null });
    const a = jobs.start('probe', null);
    const b = jobs.start('probe', null);
    const scan = jobs.start('fleet', null);
    const c = jobs.start('probe', null);
    expect(a.signal.aborted).toBe(true);
    expect(jobs.all('probe').map((j) => j.id)).toEqual([b.id, c.id]);
    expect(jobs.get('fleet', scan.id)).toBeDefined();
  });

  it('cancelAll stops the kinds named and leaves fix jobs running', () => {
    const jobs = new JobStore();
    const probe = jobs.start('probe', null);
    const scan = jobs.start('fleet', null);
    const fix = jobs.start('fix', null);
    jobs.cancelAll(['probe', 'fleet']);
    expect([probe.signal.aborted, scan.signal.aborted, fix.signal.aborted]).toEqual([true, true, false]);
  });
});
