// The store against a FAKE contract (fakeApi.ts): the probe flow, cancel, decode, recent hosts, the
// password's lifetime, and the report buttons in both modes.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RECENT_HOSTS_KEY } from '../../../renderer/app/logic/recentHosts';
import { createAppStore } from '../../../renderer/app/store/createAppStore';
import type { StoreDeps } from '../../../renderer/app/store/types';
import { ApiCallError } from '../../../shared/contract';
import { type FakeApi, fakeApi, MemoryStorage } from './fakeApi';
import { finding, result } from './fixtures';

const PASSWORD = 'S3cret-Pa55-word!';

function setup(api: FakeApi, deps: Partial<StoreDeps> = {}) {
  const storage = new MemoryStorage();
  const downloads: { filename: string; mime: string; content: string }[] = [];
  const clipboard: string[] = [];
  const printed: string[] = [];
  const store = createAppStore({
    api: () => api,
    storage,
    decodeDebounceMs: 0,
    download: (filename, mime, content) => downloads.push({ filename, mime, content }),
    printHtml: (html) => printed.push(html),
    writeClipboard: async (t) => {
      clipboard.push(t);
    },
    watchdogGraceMs: 60_000,
    ...deps,
  });
  return { store, storage, downloads, clipboard, printed };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('probe flow', () => {
  it('holds events that arrive before the run id, then follows the run to the findings screen', async () => {
    const api = fakeApi();
    const r = result({ findings: [finding('tcp-refused')] });
    api.handlers['probe.start'] = () => {
      // The core starts the probe before it answers: the first events overtake the reply.
      api.emit('probe.event', {
        type: 'step',
        runId: 'run-1',
        step: 'target',
        status: 'passed',
        durationMs: 1,
        summary: 'ok',
      });
      api.emit('probe.event', {
        type: 'step',
        runId: 'other',
        step: 'tcp',
        status: 'failed',
        durationMs: 1,
        summary: 'x',
      });
      return { runId: 'run-1' };
    };
    const { store } = setup(api);
    store.getState().setHost(' srv01 ');
    await store.getState().startProbe();
    let s = store.getState();
    expect(s.screen).toBe('live');
    expect(s.runState).toBe('running');
    expect(s.steps.target.status).toBe('passed');
    expect(s.steps.tcp.status).toBe('waiting');
    expect(api.calls[0]).toEqual({
      name: 'probe.start',
      req: { target: 'srv01', timeoutMs: 15_000, credentials: undefined },
    });

    api.emit('probe.event', {
      type: 'step',
      runId: 'run-1',
      step: 'tcp',
      status: 'running',
      durationMs: null,
      summary: '',
    });
    expect(store.getState().steps.tcp.status).toBe('running');
    api.emit('probe.event', { type: 'finished', runId: 'run-1', result: r });
    s = store.getState();
    expect(s.screen).toBe('findings');
    expect(s.runState).toBe('finished');
    expect(s.result).toEqual(r);
    expect(s.steps.tcp.status).toBe('passed');
    // Late events of a finished run change nothing.
    api.emit('probe.event', {
      type: 'step',
      runId: 'run-1',
      step: 'tcp',
      status: 'failed',
      durationMs: 1,
      summary: 'late',
    });
    expect(store.getState().steps.tcp.status).toBe('passed');
    expect(api.listenerCount('probe.event')).toBe(1);
  });

  it('refuses bad input with a sentence and sends nothing', async () => {
    const api = fakeApi();
    const { store } = setup(api);
    store.getState().setHost('my server');
    await store.getState().startProbe();
    expect(store.getState().screen).toBe('start');
    expect(store.getState().startMessage?.kind).toBe('error');
    expect(api.calls).toEqual([]);
  });

  it('shows a friendly message when the core refuses to start', async () => {
    const api = fakeApi({
      'probe.start': () => {
        throw new ApiCallError('invalid-request', 'Invalid probe.start request (target): Too big.');
      },
    });
    const { store } = setup(api);
    store.getState().setHost('srv01');
    await store.getState().startProbe();
    expect(store.getState().screen).toBe('start');
    expect(store.getState().startMessage?.text).toBe(
      'The check could not start: Invalid probe.start request (target): Too big.',
    );
  });

  it('stays on the live screen with the reason when the probe fails', async () => {
    const api = fakeApi({ 'probe.start': () => ({ runId: 'r' }) });
    const { store } = setup(api);
    store.getState().setHost('srv01');
    await store.getState().startProbe();
    api.emit('probe.event', { type: 'failed', runId: 'r', error: { code: 'internal', message: 'boom.' } });
    expect(store.getState().screen).toBe('live');
    expect(store.getState().runError).toBe('The check failed: boom.');
    expect(store.getState().steps.tcp).toEqual({
      status: 'skipped',
      durationMs: null,
      summary: 'not finished: the check stopped',
      errorMessage: null,
    });
  });

  it('cancels a running probe and returns to the start screen keeping the host', async () => {
    const api = fakeApi({ 'probe.start': () => ({ runId: 'r' }), 'probe.cancel': () => ({ cancelled: true }) });
    const { store } = setup(api);
    store.getState().setHost('srv01');
    await store.getState().startProbe();
    await store.getState().cancelProbe();
    const s = store.getState();
    expect(s.screen).toBe('start');
    expect(s.host).toBe('srv01');
    expect(s.startMessage).toEqual({ kind: 'info', text: 'The check of srv01 was cancelled.' });
    expect(api.calls.map((c) => c.name)).toEqual(['probe.start', 'probe.cancel']);
    api.emit('probe.event', { type: 'finished', runId: 'r', result: result({ aborted: true }) });
    expect(store.getState().screen).toBe('start');
  });

  it('cancels a probe whose start had not answered yet', async () => {
    let answer: (v: { runId: string }) => void = () => {};
    const api = fakeApi({
      'probe.start': () => new Promise((resolve) => (answer = resolve)),
      'probe.cancel': () => ({ cancelled: true }),
    });
    const { store } = setup(api);
    store.getState().setHost('srv01');
    const started = store.getState().startProbe();
    await store.getState().cancelProbe();
    answer({ runId: 'late' });
    await started;
    expect(api.calls.at(-1)).toEqual({ name: 'probe.cancel', req: { runId: 'late' } });
    expect(store.getState().screen).toBe('start');
  });

  it('asks for the result when the finished event never comes, then gives up with a message', async () => {
    vi.useFakeTimers();
    const api = fakeApi({ 'probe.start': () => ({ runId: 'r' }), 'probe.result': () => ({ result: null }) });
    const { store } = setup(api, { watchdogGraceMs: 1000 });
    store.getState().setHost('srv01');
    await store.getState().startProbe();
    await vi.advanceTimersByTimeAsync(15_000 + 1000);
    expect(api.calls.map((c) => c.name)).toContain('probe.result');
    expect(store.getState().runState).toBe('failed');
    expect(store.getState().runError).toMatch(/stopped answering/);
  });
});

describe('connection to the core', () => {
  it('fails a running check at once when the web-mode connection drops', async () => {
    const api = fakeApi({ 'probe.start': () => ({ runId: 'r' }) });
    let drop: (s: 'connecting' | 'open' | 'closed') => void = () => {};
    const { store } = setup(api, {
      onConnectionState: (l) => {
        drop = l;
        return () => {};
      },
    });
    store.getState().setHost('srv01');
    await store.getState().startProbe();
    drop('open');
    expect(store.getState().runState).toBe('running');
    drop('closed');
    expect(store.getState().connectionLost).toBe(true);
    expect(store.getState().runState).toBe('failed');
    expect(store.getState().runError).toBe('The connection to RDP Doctor was lost. Restart it and try again.');
  });
});

describe('credentials', () => {
  it('sends the password once, then forgets it; only hosts are persisted', async () => {
    const api = fakeApi({ 'probe.start': () => ({ runId: 'r' }) });
    const { store, storage } = setup(api);
    const s0 = store.getState();
    s0.setHost('srv01');
    s0.setCheckCredentials(true);
    s0.setUser('CORP\\alice');
    s0.setPassword(PASSWORD);
    await store.getState().startProbe();
    expect(api.calls[0]?.req).toEqual({
      target: 'srv01',
      timeoutMs: 25_000,
      credentials: { user: 'CORP\\alice', password: PASSWORD },
    });
    const s = store.getState();
    expect(s.password).toBe('');
    expect(JSON.stringify(s)).not.toContain(PASSWORD);
    expect(storage.dump()).not.toContain(PASSWORD);
    expect(storage.dump()).not.toContain('alice');
    api.emit('probe.event', { type: 'finished', runId: 'r', result: result() });
    expect(storage.dump()).not.toContain(PASSWORD);
    expect(storage.dump()).not.toContain('alice');
    expect(JSON.parse(storage.getItem(RECENT_HOSTS_KEY) ?? '[]')).toEqual(['srv01']);
  });

  it('asks for a user name and a password before starting', async () => {
    const api = fakeApi({ 'probe.start': () => ({ runId: 'r' }) });
    const { store } = setup(api);
    store.getState().setHost('srv01');
    store.getState().setCheckCredentials(true);
    await store.getState().startProbe();
    expect(store.getState().startMessage?.text).toMatch(/user name/);
    store.getState().setUser('bob');
    await store.getState().startProbe();
    expect(store.getState().startMessage?.text).toMatch(/password/);
    expect(api.calls).toEqual([]);
  });

  it('drops the password when the credential check is switched off', () => {
    const { store } = setup(fakeApi());
    store.getState().setCheckCredentials(true);
    store.getState().setPassword(PASSWORD);
    store.getState().setCheckCredentials(false);
    expect(store.getState().password).toBe('');
  });
});

describe('recent hosts', () => {
  it('loads what was remembered and forgets on request', async () => {
    const api = fakeApi({ 'probe.start': () => ({ runId: 'r' }) });
    const { store, storage } = setup(api);
    store.getState().setHost('a');
    await store.getState().startProbe();
    // remembered only once the probe got past the name (issue 18)
    expect(store.getState().recentHosts).toEqual([]);
    api.emit('probe.event', { type: 'finished', runId: 'r', result: result() });
    expect(store.getState().recentHosts).toEqual(['a']);
    const again = createAppStore({ api: () => api, storage });
    expect(again.getState().recentHosts).toEqual(['a']);
    again.getState().forgetRecentHosts();
    expect(storage.getItem(RECENT_HOSTS_KEY)).toBeNull();
  });

  it('a name that does not resolve is not remembered', async () => {
    const api = fakeApi({ 'probe.start': () => ({ runId: 'r' }) });
    const { store } = setup(api);
    store.getState().setHost('127.77.0.120x7');
    await store.getState().startProbe();
    const r = result({ findings: [finding('dns-unresolved')] });
    r.steps.target = { status: 'failed', durationMs: 2, summary: 'no such name' };
    api.emit('probe.event', { type: 'finished', runId: 'r', result: r });
    expect(store.getState().screen).toBe('findings');
    expect(store.getState().recentHosts).toEqual([]);
  });

  it('invalid input ("300.1.1.1") is refused up front: no run starts, nothing is remembered', async () => {
    let started = 0;
    const api = fakeApi({
      'probe.start': () => {
        started++;
        return { runId: 'r' };
      },
    });
    const { store, storage } = setup(api);
    store.getState().setHost('300.1.1.1');
    await store.getState().startProbe();
    expect(started).toBe(0);
    expect(store.getState().screen).toBe('start');
    expect(store.getState().startMessage).toEqual({ kind: 'error', text: '"300.1.1.1" is not a valid IPv4 address.' });
    expect(store.getState().recentHosts).toEqual([]);
    expect(storage.getItem(RECENT_HOSTS_KEY)).toBeNull();
  });
});

describe('decode as you type', () => {
  it('keeps only the answer for the latest text', async () => {
    const answers = new Map<string, () => void>();
    const api = fakeApi({
      'codes.decode': (req) =>
        new Promise((resolve) =>
          answers.set(req.text, () =>
            resolve({ input: req.text, ok: true, codes: [], summary: `decoded ${req.text}`, relatedFindings: [] }),
          ),
        ),
    });
    const { store } = setup(api);
    store.getState().setCodesText('0x9');
    await new Promise((r) => setTimeout(r, 5));
    store.getState().setCodesText('0x904');
    await new Promise((r) => setTimeout(r, 5));
    answers.get('0x904')?.();
    answers.get('0x9')?.();
    await new Promise((r) => setTimeout(r, 5));
    expect(store.getState().decode?.summary).toBe('decoded 0x904');
    expect(store.getState().decodePending).toBe(false);
    store.getState().setCodesText('  ');
    expect(store.getState().decode).toBeNull();
  });

  it('waits for a pause in typing before asking', async () => {
    vi.useFakeTimers();
    const api = fakeApi({
      'codes.decode': (req) => ({ input: req.text, ok: true, codes: [], summary: '', relatedFindings: [] }),
    });
    const { store } = setup(api, { decodeDebounceMs: 300 });
    for (const t of ['0', '0x', '0x9', '0x90', '0x904']) {
      store.getState().setCodesText(t);
      await vi.advanceTimersByTimeAsync(50);
    }
    await vi.advanceTimersByTimeAsync(300);
    expect(api.calls).toEqual([{ name: 'codes.decode', req: { text: '0x904' } }]);
  });
});

async function finishedStore(api: FakeApi) {
  api.handlers['probe.start'] = () => ({ runId: 'run-9' });
  const ctx = setup(api);
  ctx.store.getState().setHost('srv01');
  ctx.store.getState().setCodesText('');
  await ctx.store.getState().startProbe();
  api.emit('probe.event', { type: 'finished', runId: 'run-9', result: result({ findings: [finding('tcp-refused')] }) });
  return ctx;
}

describe('report buttons', () => {
  // issue 18: "PDF" in web mode opens the print dialog on the report; it never downloads HTML labelled PDF
  it('web mode renders and downloads; PDF opens the print dialog on the report', async () => {
    const api = fakeApi({
      'app.info': () => ({ name: 'rdp-doctor', version: '0.1.0', mode: 'web', platform: 'linux' }),
      'report.render': (req) => ({ filename: `r.${req.format}`, mime: 'text/plain', content: `report ${req.format}` }),
    });
    const { store, downloads, printed } = await finishedStore(api);
    await store.getState().loadAppInfo();
    store.getState().setExportFormat('md');
    store.getState().setRedact(true);
    await store.getState().exportReport();
    expect(api.calls.at(-1)).toEqual({
      name: 'report.render',
      req: { runId: 'run-9', format: 'md', redact: true, codes: undefined },
    });
    expect(downloads).toEqual([{ filename: 'r.md', mime: 'text/plain', content: 'report md' }]);
    expect(store.getState().reportMessage).toEqual({ kind: 'info', text: 'Downloaded r.md.' });
    store.getState().setExportFormat('pdf');
    await store.getState().exportReport();
    expect(downloads).toHaveLength(1);
    expect(printed).toEqual(['report html']);
    expect(store.getState().reportMessage?.text).toMatch(/print dialog opened: choose "Save as PDF"/);
  });

  it('Electron mode saves through report.save with the codes typed', async () => {
    const api = fakeApi({
      'app.info': () => ({ name: 'rdp-doctor', version: '0.1.0', mode: 'electron', platform: 'win32' }),
      'report.save': () => ({ saved: true, path: 'C:\\tickets\\r.pdf' }),
    });
    const { store, downloads } = await finishedStore(api);
    await store.getState().loadAppInfo();
    store.getState().setCodesText('0x904 0x7');
    store.getState().setExportFormat('pdf');
    await store.getState().exportReport();
    expect(api.calls.at(-1)).toEqual({
      name: 'report.save',
      req: { runId: 'run-9', format: 'pdf', redact: false, codes: '0x904 0x7' },
    });
    expect(downloads).toEqual([]);
    expect(store.getState().reportMessage?.text).toBe('Report saved to C:\\tickets\\r.pdf.');
    api.handlers['report.save'] = () => ({ saved: false, path: null });
    await store.getState().exportReport();
    expect(store.getState().reportMessage).toBeNull();
  });

  it('turns a failed report into a friendly message', async () => {
    const api = fakeApi({
      'app.info': () => ({ name: 'rdp-doctor', version: '0.1.0', mode: 'web', platform: 'linux' }),
      'report.render': () => {
        throw new ApiCallError('unsupported', 'Reports are not built yet.');
      },
    });
    const { store } = await finishedStore(api);
    await store.getState().loadAppInfo();
    await store.getState().exportReport();
    expect(store.getState().reportMessage).toEqual({
      kind: 'error',
      text: 'The report could not be made: Reports are not built yet.',
    });
    expect(store.getState().exportBusy).toBe(false);
  });

  it('copies the plain-text summary', async () => {
    const api = fakeApi();
    const { store, clipboard } = await finishedStore(api);
    await store.getState().copySummary();
    expect(clipboard).toHaveLength(1);
    expect(clipboard[0]).toContain('Nothing is listening on the Remote Desktop port');
    expect(store.getState().reportMessage?.text).toBe('Summary copied to the clipboard.');
  });
});
