// @vitest-environment jsdom
// The Fix screen's apply, verify and undo steps for what a job can say beyond the happy path, against the
// FAKE contract (fakeApi.ts): the host changed since the plan was approved, the verify waiting for xrdp,
// "Check again" in place, an undo that cannot be cancelled, an undo that would overwrite later edits.
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../renderer/app/App';
import { type FixJob, newJob } from '../../../renderer/app/logic/fixJob';
import { createAppStore } from '../../../renderer/app/store/createAppStore';
import { planDigest } from '../../../shared/planDigest';
import { UNDO_NOT_CANCELLABLE } from '../../../shared/remediation';
import { type FakeApi, fakeApi, MemoryStorage } from './fakeApi';
import { brokenXrdp, ev, fixedXrdp, plan } from './fixFixtures';

vi.setConfig({ testTimeout: 60_000 });
afterEach(() => cleanup());

const PHASES = ['xrdp-fix-key-permissions', 'xrdp-restart'];

function appliedJob(over: Partial<FixJob> = {}): FixJob {
  const job = newJob('apply', PHASES);
  return {
    ...job,
    jobId: 'job1',
    state: 'finished',
    phases: job.phases.map((p) => ({ ...p, status: 'verified', statusSeq: 5 })),
    verified: ev({
      type: 'verified',
      jobId: 'job1',
      seq: 6,
      before: brokenXrdp(),
      after: brokenXrdp(),
      inspection: null,
      fixed: false,
      message: 'Not verified: tls-unavailable is still found.',
    }) as FixJob['verified'],
    ...over,
  };
}

function renderAt(api: FakeApi, step: 'apply' | 'verify' | 'plan', applyJob: FixJob | null) {
  api.handlers['app.info'] ??= () => ({ name: 'rdp-doctor', version: '0.1.0', mode: 'web', platform: 'linux' });
  const store = createAppStore({
    api: () => api,
    storage: new MemoryStorage(),
    decodeDebounceMs: 0,
    download: () => undefined,
    writeClipboard: async () => undefined,
    watchdogGraceMs: 60_000,
  });
  store.setState({
    screen: 'fix',
    result: brokenXrdp(),
    runId: 'r1',
    runTarget: '127.0.0.1:3389',
    runState: 'finished',
    fixStep: step,
    accessVia: 'ssh',
    sshForm: { ...store.getState().sshForm, host: '127.0.0.1', port: '2222', user: 'root', auth: 'agent' },
    plan: plan(),
    selectedPhases: PHASES,
    fixConfirmed: true,
    applyJob,
  });
  const user = userEvent.setup();
  render(<App store={store} />);
  return { store, user };
}

describe('Fix screen: apply step', () => {
  it('fix.start carries the digest of exactly the approved phase plans', async () => {
    const api = fakeApi({ 'fix.start': () => ({ jobId: 'job1' }) });
    const { store } = renderAt(api, 'plan', null);
    await act(() => store.getState().startFix());
    const start = api.calls.find((c) => c.name === 'fix.start')?.req as {
      planDigest: string;
      approvedPlan: unknown[];
    };
    const approved = plan().phases.filter((p) => PHASES.includes(p.phase));
    expect(start.planDigest).toBe(await planDigest(approved));
    expect(start.approvedPlan).toEqual(approved);
  });

  it('"the host changed since you approved the plan": the differences, and nothing changed', async () => {
    const api = fakeApi({});
    const { store } = renderAt(api, 'apply', { ...newJob('apply', PHASES), jobId: 'job1', state: 'running' });
    // (the job was set up directly, so its events are handed to the store as its subscription would)
    act(() => {
      store.getState().handleFixEvent(
        ev({
          type: 'failed',
          jobId: 'job1',
          seq: 0,
          error: {
            code: 'host-changed',
            message: 'The host changed since you approved the plan: nothing was changed.',
            details: [
              'xrdp-fix-key-permissions: members of group ssl-cert was approved as (none) → xrdp, is now postgres → postgres,xrdp',
            ],
          },
        }),
      );
    });
    const error = await screen.findByTestId('apply-error');
    expect(error.getAttribute('data-code')).toBe('host-changed');
    expect(error.textContent).toMatch(/^.*The host changed since you approved the plan/);
    expect(within(error).getByTestId('apply-error-details').textContent).toContain('is now postgres → postgres,xrdp');
    expect(screen.getByTestId('host-changed-help').textContent).toMatch(/Nothing was changed/);
    expect(screen.getByRole('button', { name: 'Back to the plan' })).toBeTruthy();
  });

  it('while the verify waits for xrdp, the status says so', async () => {
    const api = fakeApi({});
    const { store } = renderAt(api, 'apply', { ...newJob('apply', PHASES), jobId: 'job1', state: 'running' });
    act(() => {
      store
        .getState()
        .handleFixEvent(ev({ type: 'verifying', jobId: 'job1', seq: 0, message: 'Waiting for xrdp to come back…' }));
    });
    expect((await screen.findByTestId('apply-status')).textContent).toBe('Waiting for xrdp to come back…');
  });
});

