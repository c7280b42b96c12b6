// @vitest-environment jsdom
// The screens with Testing Library, driven by keyboard where a user would, against the FAKE contract.
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/app/App';
import { createAppStore } from '../../../renderer/app/store/createAppStore';
import { FIX_PHASES } from '../../../shared/findings';
import { STEP_IDS, STEP_LABELS } from '../../../shared/probe';
import { type FakeApi, fakeApi, MemoryStorage } from './fakeApi';
import { finding, result } from './fixtures';

const PASSWORD = 'Tr0ub4dor&3-never-shown';
const INFO = { name: 'rdp-doctor', version: '0.1.0', mode: 'web' as const, platform: 'linux' };

afterEach(() => cleanup());

function renderApp(api: FakeApi, storage = new MemoryStorage()) {
  api.handlers['app.info'] ??= () => INFO;
  const store = createAppStore({
    api: () => api,
    storage,
    decodeDebounceMs: 0,
    download: () => {},
    writeClipboard: async () => {},
    watchdogGraceMs: 60_000,
  });
  const user = userEvent.setup();
  const view = render(<App store={store} />);
  return { store, user, storage, ...view };
}

describe('start screen', () => {
  it('has labelled controls, decodes the code as you type, and starts with Enter', async () => {
    const api = fakeApi({
      'codes.decode': (req) => ({
        input: req.text,
        ok: true,
        codes: [
          {
            table: 'disconnectReason',
            value: 0x904,
            hex: '0x904',
            name: 'SERVER_DENIED',
            meaning: 'The server denied it.',
            known: true,
          },
        ],
        summary: 'The connection reached the server, and the server denied it.',
        relatedFindings: ['tls-handshake-failed'],
      }),
      'probe.start': () => ({ runId: 'r1' }),
    });
    const { user, store } = renderApp(api);
    expect(await screen.findByText('Connected · web mode · v0.1.0')).toBeTruthy();
    expect(screen.getByTestId('core-status').textContent).toBe('Connected · web mode · v0.1.0');
    // The host field has focus on load: the first thing to do is type a name.
    expect(document.activeElement).toBe(screen.getByLabelText('Remote computer'));
    await user.type(screen.getByLabelText(/Error code you saw/), '0x904 0x7');
    expect(await screen.findByText(/the server denied it\./)).toBeTruthy();
    expect(screen.getByText('SERVER_DENIED')).toBeTruthy();
    await user.type(screen.getByLabelText('Remote computer'), 'srv01{Enter}');
    expect(store.getState().screen).toBe('live');
    expect(api.calls.find((c) => c.name === 'probe.start')?.req).toMatchObject({ target: 'srv01' });
  });

  it('shows a friendly message for an empty host instead of starting', async () => {
    const api = fakeApi();
    const { user } = renderApp(api);
    await user.click(screen.getByRole('button', { name: 'Diagnose' }));
    expect(screen.getByRole('alert').textContent).toMatch(/Type the name or address/);
    expect(screen.getByLabelText('Remote computer').getAttribute('aria-invalid')).toBe('true');
  });

  it('offers recent hosts as buttons that fill the field', async () => {
    const storage = new MemoryStorage();
    storage.setItem('rdp-doctor.recentHosts.v1', JSON.stringify(['srv02:3390']));
    const { user } = renderApp(fakeApi(), storage);
    await user.click(screen.getByRole('button', { name: 'Use recent computer srv02:3390' }));
    expect((screen.getByLabelText('Remote computer') as HTMLInputElement).value).toBe('srv02:3390');
  });

  it('never shows the password again once the check has started', async () => {
    const api = fakeApi({ 'probe.start': () => ({ runId: 'r1' }), 'probe.cancel': () => ({ cancelled: true }) });
    const { user, store, storage, container } = renderApp(api);
    await user.type(screen.getByLabelText('Remote computer'), 'srv01');
    await user.click(screen.getByLabelText('Check my credentials'));
    await user.type(screen.getByLabelText('User name'), 'alice');
    await user.type(screen.getByLabelText('Password'), PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Diagnose' }));
    expect(container.innerHTML).not.toContain(PASSWORD);
    await act(async () => {
      api.emit('probe.event', {
        type: 'finished',
        runId: 'r1',
        result: result({
          nlaCheck: {
            outcome: 'accepted',
            user: 'alice',
            ntStatus: null,
            ntStatusName: null,
            reason: 'ok',
            credsspVersion: 6,
          },
          findings: [finding('credentials-accepted')],
        }),
      });
    });
    await user.click(screen.getByRole('button', { name: 'Technical details' }));
    await user.click(screen.getByRole('button', { name: 'Close' }));
    await user.click(screen.getByRole('button', { name: 'Check another computer' }));
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
    expect(document.documentElement.outerHTML).not.toContain(PASSWORD);
    expect(JSON.stringify(store.getState())).not.toContain(PASSWORD);
    expect(storage.dump()).not.toContain(PASSWORD);
  });
});

describe('live probe screen', () => {
  it('shows every step waiting, updates rows as events arrive, and cancels', async () => {
    const api = fakeApi({ 'probe.start': () => ({ runId: 'r1' }), 'probe.cancel': () => ({ cancelled: true }) });
    const { user, store } = renderApp(api);
    await user.type(screen.getByLabelText('Remote computer'), 'srv01{Enter}');
    const rows = document.querySelectorAll('[data-step]');
    expect([...rows].map((r) => r.getAttribute('data-step'))).toEqual([...STEP_IDS]);
    expect([...rows].every((r) => r.getAttribute('data-status') === 'waiting')).toBe(true);
    expect(screen.getByText(STEP_LABELS.negotiation)).toBeTruthy();
    await act(async () => {
      api.emit('probe.event', {
        type: 'step',
        runId: 'r1',
        step: 'target',
        status: 'passed',
        durationMs: 3,
        summary: '10.0.0.5',
      });
      api.emit('probe.event', {
        type: 'step',
        runId: 'r1',
        step: 'tcp',
        status: 'running',
        durationMs: null,
        summary: '',
      });
    });
    const target = document.querySelector('[data-step="target"]') as HTMLElement;
    expect(target.getAttribute('data-status')).toBe('passed');
    expect(within(target).getByText('10.0.0.5')).toBeTruthy();
    expect(within(target).getByText('3 ms')).toBeTruthy();
    expect(document.querySelector('[data-step="tcp"]')?.getAttribute('data-status')).toBe('running');
    expect(screen.getByText('1 of 9 steps done')).toBeTruthy();
    // Focus is on the heading; the Cancel button is the next stop.
    await user.tab();
    expect(document.activeElement?.textContent).toBe('Cancel');
    await user.keyboard('{Enter}');
    expect(store.getState().screen).toBe('start');
    expect(screen.getByText('The check of srv01 was cancelled.')).toBeTruthy();
  });

  it('shows why the probe failed and offers to try again', async () => {
    const api = fakeApi({ 'probe.start': () => ({ runId: 'r1' }) });
    const { user } = renderApp(api);
    await user.type(screen.getByLabelText('Remote computer'), 'srv01{Enter}');
    await act(async () => {
      api.emit('probe.event', {
        type: 'failed',
        runId: 'r1',
        error: { code: 'internal', message: 'The probe stopped unexpectedly.' },
      });
    });
    expect(screen.getByTestId('run-error').textContent).toMatch(/The probe stopped unexpectedly/);
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});

async function showFindings(findings: ReturnType<typeof finding>[], codes = '') {
  const api = fakeApi({
    'probe.start': () => ({ runId: 'r1' }),
    'codes.decode': (req) => ({
      input: req.text,
      ok: true,
      codes: [
        { table: 'disconnectReason', value: 0x904, hex: '0x904', name: 'A', meaning: 'a', known: true },
        { table: 'extendedDisconnectReason', value: 7, hex: '0x7', name: 'B', meaning: 'b', known: true },
      ],
      summary: 'decoded',
      relatedFindings: [],
    }),
  });
  const ctx = renderApp(api);
  if (codes) {
    await ctx.user.type(screen.getByLabelText(/Error code you saw/), codes);
    await screen.findByText('decoded');
  }
  await ctx.user.type(screen.getByLabelText('Remote computer'), 'srv01{Enter}');
  await act(async () => {
    api.emit('probe.event', { type: 'finished', runId: 'r1', result: result({ input: 'srv01', findings }) });
  });
  return { ...ctx, api };
}

describe('findings screen', () => {
  it('puts the root cause first with severity, evidence, the matching code and the fix phases', async () => {
    await showFindings(
      [finding('tls-handshake-failed', ['TLSv1.2: reset after ClientHello']), finding('tls-cert-self-signed')],
      '0x904 0x7',
    );
    const cards = [...document.querySelectorAll('[data-finding]')] as HTMLElement[];
    expect(cards.map((c) => c.getAttribute('data-finding'))).toEqual(['tls-handshake-failed', 'tls-cert-self-signed']);
    const root = cards[0] as HTMLElement;
    expect(within(root).getByText('Most likely cause')).toBeTruthy();
    expect(within(root).getByText('Problem')).toBeTruthy();
    expect(within(root).getByText('TLSv1.2: reset after ClientHello')).toBeTruthy();
    expect(within(root).getByText('Explains the code you saw')).toBeTruthy();
    expect(root.querySelector('[data-matched="true"]')?.textContent).toContain('0x904/0x7');
    const winPhase = FIX_PHASES['win-grant-machinekeys-read'];
    expect(within(root).getByText(winPhase?.title ?? '?')).toBeTruthy();
    // the host looks like Windows (NTLM reports a Windows build): only Windows fixes
    expect(screen.getByTestId('host-kind').getAttribute('data-guess')).toBe('windows');
    expect(root.querySelector('[data-phase="xrdp-fix-key-permissions"]')).toBeNull();
    expect(within(cards[1] as HTMLElement).queryByText('Most likely cause')).toBeNull();
    expect(screen.getByTestId('verdict').textContent).toMatch(/Found the cause of 0x904 0x7/);
  });

  it('a fallback to Standard RDP Security on xrdp: amber verdict, causes, and "Inspect the host" opens the fix wizard', async () => {
    const { store, user } = await showFindings([finding('tls-unavailable'), finding('nla-unsupported')]);
    await user.selectOptions(screen.getByLabelText('Host kind'), 'xrdp');
    const verdict = screen.getByTestId('verdict');
    expect(verdict.getAttribute('data-verdict')).toBe('unverified');
    expect(screen.getByTestId('verdict-causes').textContent).toMatch(/^xrdp cannot read its private key/);
    // one door (issue 18): the card's "Inspect the host to confirm and fix…" opens the fix wizard on that
    // finding, with the kind the technician chose; no second button in the verdict
    expect(screen.queryByTestId('inspect-host')).toBeNull();
    expect(screen.queryByTestId('fix-all')).toBeNull();
    const door = screen.getByTestId('fix-this-tls-unavailable');
    expect(door.textContent).toBe('Inspect the host to confirm and fix…');
    await user.click(door);
    expect(store.getState().screen).toBe('fix');
    expect(store.getState().fixFocus).toEqual(['tls-unavailable']);
    expect(store.getState().fixHostKind).toBe('xrdp');
  });

  it('shows the host kind with its reasons, lets the technician change it, and shows only that kind’s fixes', async () => {
    const { user } = await showFindings([finding('tls-handshake-failed'), finding('nla-unsupported')]);
    const panel = screen.getByTestId('host-kind');
    expect(panel.textContent).toMatch(/Why Windows: NTLM reports Windows version/);
    const card = () => document.querySelector('[data-finding="tls-handshake-failed"]') as HTMLElement;
    // the exact commands, filled in with the thumbprint the probe saw, with a copy button
    const cmds = card().querySelector('[data-commands="win-grant-machinekeys-read"]') as HTMLElement;
    expect(cmds.textContent).toContain("$thumb = 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678'");
    expect(within(cmds).getByRole('button', { name: 'Copy' })).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('Host kind'), 'xrdp');
    expect(screen.getByTestId('host-kind').getAttribute('data-host-kind')).toBe('xrdp');
    expect(card().querySelector('[data-phase="xrdp-fix-key-permissions"]')).toBeTruthy();
    expect(card().querySelector('[data-phase="win-grant-machinekeys-read"]')).toBeNull();
    // no Windows-only "offer NLA" on an xrdp host that cannot do NLA
    const nla = document.querySelector('[data-finding="nla-unsupported"]') as HTMLElement;
    expect(nla.querySelector('[data-phase="win-set-nla"]')).toBeNull();
    expect(screen.getByTestId('host-kind').textContent).toMatch(/You chose xrdp \(Linux\); the probe guessed Windows/);
    await user.selectOptions(screen.getByLabelText('Host kind'), 'unknown');
    expect(card().querySelector('[data-phase="xrdp-fix-key-permissions"]')).toBeTruthy();
    expect(card().querySelector('[data-phase="win-grant-machinekeys-read"]')).toBeTruthy();
  });

  it('says plainly that a healthy host is healthy', async () => {
    await showFindings([]);
    expect(screen.getByTestId('verdict').textContent).toContain('srv01 is healthy');
    expect(document.querySelectorAll('[data-finding]')).toHaveLength(0);
  });

  it('opens the details drawer with the raw facts; Esc closes it and gives focus back', async () => {
    const { user } = await showFindings([finding('tls-cert-self-signed')]);
    const button = screen.getByRole('button', { name: 'Technical details' });
    await user.click(button);
    const drawer = screen.getByRole('dialog', { name: 'Technical details' });
    expect(within(drawer).getByText('A1B2C3D4E5F60718293A4B5C6D7E8F9012345678')).toBeTruthy();
    expect(within(drawer).getByText('SRV01')).toBeTruthy();
    expect(within(drawer).getByRole('rowheader', { name: 'TLSv1.2' })).toBeTruthy();
    expect(within(drawer).getByRole('rowheader', { name: 'hybrid' })).toBeTruthy();
    expect(document.activeElement?.textContent).toBe('Close');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('has an export with a format choice and a copy button', async () => {
    await showFindings([finding('tcp-refused')]);
    const select = screen.getByLabelText('Format') as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(['html', 'pdf', 'md', 'json']);
    expect(screen.getByRole('button', { name: 'Export report…' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy summary' })).toBeTruthy();
    expect(screen.getByLabelText(/Hide user and computer names/)).toBeTruthy();
  });

  it('shows a report error as a friendly message', async () => {
    const { user, api } = await showFindings([finding('tcp-refused')]);
    api.handlers['report.render'] = () => {
      throw new Error('disk full');
    };
    await user.click(screen.getByRole('button', { name: 'Export report…' }));
    expect((await screen.findByTestId('report-message')).textContent).toBe('✕The report could not be made: disk full');
  });
});

describe('error boundary', () => {
  it('catches a broken screen and offers a way back', async () => {
    const api = fakeApi({ 'probe.start': () => ({ runId: 'r1' }) });
    const { user, store } = renderApp(api);
    const quiet = console.error;
    console.error = () => {};
    try {
      await act(async () => {
        // A result that breaks the findings screen (a bug the boundary must catch, not a blank window).
        store.setState({ screen: 'findings', result: { findings: null } as never });
      });
      expect(screen.getByTestId('error-boundary').textContent).toMatch(/Something went wrong/);
      await user.click(screen.getByRole('button', { name: 'Start over' }));
      expect(screen.getByLabelText('Remote computer')).toBeTruthy();
    } finally {
      console.error = quiet;
    }
  });
});

describe('details drawer keyboard', () => {
  it('keeps Tab inside the panel', async () => {
    const { user } = await showFindings([finding('tls-cert-self-signed')]);
    await user.click(screen.getByRole('button', { name: 'Technical details' }));
    const drawer = screen.getByRole('dialog');
    expect(document.activeElement?.textContent).toBe('Close');
    await user.tab({ shift: true });
    expect(drawer.contains(document.activeElement)).toBe(true);
    expect(document.activeElement?.tagName).toBe('SUMMARY');
    await user.tab();
    expect(document.activeElement?.textContent).toBe('Close');
  });
});

describe('check again', () => {
  it('runs the same host again from the findings screen', async () => {
    const { user, api, store } = await showFindings([finding('tcp-refused')]);
    api.handlers['probe.start'] = () => ({ runId: 'r2' });
    await user.click(screen.getByRole('button', { name: 'Check again' }));
    expect(store.getState().screen).toBe('live');
    expect(api.calls.filter((c) => c.name === 'probe.start').map((c) => (c.req as { target: string }).target)).toEqual([
      'srv01',
      'srv01',
    ]);
    expect(document.querySelector('[data-step="tcp"]')?.getAttribute('data-status')).toBe('waiting');
  });
});
