// @vitest-environment jsdom
// The Fix screen with Testing Library, driven by keyboard and clicks, against the FAKE contract (fakeApi.ts).
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../renderer/app/App';
import { createAppStore } from '../../../renderer/app/store/createAppStore';
import { ApiCallError } from '../../../shared/contract';
import type { AuditEntry } from '../../../shared/remediation';
import { type FakeApi, fakeApi, MemoryStorage } from './fakeApi';
import {
  brokenXrdp,
  ev,
  FINGERPRINT,
  fixedXrdp,
  inspection,
  KEY_LOG_LINE,
  OTHER_FINGERPRINT,
  plan,
} from './fixFixtures';

const SSH_PASSWORD = 'ssh-Pa55-never-kept';
const SUDO_PASSWORD = 'sudo-Pa55-never-kept';
const PASSPHRASE = 'key-phrase-never-kept';

// Typing into many fields on a 2-core machine shared with other jobs can take seconds: no test here is about time.
vi.setConfig({ testTimeout: 60_000 });

afterEach(() => cleanup());

function renderFix(api: FakeApi, opts: { platform?: string; codes?: string } = {}) {
  api.handlers['app.info'] ??= () => ({
    name: 'rdp-doctor',
    version: '0.1.0',
    mode: 'web',
    platform: opts.platform ?? 'linux',
  });
  api.handlers['codes.decode'] ??= (req) => ({
    input: req.text,
    ok: true,
    codes: [
      { table: 'disconnectReason', value: 0x904, hex: '0x904', name: 'A', meaning: '', known: true },
      { table: 'extendedDisconnectReason', value: 0x7, hex: '0x7', name: 'B', meaning: '', known: true },
    ],
    summary: 'decoded',
    relatedFindings: [],
  });
  const storage = new MemoryStorage();
  const downloads: { filename: string; content: string }[] = [];
  const clipboard: string[] = [];
  const store = createAppStore({
    api: () => api,
    storage,
    decodeDebounceMs: 0,
    download: (filename, _mime, content) => downloads.push({ filename, content }),
    writeClipboard: async (t) => {
      clipboard.push(t);
    },
    watchdogGraceMs: 60_000,
  });
  store.setState({
    screen: 'findings',
    result: brokenXrdp(),
    runId: 'r1',
    runTarget: '127.0.0.1:3389',
    runState: 'finished',
  });
  if (opts.codes) store.getState().setCodesText(opts.codes);
  const user = userEvent.setup();
  render(<App store={store} />);
  return { store, user, storage, downloads, clipboard };
}

/** Every request the UI sent, as JSON: secrets must not appear where they do not belong. */
const sent = (api: FakeApi, name?: string) =>
  JSON.stringify(api.calls.filter((c) => !name || c.name === name).map((c) => c.req));

function happyApi(): FakeApi {
  return fakeApi({
    'fix.hostKey': (req) => ({
      key: {
        host: req.access.via === 'ssh' ? req.access.host : '',
        port: 2222,
        fingerprint: FINGERPRINT,
        keyType: 'ssh-ed25519',
      },
      trusted: false,
      pinnedMismatch: false,
    }),
    'fix.inspect': () => ({ inspection: inspection() }),
    'fix.plan': () => ({ plan: plan(), inspection: null }),
    'fix.start': () => ({ jobId: 'job1' }),
    'fix.cancel': () => ({ cancelled: true }),
    'fix.undo': () => ({ jobId: 'undo1' }),
    'fix.script': (req) => ({
      filename: 'rdp-doctor-fix-127.0.0.1.sh',
      content: `#!/bin/sh\nset -eu\n# phases: ${req.phases.join(' ')}\n`,
      sha256: 'ab'.repeat(32),
    }),
  });
}

async function openFixFromCard(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByTestId('fix-this-tls-unavailable'));
  await screen.findByRole('heading', { name: 'Fix 127.0.0.1:3389' });
}

/** Fix this → the SSH form filled in → "Connect and inspect". */
async function connectOverSsh(user: ReturnType<typeof userEvent.setup>, auth: 'password' | 'key-file') {
  await openFixFromCard(user);
  await fillSsh(user, auth);
  await user.click(screen.getByRole('button', { name: 'Connect and inspect' }));
}

async function fillSsh(user: ReturnType<typeof userEvent.setup>, auth: 'password' | 'key-file' = 'password') {
  const host = screen.getByLabelText('SSH host');
  await user.clear(host);
  await user.type(host, '127.0.0.1');
  const port = screen.getByLabelText('Port');
  await user.clear(port);
  await user.type(port, '2222');
  await user.type(screen.getByLabelText('User'), 'admin');
  if (auth === 'password') {
    await user.click(screen.getByRole('radio', { name: 'Password' }));
    await user.type(screen.getByLabelText('SSH password'), SSH_PASSWORD);
  } else {
    await user.type(screen.getByLabelText('Private key file'), '/home/tech/.ssh/id_ed25519');
    // a key file is not read here: its passphrase field shows once the core says the key is encrypted
    expect(screen.queryByLabelText(/Key passphrase/)).toBeNull();
  }
  await user.type(screen.getByLabelText(/Sudo password/), SUDO_PASSWORD);
}

