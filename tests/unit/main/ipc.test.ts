// Electron's ipcMain cannot exist here: these tests drive the invoke handler with a FAKE IPC event
// (a plain object shaped like IpcMainInvokeEvent). The `electron` module itself is replaced by a fake.
import net from 'node:net';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ ipcMain: { handle: vi.fn() } }));

const { createInvokeHandler } = await import('../../../electron/main/ipc');
const { isTrustedSender, rendererUrl } = await import('../../../electron/main/trust');
const { Core } = await import('../../../electron/core/core');

/** A loopback port that was just free (its listener closed): connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

const OWN = 'app://rdp-doctor/index.html';

function fakeEvent(url: string | null) {
  const sent: unknown[][] = [];
  return {
    sent,
    event: {
      senderFrame: url === null ? null : { url },
      sender: { isDestroyed: () => false, send: (...args: unknown[]) => sent.push(args) },
    },
  };
}

describe('IPC sender validation', () => {
  const handler = createInvokeHandler(new Core({ mode: 'electron' }), OWN);

  it('answers our own renderer page', async () => {
    const { event } = fakeEvent(`${OWN}?x=1#top`);
    expect(await handler(event as never, 'app.info', {})).toMatchObject({ ok: true, value: { mode: 'electron' } });
  });

  it.each([
    ['another origin', 'https://evil.example/'],
    ['a local file', 'file:///tmp/evil.html'],
    ['another app:// host', 'app://evil/index.html'],
    ['a data: page', 'data:text/html,<p>x</p>'],
    ['no frame', null],
    ['garbage URL', 'not a url'],
  ])('refuses %s', async (_label, url) => {
    const { event } = fakeEvent(url);
    expect(await handler(event as never, 'app.info', {})).toEqual({
      ok: false,
      error: { code: 'forbidden', message: expect.stringMatching(/did not come from RDP Doctor/) },
    });
  });

  it('streams events back to the sender only (a real probe of a closed loopback port)', async () => {
    const port = await closedPort();
    const { event, sent } = fakeEvent(OWN);
    const reply = await handler(event as never, 'probe.start', { target: `127.0.0.1:${port}`, stabilitySamples: 0 });
    expect(reply).toMatchObject({ ok: true, value: { runId: expect.any(String) } });
    const runId = (reply as { value: { runId: string } }).value.runId;
    await vi.waitFor(() => expect(sent.some((s) => (s[2] as { type?: string }).type === 'finished')).toBe(true), {
      timeout: 10_000,
    });
    for (const s of sent) expect(s).toEqual(['rdp-doctor:event', 'probe.event', expect.objectContaining({ runId })]);
  });
});

describe('trust rules', () => {
  it('uses the dev server origin when electron-vite serves the renderer', () => {
    const own = rendererUrl({ ELECTRON_RENDERER_URL: 'http://localhost:5173' });
    expect(isTrustedSender('http://localhost:5173/index.html', own)).toBe(true);
    expect(isTrustedSender('http://localhost:5174/', own)).toBe(false);
  });

  it('serves the packaged UI from app://rdp-doctor and trusts only that origin', () => {
    expect(rendererUrl({})).toBe('app://rdp-doctor/index.html');
    expect(isTrustedSender('app://rdp-doctor/assets/x.js?y#z', rendererUrl({}))).toBe(true);
    // file: pages share the opaque origin "null": two of them must never count as the same page.
    expect(isTrustedSender('file:///tmp/a.html', 'file:///opt/app/index.html')).toBe(false);
  });
});