describe('Fix screen: verify and undo', () => {
  it('"Check again" verifies the same job again in place and updates the verdict', async () => {
    let answer: (v: unknown) => void = () => undefined;
    const api = fakeApi({
      'fix.verifyAgain': () =>
        new Promise((resolve) => {
          answer = resolve;
        }) as never,
    });
    const { user } = renderAt(api, 'verify', appliedJob());
    expect(screen.getByTestId('verify-headline').getAttribute('data-fixed')).toBe('false');
    await user.click(screen.getByRole('button', { name: 'Check again' }));
    expect((await screen.findByTestId('verify-waiting')).textContent).toMatch(/waiting for the RDP port/);
    expect(api.calls.find((c) => c.name === 'fix.verifyAgain')?.req).toMatchObject({
      jobId: 'job1',
      target: '127.0.0.1:3389',
      runId: 'r1',
    });
    await act(async () =>
      answer({
        before: brokenXrdp(),
        after: fixedXrdp(),
        inspection: null,
        fixed: true,
        message: 'Verified by a fresh probe: tls-unavailable no longer found.',
      }),
    );
    const headline = await screen.findByTestId('verify-headline');
    expect(headline.getAttribute('data-fixed')).toBe('true');
    expect(headline.textContent).toContain('Verified by a fresh probe');
    expect(screen.queryByTestId('verify-waiting')).toBeNull();
    expect(screen.getByTestId('fix-message').textContent).toMatch(/Checked again at/);
  });

  it('a running undo: Cancel is disabled and says why', async () => {
    const api = fakeApi({ 'fix.undo': () => ({ jobId: 'undo1' }) });
    const { user } = renderAt(api, 'verify', appliedJob());
    await user.click(screen.getByRole('button', { name: 'Undo the fix' }));
    const undo = screen.getByTestId('undo');
    const cancel = (await within(undo).findByRole('button', { name: 'Cancel' })) as HTMLButtonElement;
    expect(cancel.disabled).toBe(true);
    expect(within(undo).getByTestId('undo-no-cancel').textContent).toBe(UNDO_NOT_CANCELLABLE);
  });

  it('an undo that would overwrite later edits: names them, and "Undo anyway" asks again with force', async () => {
    const api = fakeApi({ 'fix.undo': () => ({ jobId: 'undo1' }) });
    const { user } = renderAt(api, 'verify', appliedJob());
    await user.click(screen.getByRole('button', { name: 'Undo the fix' }));
    expect(api.calls.filter((c) => c.name === 'fix.undo').map((c) => (c.req as { force: boolean }).force)).toEqual([
      false,
    ]);
    act(() => {
      api.emit(
        'fix.event',
        ev({
          type: 'failed',
          jobId: 'undo1',
          seq: 0,
          error: {
            code: 'undo-conflict',
            message: 'Nothing was put back: the host is not as the fix left it.',
            details: [
              '/etc/xrdp/xrdp.ini was changed after the fix (SHA-256 now 0123456789ab…, the fix wrote ba9876543210…)',
            ],
          },
        }),
      );
    });
    const undo = screen.getByTestId('undo');
    expect(within(undo).getByTestId('undo-status').textContent).toMatch(/not as the fix left it/);
    expect(within(undo).getByTestId('undo-error-details').textContent).toContain('/etc/xrdp/xrdp.ini was changed');
    expect(within(undo).queryByRole('button', { name: 'Try the undo again' })).toBeNull();
    api.handlers['fix.undo'] = () => ({ jobId: 'undo2' });
    await user.click(within(undo).getByTestId('undo-anyway'));
    expect(api.calls.filter((c) => c.name === 'fix.undo').map((c) => (c.req as { force: boolean }).force)).toEqual([
      false,
      true,
    ]);
    expect(api.calls.at(-1)?.req).toMatchObject({ jobId: 'job1' });
  });
});