describe('Fix screen: reaching the host', () => {
  it('"Fix this" opens the wizard with the guessed kind, its reasons and only that kind’s phases', async () => {
    const api = happyApi();
    const { user, store } = renderFix(api);
    // one door per finding (issue 18): the card's button, no "Fix this problem…" beside it
    expect(screen.queryByTestId('fix-all')).toBeNull();
    await openFixFromCard(user);
    const why = screen.getByTestId('kind-why');
    expect(why.textContent).toMatch(/thinks it is an xrdp \(Linux\) host/);
    expect(why.textContent).toMatch(/Standard RDP Security and a proprietary server certificate/);
    expect((screen.getByRole('radio', { name: 'xrdp (Linux)' }) as HTMLInputElement).checked).toBe(true);
    const targets = screen.getByTestId('fix-targets');
    const phaseIds = () => [...targets.querySelectorAll('[data-phase]')].map((e) => e.getAttribute('data-phase'));
    expect(phaseIds()).toEqual(['xrdp-fix-key-permissions', 'xrdp-set-security-layer', 'xrdp-restart']);
    // Correcting the kind shows the Windows phases and the Windows ways in, disabled on Linux with the reason.
    await user.click(screen.getByRole('radio', { name: 'Windows' }));
    expect(store.getState().fixHostKind).toBe('windows');
    expect(phaseIds()).toEqual(['win-set-security-layer', 'win-grant-machinekeys-read', 'win-restart-termservice']);
    expect(why.textContent).toMatch(/you changed it/);
    const local = screen.getByRole('radio', { name: /This computer/ }) as HTMLInputElement;
    expect(local.disabled).toBe(true);
    expect(local.getAttribute('aria-describedby')).toBeTruthy();
    expect(
      screen.getByText(/Not available here: it runs PowerShell on Windows, and RDP Doctor runs on linux/, {
        selector: '#via-local-help',
      }),
    ).toBeTruthy();
    expect((screen.getByRole('radio', { name: /WinRM/ }) as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByRole('radio', { name: /Give me a script/ }) as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByRole('radio', { name: /^SSH/ })).toBeNull();
  });

  it('offers the Windows ways on a Windows computer', async () => {
    const api = happyApi();
    const { user } = renderFix(api, { platform: 'win32' });
    await screen.findByText(/Connected/);
    await openFixFromCard(user);
    await user.click(screen.getByRole('radio', { name: 'Windows' }));
    expect((screen.getByRole('radio', { name: /This computer/ }) as HTMLInputElement).disabled).toBe(false);
    expect((screen.getByRole('radio', { name: /WinRM/ }) as HTMLInputElement).disabled).toBe(false);
  });

  it('on Windows, "This computer" inspects directly: no SSH host key, no secret', async () => {
    const api = happyApi();
    api.handlers['fix.inspect'] = () => ({
      inspection: { ...inspection(), hostKind: 'windows', reachedAs: 'this computer' },
    });
    const { user } = renderFix(api, { platform: 'win32' });
    await screen.findByText(/Connected/);
    await openFixFromCard(user);
    await user.click(screen.getByRole('radio', { name: 'Windows' }));
    await user.click(screen.getByRole('radio', { name: /This computer/ }));
    await user.click(screen.getByRole('button', { name: 'Connect and inspect' }));
    await screen.findByRole('heading', { name: '2. What the host shows' });
    expect(api.calls.some((c) => c.name === 'fix.hostKey')).toBe(false);
    expect(api.calls.find((c) => c.name === 'fix.inspect')?.req).toMatchObject({
      hostKind: 'windows',
      access: { via: 'local' },
    });
  });

  it('"Give me a script" shows the script with its SHA-256, copies and downloads it', async () => {
    const api = happyApi();
    const { user, downloads, clipboard } = renderFix(api);
    await openFixFromCard(user);
    await user.click(screen.getByRole('radio', { name: /Give me a script/ }));
    await user.click(screen.getByRole('button', { name: 'Make the script' }));
    expect(await screen.findByTestId('script-sha256')).toHaveProperty('textContent', 'ab'.repeat(32));
    expect(api.calls.find((c) => c.name === 'fix.script')?.req).toEqual({
      target: '127.0.0.1:3389',
      hostKind: 'xrdp',
      phases: ['xrdp-fix-key-permissions', 'xrdp-set-security-layer', 'xrdp-restart'],
    });
    expect(screen.getByText(/set -eu/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Copy the script' }));
    expect(clipboard[0]).toContain('set -eu');
    await user.click(screen.getByRole('button', { name: /Download rdp-doctor-fix/ }));
    expect(downloads[0]?.filename).toBe('rdp-doctor-fix-127.0.0.1.sh');
    expect(api.calls.some((c) => c.name === 'fix.inspect')).toBe(false);
  });

  it('the script has a phase picker, the steps to run it, and Copy/Download above the script (issue 18)', async () => {
    const api = happyApi();
    const { user } = renderFix(api);
    await openFixFromCard(user);
    await user.click(screen.getByRole('radio', { name: /Give me a script/ }));
    const picker = screen.getByTestId('script-phases');
    expect([...picker.querySelectorAll('[data-phase]')].map((e) => e.getAttribute('data-phase'))).toEqual([
      'xrdp-fix-key-permissions',
      'xrdp-set-security-layer',
      'xrdp-restart',
    ]);
    await user.click(screen.getByRole('checkbox', { name: /Let xrdp use TLS/ }));
    await user.click(screen.getByRole('button', { name: 'Make the script' }));
    await screen.findByTestId('script-sha256');
    expect(api.calls.find((c) => c.name === 'fix.script')?.req).toMatchObject({
      phases: ['xrdp-fix-key-permissions', 'xrdp-restart'],
    });
    const steps = screen.getByTestId('script-steps').textContent ?? '';
    expect(steps).toContain(`sha256sum rdp-doctor-fix-127.0.0.1.sh must print ${'ab'.repeat(32)}`);
    expect(steps).toMatch(/Run it as root: sudo sh rdp-doctor-fix-127.0.0.1.sh/);
    // Copy comes before the script's text in the page
    const copy = screen.getByRole('button', { name: 'Copy the script' });
    const text = screen.getByText(/set -eu/);
    expect(copy.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('says which SSH field is wrong before sending anything', async () => {
    const api = happyApi();
    const { user } = renderFix(api);
    await openFixFromCard(user);
    await user.clear(screen.getByLabelText('Port'));
    await user.type(screen.getByLabelText('Port'), '99999');
    await user.click(screen.getByRole('button', { name: 'Connect and inspect' }));
    expect(screen.getByRole('alert').textContent).toMatch(/not a port number/);
    expect(screen.getByLabelText('Port').getAttribute('aria-invalid')).toBe('true');
    expect(api.calls.filter((c) => c.name.startsWith('fix.') && c.name !== 'fix.history')).toEqual([]);
  });
});

describe('Fix screen: the whole way, xrdp over SSH', () => {
  it('host key → inspection → plan → apply with live output → verify → undo; secrets cleared after use', async () => {
    const api = happyApi();
    const { user, store, storage } = renderFix(api, { codes: '0x904 0x7' });
    await connectOverSsh(user, 'password');

    // 1. The host key is shown and must be trusted explicitly; no secret went out to read it.
    const prompt = await screen.findByTestId('host-key');
    expect(within(prompt).getByTestId('host-key-fingerprint').textContent).toBe(FINGERPRINT);
    expect(document.activeElement).toBe(prompt);
    expect(sent(api, 'fix.hostKey')).not.toContain(SSH_PASSWORD);
    expect(sent(api, 'fix.hostKey')).not.toContain(SUDO_PASSWORD);
    expect(api.calls.some((c) => c.name === 'fix.inspect')).toBe(false);
    expect((screen.getByRole('button', { name: 'Connect and inspect' }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(within(prompt).getByRole('button', { name: 'Trust this key' }));

    // 2. Inspection: sent with trustHostKey; findings labelled by where they were seen.
    await screen.findByRole('heading', { name: '2. What the host shows' });
    expect(api.calls.find((c) => c.name === 'fix.inspect')?.req).toMatchObject({
      target: '127.0.0.1:3389',
      hostKind: 'xrdp',
      runId: 'r1',
      access: {
        via: 'ssh',
        host: '127.0.0.1',
        port: 2222,
        user: 'admin',
        trustHostKey: FINGERPRINT,
        auth: { method: 'password', password: SSH_PASSWORD },
        sudoPassword: SUDO_PASSWORD,
      },
    });
    const hostFinding = document.querySelector('[data-finding="tls-key-unusable"]') as HTMLElement;
    expect(hostFinding.getAttribute('data-seen-on')).toBe('host');
    expect(within(hostFinding).getByText('Seen on the host')).toBeTruthy();
    expect(within(hostFinding).getByText(KEY_LOG_LINE)).toBeTruthy();
    expect(
      within(document.querySelector('[data-finding="tls-unavailable"]') as HTMLElement).getByText('Seen from outside'),
    ).toBeTruthy();
    expect(screen.getByText(/ssl-cert-snakeoil.key \(root:ssl-cert 0640\)/)).toBeTruthy();
    // The non-secret parts are remembered; nothing secret ever reaches storage.
    expect(storage.dump()).toContain('admin');
    await user.click(screen.getByRole('button', { name: 'Plan the fix' }));

    // 3. The plan: a checklist with old → new, commands, risks; already-right phases cannot be ticked.
    await screen.findByRole('heading', { name: '3. The plan' });
    expect(api.calls.find((c) => c.name === 'fix.plan')?.req).toMatchObject({
      phases: ['xrdp-fix-key-permissions', 'xrdp-set-security-layer', 'xrdp-restart'],
    });
    const rows = [...document.querySelectorAll('.plan-list [data-phase]')];
    expect(rows.map((r) => [r.getAttribute('data-phase'), r.getAttribute('data-phase-status')])).toEqual([
      ['xrdp-fix-key-permissions', 'selected'],
      ['xrdp-set-security-layer', 'already-right'],
      ['xrdp-restart', 'selected'],
    ]);
    const keyRow = rows[0] as HTMLElement;
    expect(within(keyRow).getByText('group ssl-cert members')).toBeTruthy();
    expect(within(keyRow).getByText('(none)')).toBeTruthy();
    expect(within(keyRow).getByText('xrdp')).toBeTruthy();
    expect(within(keyRow).getByText('adduser xrdp ssl-cert')).toBeTruthy();
    // the plan says the session count is unknown: an xrdp inspection does not count sessions
    expect(within(rows[2] as HTMLElement).getByRole('listitem').textContent).toBe(
      '⚠ Disconnects every xrdp session (the inspection cannot count them).',
    );
    expect(within(rows[1] as HTMLElement).getByText(/Already right/)).toBeTruthy();
    expect((within(rows[1] as HTMLElement).getByRole('checkbox') as HTMLInputElement).disabled).toBe(true);
    const run = screen.getByRole('button', { name: 'Run the fix' }) as HTMLButtonElement;
    expect(run.disabled).toBe(true);
    await user.click(screen.getByRole('checkbox', { name: /I have read the plan/ }));
    expect(run.disabled).toBe(false);
    await user.click(run);

    // 4. Live output, in seq order even when events arrive out of order; the secrets are gone now.
    await screen.findByRole('heading', { name: '4. Fixing' });
    const start = api.calls.find((c) => c.name === 'fix.start')?.req as Record<string, unknown>;
    expect(start).toMatchObject({
      phases: ['xrdp-fix-key-permissions', 'xrdp-restart'],
      codes: '0x904 0x7',
      runId: 'r1',
    });
    expect(store.getState().fixSecrets).toEqual({
      privateKey: '',
      passphrase: '',
      password: '',
      sudoPassword: '',
      winrmPassword: '',
    });
    expect(document.body.innerHTML).not.toContain(SSH_PASSWORD);
    expect(storage.dump()).not.toContain(SSH_PASSWORD);
    expect(storage.dump()).not.toContain(SUDO_PASSWORD);
    act(() => {
      api.emit('fix.event', ev({ type: 'phase-started', jobId: 'job1', seq: 1, phase: 'xrdp-fix-key-permissions' }));
      api.emit(
        'fix.event',
        ev({
          type: 'output',
          jobId: 'job1',
          seq: 3,
          phase: 'xrdp-fix-key-permissions',
          stream: 'stdout',
          line: 'second line',
        }),
      );
      api.emit(
        'fix.event',
        ev({
          type: 'output',
          jobId: 'job1',
          seq: 2,
          phase: 'xrdp-fix-key-permissions',
          stream: 'stdout',
          line: 'Adding user xrdp to group ssl-cert',
        }),
      );
      api.emit(
        'fix.event',
        ev({ type: 'output', jobId: 'other', seq: 4, phase: 'xrdp-restart', stream: 'stdout', line: 'not ours' }),
      );
    });
    const keyRun = document.querySelector('.phase-runs [data-phase="xrdp-fix-key-permissions"]') as HTMLElement;
    expect(keyRun.getAttribute('data-phase-status')).toBe('running');
    expect(within(keyRun).getByRole('log').textContent).toBe('Adding user xrdp to group ssl-cert\nsecond line\n');
    expect(document.body.textContent).not.toContain('not ours');
    act(() => {
      api.emit(
        'fix.event',
        ev({
          type: 'phase-finished',
          jobId: 'job1',
          seq: 4,
          phase: 'xrdp-fix-key-permissions',
          outcome: 'applied',
          message: 'xrdp is now in ssl-cert',
        }),
      );
      api.emit('fix.event', ev({ type: 'phase-started', jobId: 'job1', seq: 5, phase: 'xrdp-restart' }));
      api.emit(
        'fix.event',
        ev({
          type: 'phase-finished',
          jobId: 'job1',
          seq: 6,
          phase: 'xrdp-restart',
          outcome: 'applied',
          message: 'port 3389 answers again',
        }),
      );
    });
    expect(keyRun.getAttribute('data-phase-status')).toBe('applied');
    expect(within(keyRun).getByText('xrdp is now in ssl-cert')).toBeTruthy();

    // 5. Verify: tied to the code the user typed, with a before/after table.
    act(() => {
      api.emit(
        'fix.event',
        ev({
          type: 'verified',
          jobId: 'job1',
          seq: 7,
          before: brokenXrdp(),
          after: fixedXrdp(),
          inspection: null,
          fixed: true,
          message: 'TLS works with the snakeoil certificate.',
        }),
      );
      api.emit('fix.event', ev({ type: 'finished', jobId: 'job1', seq: 8, ok: true, entries: [] }));
    });
    await screen.findByRole('heading', { name: '5. Did it work?' });
    expect(document.activeElement?.textContent).toBe('5. Did it work?');
    expect(screen.getByTestId('verify-headline').textContent).toContain(
      `0x904/0x7: explained by "The RDP service cannot use its certificate's private key" — fixed, TLS 1.2 and 1.3 now work`,
    );
    const table = screen.getByTestId('verify-table');
    const tls12 = table.querySelector('[data-row="TLSv1.2"]') as HTMLElement;
    expect(tls12.getAttribute('data-better')).toBe('true');
    expect(tls12.textContent).toMatch(/fails.*works/);

    // Undo asks for the secrets again (they were not kept), in the one "Sign in again", then streams its output.
    const undo = screen.getByTestId('undo');
    expect(screen.getAllByTestId('sign-in-again')).toHaveLength(1);
    const signIn = screen.getByTestId('sign-in-again');
    expect(signIn.querySelector('legend')?.textContent).toBe('Sign in again to root@127.0.0.1:2222 (ssh)');
    // admin is not root: sudo may want a password; a password sign-in has no key passphrase
    expect(within(signIn).getByLabelText(/Sudo password/)).toBeTruthy();
    expect(within(signIn).queryByLabelText(/Key passphrase/)).toBeNull();
    const undoPassword = within(signIn).getByLabelText('SSH password') as HTMLInputElement;
    expect(undoPassword.value).toBe('');
    await user.type(undoPassword, SSH_PASSWORD);
    await user.click(within(undo).getByRole('button', { name: 'Undo the fix' }));
    expect(api.calls.find((c) => c.name === 'fix.undo')?.req).toMatchObject({
      jobId: 'job1',
      target: '127.0.0.1:3389',
      access: { auth: { method: 'password', password: SSH_PASSWORD } },
    });
    expect(store.getState().fixSecrets.password).toBe('');
    act(() => {
      api.emit('fix.event', ev({ type: 'phase-started', jobId: 'undo1', seq: 1, phase: 'xrdp-fix-key-permissions' }));
      api.emit(
        'fix.event',
        ev({
          type: 'output',
          jobId: 'undo1',
          seq: 2,
          phase: 'xrdp-fix-key-permissions',
          stream: 'stdout',
          line: 'Removing user xrdp from group ssl-cert',
        }),
      );
      api.emit(
        'fix.event',
        ev({
          type: 'phase-finished',
          jobId: 'undo1',
          seq: 3,
          phase: 'xrdp-fix-key-permissions',
          outcome: 'rolled-back',
          message: 'restored',
        }),
      );
      api.emit(
        'fix.event',
        ev({
          type: 'phase-finished',
          jobId: 'undo1',
          seq: 4,
          phase: 'xrdp-restart',
          outcome: 'rolled-back',
          message: 'restarted',
        }),
      );
      api.emit(
        'fix.event',
        ev({
          type: 'verified',
          jobId: 'undo1',
          seq: 5,
          before: fixedXrdp(),
          after: brokenXrdp(),
          inspection: null,
          fixed: false,
          message: 'back as before',
        }),
      );
      api.emit('fix.event', ev({ type: 'finished', jobId: 'undo1', seq: 6, ok: true, entries: [] }));
    });
    expect(screen.getByTestId('undo-status').textContent).toMatch(/Undone: the host is back as it was/);
    // nothing left to sign in for; the undo's re-probe is now the host's truth on the results screen
    expect(screen.queryByTestId('sign-in-again')).toBeNull();
    expect(store.getState().result?.findings.map((f) => f.id)).toEqual(brokenXrdp().findings.map((f) => f.id));
    expect(screen.getByTestId('undone-note').textContent).toMatch(/undone afterwards/);
    expect(within(undo).getByText('Removing user xrdp from group ssl-cert')).toBeTruthy();
    expect([...undo.querySelectorAll('[data-phase-status]')].map((e) => e.getAttribute('data-phase-status'))).toEqual([
      'rolled-back',
      'rolled-back',
    ]);
    expect(screen.getByTestId('undo-table').querySelector('[data-row="TLSv1.2"]')?.textContent).toMatch(/fails/);
    expect(storage.dump()).not.toContain(SSH_PASSWORD);
  });

  it('events that arrive before fix.start answers are kept and shown', async () => {
    const api = happyApi();
    api.handlers['fix.hostKey'] = () => ({
      key: { host: '127.0.0.1', port: 2222, fingerprint: FINGERPRINT, keyType: 'ssh-ed25519' },
      trusted: true,
      pinnedMismatch: false,
    });
    api.handlers['fix.start'] = () => {
      api.emit('fix.event', ev({ type: 'phase-started', jobId: 'job1', seq: 1, phase: 'xrdp-fix-key-permissions' }));
      api.emit(
        'fix.event',
        ev({
          type: 'output',
          jobId: 'job1',
          seq: 2,
          phase: 'xrdp-fix-key-permissions',
          stream: 'info',
          line: 'early line',
        }),
      );
      return { jobId: 'job1' };
    };
    // the key file is encrypted: the core says so (a key file is not read by the screen), then the field shows
    const inspectOk = api.handlers['fix.inspect'] as NonNullable<FakeApi['handlers']['fix.inspect']>;
    api.handlers['fix.inspect'] = (req) => {
      if (req.access.via === 'ssh' && req.access.auth.method === 'key' && !req.access.auth.passphrase)
        throw new ApiCallError('ssh-key-passphrase', 'The private key is encrypted: give its passphrase.');
      return inspectOk(req);
    };
    const { user } = renderFix(api);
    await connectOverSsh(user, 'key-file');
    expect((await screen.findByTestId('fix-message')).textContent).toMatch(/encrypted: give its passphrase/);
    const sudo = screen.getByLabelText(/Sudo password/) as HTMLInputElement;
    // the field appears; what was typed around it stays (the sudo password is cleared as every failed secret)
    await user.type(screen.getByLabelText(/Key passphrase/), PASSPHRASE);
    await user.type(sudo, SUDO_PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Connect and inspect' }));
    // An already trusted key goes straight on, without trustHostKey.
    await screen.findByRole('heading', { name: '2. What the host shows' });
    expect(api.calls.filter((c) => c.name === 'fix.inspect').at(-1)?.req).toMatchObject({
      access: {
        auth: { method: 'key', identityFile: '/home/tech/.ssh/id_ed25519', passphrase: PASSPHRASE },
        sudoPassword: SUDO_PASSWORD,
      },
    });
    expect(sent(api, 'fix.inspect')).not.toContain('trustHostKey');
    await user.click(screen.getByRole('button', { name: 'Plan the fix' }));
    await user.click(await screen.findByRole('checkbox', { name: /I have read the plan/ }));
    await user.click(screen.getByRole('button', { name: 'Run the fix' }));
    expect(await screen.findByText('early line')).toBeTruthy();
  });
});

describe('Fix screen: undo an earlier fix (from the audit log)', () => {
  it('the results show a door to a fix cut short, even when no finding needs a fix; none without one', async () => {
    const api = happyApi();
    const pending: AuditEntry = {
      jobId: 'cut1',
      at: '2026-11-27T09:00:00.000Z',
      who: 'tech',
      target: '127.0.0.1:3389',
      reachedAs: 'root@127.0.0.1:2222 (ssh)',
      phase: 'xrdp-set-security-layer',
      action: 'apply',
      changes: [],
      outcome: 'pending',
      backup: { kind: 'ini' },
    };
    api.handlers['fix.history'] = () => ({ entries: [pending] });
    const { user, store } = renderFix(api);
    const door = await screen.findByTestId('earlier-fix-door');
    expect(door.getAttribute('data-unfinished')).toBe('true');
    expect(door.textContent).toMatch(/was cut short before it finished; it can be undone/);
    await user.click(within(door).getByRole('button', { name: 'See the earlier fix…' }));
    expect(store.getState().screen).toBe('fix');
    const earlier = await screen.findByTestId('earlier-fix');
    expect(within(earlier).getByTestId('earlier-summary').getAttribute('data-unfinished')).toBe('true');
    cleanup();

    const clean = happyApi();
    clean.handlers['fix.history'] = () => ({ entries: [] });
    renderFix(clean);
    await screen.findByTestId('verdict');
    await act(async () => {
      await new Promise((r) => setTimeout(r, 20));
    });
    expect(clean.calls.some((c) => c.name === 'fix.history')).toBe(true);
    expect(screen.queryByTestId('earlier-fix-door')).toBeNull();
  });

  it('offers the newest fix with changes left, signs in (host key first) and undoes that job', async () => {
    const api = happyApi();
    const entry = (jobId: string, phase: string, at: string, extra: Partial<AuditEntry> = {}): AuditEntry => ({
      jobId,
      at,
      who: 'tech',
      target: '127.0.0.1:3389',
      reachedAs: 'root@127.0.0.1:2222 (ssh)',
      phase,
      action: 'apply',
      changes: [],
      outcome: 'verified',
      backup: { kind: 'restart' },
      ...extra,
    });
    api.handlers['fix.history'] = () => ({
      entries: [
        entry('old', 'xrdp-restart', '2026-11-26T10:00:00.000Z'),
        entry('undo-old', 'xrdp-restart', '2026-11-26T11:00:00.000Z', {
          action: 'undo',
          undoes: 'old',
          outcome: 'rolled-back',
        }),
        entry('j9', 'xrdp-fix-key-permissions', '2026-11-27T09:00:00.000Z'),
        entry('j9', 'xrdp-restart', '2026-11-27T09:00:05.000Z'),
      ],
    });
    const { user } = renderFix(api);
    await openFixFromCard(user);
    const earlier = await screen.findByTestId('earlier-fix');
    expect(earlier.textContent).toMatch(/Let xrdp read its key file, Restart xrdp/);
    await fillSsh(user, 'password');
    await user.click(within(earlier).getByRole('button', { name: 'Undo the earlier fix' }));
    await user.click(await screen.findByRole('button', { name: 'Trust this key' }));
    await within(earlier).findByTestId('undo-status');
    expect(api.calls.find((c) => c.name === 'fix.undo')?.req).toMatchObject({
      jobId: 'j9',
      access: { trustHostKey: FINGERPRINT, auth: { method: 'password', password: SSH_PASSWORD } },
    });
    expect(api.calls.some((c) => c.name === 'fix.inspect')).toBe(false);
    api.handlers['fix.history'] = () => ({ entries: [] });
    act(() => {
      api.emit(
        'fix.event',
        ev({
          type: 'phase-finished',
          jobId: 'undo1',
          seq: 1,
          phase: 'xrdp-restart',
          outcome: 'rolled-back',
          message: 'ok',
        }),
      );
      api.emit(
        'fix.event',
        ev({
          type: 'phase-finished',
          jobId: 'undo1',
          seq: 2,
          phase: 'xrdp-fix-key-permissions',
          outcome: 'rolled-back',
          message: 'ok',
        }),
      );
      api.emit('fix.event', ev({ type: 'finished', jobId: 'undo1', seq: 3, ok: true, entries: [] }));
    });
    expect(within(earlier).getByTestId('undo-status').textContent).toMatch(/Undone/);
    expect(
      [...earlier.querySelectorAll('[data-phase-status]')].map((e) => e.getAttribute('data-phase-status')),
    ).toEqual(['rolled-back', 'rolled-back']);
  });
});

describe('Fix screen: errors', () => {
  it('SSH unreachable: a clear message, nothing inspected, the password must be typed again', async () => {
    const api = happyApi();
    api.handlers['fix.hostKey'] = () => {
      throw new ApiCallError(
        'ssh-unreachable',
        'Nothing accepts SSH connections at 127.0.0.1:2222 (connection refused).',
      );
    };
    const { user, store } = renderFix(api);
    await connectOverSsh(user, 'password');
    const alert = await screen.findByTestId('fix-message');
    expect(alert.textContent).toMatch(/Could not reach 127.0.0.1:2222 over SSH: Nothing accepts SSH connections/);
    expect(store.getState().fixSecrets.password).toBe('');
    expect((screen.getByLabelText('SSH password') as HTMLInputElement).value).toBe('');
    expect(api.calls.some((c) => c.name === 'fix.inspect')).toBe(false);
  });

  it('authentication failure: the message, and the secrets are cleared', async () => {
    const api = happyApi();
    api.handlers['fix.inspect'] = () => {
      throw new ApiCallError('ssh-auth-failed', 'The SSH server 127.0.0.1:2222 refused admin with the password.');
    };
    const { user, store } = renderFix(api);
    await connectOverSsh(user, 'password');
    await user.click(await screen.findByRole('button', { name: 'Trust this key' }));
    expect((await screen.findByTestId('fix-message')).textContent).toMatch(
      /The host could not be inspected: The SSH server 127.0.0.1:2222 refused admin with the password/,
    );
    expect(store.getState().fixStep).toBe('access');
    expect(store.getState().fixSecrets).toMatchObject({ password: '', sudoPassword: '' });
    // The key was trusted: the prompt does not come back, and the technician can try again at once.
    expect(screen.queryByTestId('host-key')).toBeNull();
    expect((screen.getByRole('button', { name: 'Connect and inspect' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('a pinned host key that does not match stops everything with a clear message', async () => {
    const api = happyApi();
    api.handlers['fix.hostKey'] = () => ({
      key: { host: '127.0.0.1', port: 2222, fingerprint: FINGERPRINT, keyType: 'ssh-ed25519' },
      trusted: false,
      pinnedMismatch: true,
    });
    const { user } = renderFix(api);
    await connectOverSsh(user, 'password');
    const alert = await screen.findByTestId('fix-message');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toMatch(/is not the one trusted before/);
    expect(alert.textContent).toContain(FINGERPRINT);
    expect(alert.textContent).toMatch(/nothing was done/);
    expect(screen.queryByRole('button', { name: 'Trust this key' })).toBeNull();
    expect(api.calls.some((c) => c.name === 'fix.inspect')).toBe(false);
  });

  // Issue 18: a changed key is not a dead end; it is replaced only with both fingerprints shown and confirmed.
  it('a key that changed since it was trusted shows old and new, and is replaced only after a confirmation', async () => {
    const api = happyApi();
    api.handlers['fix.hostKey'] = () => ({
      key: { host: '127.0.0.1', port: 2222, fingerprint: FINGERPRINT, keyType: 'ssh-ed25519' },
      trusted: false,
      pinnedMismatch: false,
      knownFingerprint: OTHER_FINGERPRINT,
    });
    const { user } = renderFix(api);
    await connectOverSsh(user, 'password');
    const prompt = await screen.findByTestId('host-key');
    expect(prompt.getAttribute('data-changed')).toBe('true');
    expect(screen.getByTestId('host-key-old').textContent).toBe(OTHER_FINGERPRINT);
    expect(screen.getByTestId('host-key-fingerprint').textContent).toBe(FINGERPRINT);
    expect(prompt.textContent).toMatch(/someone may be intercepting/);
    expect(prompt.textContent).toContain('ssh-known-hosts');
    expect(screen.queryByRole('button', { name: 'Trust this key' })).toBeNull();
    const replace = screen.getByRole('button', { name: 'This server was reinstalled — replace the trusted key' });
    expect((replace as HTMLButtonElement).disabled).toBe(true);
    expect(api.calls.some((c) => c.name === 'fix.inspect')).toBe(false);
    await user.click(screen.getByRole('checkbox', { name: /server was reinstalled/ }));
    await user.click(replace);
    await vi.waitFor(() => expect(api.calls.some((c) => c.name === 'fix.inspect')).toBe(true));
    const inspect = api.calls.find((c) => c.name === 'fix.inspect')?.req as { access: Record<string, unknown> };
    expect(inspect.access).toMatchObject({ trustHostKey: FINGERPRINT, replaceHostKey: OTHER_FINGERPRINT });
  });

  it('a key that changed after it was trusted (refused by the core) drops the trust on screen', async () => {
    const api = happyApi();
    api.handlers['fix.inspect'] = () => {
      throw new ApiCallError(
        'ssh-host-key-mismatch',
        'The SSH server 127.0.0.1:2222 shows host key SHA256:x, not SHA256:y that you chose to trust.',
      );
    };
    const { user, store } = renderFix(api);
    await connectOverSsh(user, 'password');
    await user.click(await screen.findByRole('button', { name: 'Trust this key' }));
    expect((await screen.findByTestId('fix-message')).textContent).toMatch(/not SHA256:y that you chose to trust/);
    expect(store.getState().trustedHostKey).toBeNull();
  });

  it('"Do not trust" signs in to nothing and clears the secrets', async () => {
    const api = happyApi();
    const { user, store } = renderFix(api);
    await connectOverSsh(user, 'password');
    await user.click(await screen.findByRole('button', { name: 'Do not trust' }));
    expect(screen.getByTestId('fix-message').textContent).toMatch(/not trusted.*Nothing was done/);
    expect(store.getState().fixSecrets.password).toBe('');
    expect(api.calls.some((c) => c.name === 'fix.inspect')).toBe(false);
  });
});

describe('Fix screen: cancel and failures while running', () => {
  async function toApply(api: FakeApi) {
    api.handlers['fix.hostKey'] = () => ({
      key: { host: '127.0.0.1', port: 2222, fingerprint: FINGERPRINT, keyType: 'ssh-ed25519' },
      trusted: true,
      pinnedMismatch: false,
    });
    const r = renderFix(api);
    await openFixFromCard(r.user);
    await fillSsh(r.user, 'password');
    await r.user.click(screen.getByRole('button', { name: 'Connect and inspect' }));
    await r.user.click(await screen.findByRole('button', { name: 'Plan the fix' }));
    await r.user.click(await screen.findByRole('checkbox', { name: /I have read the plan/ }));
    await r.user.click(screen.getByRole('button', { name: 'Run the fix' }));
    await screen.findByRole('heading', { name: '4. Fixing' });
    return r;
  }

  it('Cancel sends fix.cancel for the job; the running phase ends cancelled and undone', async () => {
    const api = happyApi();
    const { user, store } = await toApply(api);
    act(() => {
      api.emit('fix.event', ev({ type: 'phase-started', jobId: 'job1', seq: 1, phase: 'xrdp-fix-key-permissions' }));
    });
    // Leaving is not possible while it runs.
    expect(screen.queryByRole('button', { name: 'Back to the results' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(api.calls.find((c) => c.name === 'fix.cancel')?.req).toEqual({ jobId: 'job1' });
    expect(screen.getByTestId('fix-message').textContent).toMatch(/Cancelling/);
    act(() => {
      api.emit(
        'fix.event',
        ev({
          type: 'phase-finished',
          jobId: 'job1',
          seq: 2,
          phase: 'xrdp-fix-key-permissions',
          outcome: 'rolled-back',
          message: 'undone after cancel',
        }),
      );
      api.emit(
        'fix.event',
        ev({
          type: 'failed',
          jobId: 'job1',
          seq: 3,
          error: { code: 'cancelled', message: 'Cancelled: what was changed was put back.' },
        }),
      );
    });
    expect(store.getState().applyJob?.state).toBe('cancelled');
    expect(screen.getByTestId('apply-status').textContent).toBe('Cancelled.');
    const row = document.querySelector('[data-phase="xrdp-fix-key-permissions"]') as HTMLElement;
    expect(row.getAttribute('data-phase-status')).toBe('rolled-back');
    expect(screen.getByTestId('apply-error').textContent).toMatch(/what was changed was put back/);
    expect(screen.getByRole('button', { name: 'Back to the results' })).toBeTruthy();
  });

  it('a phase failing midway: the rows say what happened and the job says it failed', async () => {
    const api = happyApi();
    await toApply(api);
    act(() => {
      api.emit('fix.event', ev({ type: 'phase-started', jobId: 'job1', seq: 1, phase: 'xrdp-fix-key-permissions' }));
      api.emit(
        'fix.event',
        ev({
          type: 'phase-finished',
          jobId: 'job1',
          seq: 2,
          phase: 'xrdp-fix-key-permissions',
          outcome: 'rolled-back',
          message: 'undone because xrdp-restart failed',
        }),
      );
      api.emit('fix.event', ev({ type: 'phase-started', jobId: 'job1', seq: 3, phase: 'xrdp-restart' }));
      api.emit(
        'fix.event',
        ev({
          type: 'output',
          jobId: 'job1',
          seq: 4,
          phase: 'xrdp-restart',
          stream: 'stderr',
          line: 'xrdp: no port answers',
        }),
      );
      api.emit(
        'fix.event',
        ev({
          type: 'phase-finished',
          jobId: 'job1',
          seq: 5,
          phase: 'xrdp-restart',
          outcome: 'failed',
          message: 'port 3389 never answered',
        }),
      );
      api.emit('fix.event', ev({ type: 'finished', jobId: 'job1', seq: 6, ok: false, entries: [] }));
    });
    expect(
      [...document.querySelectorAll('.phase-runs [data-phase]')].map((e) => e.getAttribute('data-phase-status')),
    ).toEqual(['rolled-back', 'failed']);
    expect(screen.getByTestId('apply-error').textContent).toMatch(/Not every phase worked/);
    expect(screen.getByText('xrdp: no port answers').className).toBe('out-stderr');
  });

  it('a lost connection ends the job with a clear message instead of waiting forever', async () => {
    const api = happyApi();
    const { store } = await toApply(api);
    act(() => store.getState().fixConnectionLost());
    expect(screen.getByTestId('apply-error').textContent).toMatch(/connection to RDP Doctor was lost/);
  });
});

describe('Fix screen: optional secret fields only when needed (issue 18)', () => {
  // a pasted OpenSSH key whose cipher is aes256-ctr: the header as ssh-keygen writes it (no real key material)
  const ENCRYPTED_HEAD = btoa(`openssh-key-v1\0\0\0\0\naes256-ctr\0\0\0\x06bcrypt${'\0'.repeat(24)}`);
  const ENCRYPTED_KEY = `-----BEGIN OPENSSH PRIVATE KEY-----\n${ENCRYPTED_HEAD}\n-----END OPENSSH PRIVATE KEY-----\n`;

  it('the passphrase shows for an encrypted pasted key, the sudo password for a user that is not root', async () => {
    const api = happyApi();
    const { user, store } = renderFix(api);
    await openFixFromCard(user);
    await user.type(screen.getByLabelText('User'), 'root');
    expect(screen.queryByLabelText(/Sudo password/)).toBeNull();
    expect(screen.queryByLabelText(/Key passphrase/)).toBeNull();
    await user.click(screen.getByRole('radio', { name: 'Paste a key' }));
    expect(screen.queryByLabelText(/Key passphrase/)).toBeNull();
    await user.click(screen.getByLabelText(/Private key \(pasted\)/));
    await user.paste(ENCRYPTED_KEY);
    const passphrase = screen.getByLabelText(/Key passphrase/);
    await user.type(passphrase, PASSPHRASE);
    // another account: sudo may want a password
    const name = screen.getByLabelText('User');
    await user.clear(name);
    await user.type(name, 'admin');
    await user.type(screen.getByLabelText(/Sudo password/), SUDO_PASSWORD);
    // back to root, and the key cleared: what was typed stays on screen, nothing is lost
    await user.clear(name);
    await user.type(name, 'root');
    await user.clear(screen.getByLabelText(/Private key \(pasted\)/));
    expect((screen.getByLabelText(/Sudo password/) as HTMLInputElement).value).toBe(SUDO_PASSWORD);
    expect((screen.getByLabelText(/Key passphrase/) as HTMLInputElement).value).toBe(PASSPHRASE);
    expect(store.getState().fixSecrets).toMatchObject({ passphrase: PASSPHRASE, sudoPassword: SUDO_PASSWORD });
  });

  it('root: the sudo password shows once sudo asked for one', async () => {
    const api = happyApi();
    api.handlers['fix.inspect'] = () => {
      throw new ApiCallError('sudo-password-needed', 'sudo on the host wants a password for root: give it.');
    };
    const { user } = renderFix(api);
    await openFixFromCard(user);
    await user.type(screen.getByLabelText('User'), 'root');
    await user.click(screen.getByRole('radio', { name: 'Password' }));
    await user.type(screen.getByLabelText('SSH password'), SSH_PASSWORD);
    expect(screen.queryByLabelText(/Sudo password/)).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Connect and inspect' }));
    await user.click(await screen.findByRole('button', { name: 'Trust this key' }));
    expect((await screen.findByTestId('fix-message')).textContent).toMatch(/sudo on the host wants a password/);
    expect(screen.getByLabelText(/Sudo password/)).toBeTruthy();
  });
});

describe('Fix screen: one "Sign in again" (issue 18)', () => {
  it('Inspect and Plan ask in the same place after a request failed; the value typed goes to the next request', async () => {
    const api = happyApi();
    let plans = 0;
    api.handlers['fix.plan'] = () => {
      plans++;
      if (plans === 1) throw new ApiCallError('ssh-failed', 'SSH to 127.0.0.1:2222 failed: connection reset.');
      return { plan: plan(), inspection: null };
    };
    const { user } = renderFix(api);
    await connectOverSsh(user, 'password');
    await user.click(await screen.findByRole('button', { name: 'Trust this key' }));
    await screen.findByRole('heading', { name: '2. What the host shows' });
    // the secrets are still there: no "Sign in again" yet
    expect(screen.queryByTestId('sign-in-again')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Plan the fix' }));
    await screen.findByTestId('fix-message');
    const signIn = screen.getByTestId('sign-in-again');
    expect(screen.getAllByTestId('sign-in-again')).toHaveLength(1);
    expect(within(signIn).getByLabelText('SSH password').id).toBe('signin-password');
    await user.type(within(signIn).getByLabelText('SSH password'), SSH_PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Plan the fix' }));
    await screen.findByRole('heading', { name: '3. The plan' });
    expect(api.calls.filter((c) => c.name === 'fix.plan').at(-1)?.req).toMatchObject({
      access: { auth: { method: 'password', password: SSH_PASSWORD } },
    });
    // the secrets are still in hand at the plan: nothing asks again
    expect(screen.queryByTestId('sign-in-again')).toBeNull();
  });
});

describe('Fix screen: the undo history (issue 18)', () => {
  it('lists only fixes with something left to undo, newest first; Undo is offered on the newest only', async () => {
    const api = happyApi();
    const entry = (jobId: string, phase: string, at: string, extra: Partial<AuditEntry> = {}): AuditEntry => ({
      jobId,
      at,
      who: 'tech',
      target: '127.0.0.1:3389',
      reachedAs: 'root@127.0.0.1:2222 (ssh)',
      phase,
      action: 'apply',
      changes: [],
      outcome: 'verified',
      backup: { kind: 'restart' },
      ...extra,
    });
    api.handlers['fix.history'] = () => ({
      entries: [
        entry('first', 'xrdp-fix-key-permissions', '2026-11-25T10:00:00.000Z'),
        entry('undone', 'xrdp-restart', '2026-11-26T10:00:00.000Z'),
        entry('u1', 'xrdp-restart', '2026-11-26T11:00:00.000Z', {
          action: 'undo',
          undoes: 'undone',
          outcome: 'rolled-back',
        }),
        entry('nothing', 'xrdp-restart', '2026-11-26T12:00:00.000Z', { outcome: 'already-right', backup: undefined }),
        entry('newest', 'xrdp-restart', '2026-11-27T09:00:00.000Z'),
      ],
    });
    const { user } = renderFix(api);
    await openFixFromCard(user);
    const earlier = await screen.findByTestId('earlier-fix');
    expect(within(earlier).getByTestId('earlier-summary').textContent).toMatch(/Restart xrdp\.$/);
    const older = within(earlier).getByTestId('older-fixes');
    expect([...older.querySelectorAll('[data-job]')].map((li) => li.getAttribute('data-job'))).toEqual(['first']);
    expect(older.textContent).toMatch(/Let xrdp read its key file/);
    expect(within(earlier).getAllByRole('button', { name: /Undo/ })).toHaveLength(1);
  });
});
