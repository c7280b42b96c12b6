// Electron's ipcMain cannot exist here: these tests drive the invoke handler with a FAKE IPC event
// (a plain object shaped like IpcMainInvokeEvent). The `electron` module itself is replaced by a fake.
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ ipcMain: { handle: vi.fn() } }));

const { createInvokeHandler } = await import('../../../electron/main/ipc');
const { isTrustedSender, rendererUrl } = await import('../../../electron/main/trust');
const { Core } = await import('../../../electron/core/core');

const OWN = 'file:///opt/RDP%20Doctor/resources/app.asar/out/renderer/index.html';

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
    ['another local file', 'file:///tmp/evil.html'],
    ['no frame', null],
    ['garbage URL', 'not a url'],
  ])('refuses %s', async (_label, url) => {
    const { event } = fakeEvent(url);
    expect(await handler(event as never, 'app.info', {})).toEqual({
      ok: false,
      error: { code: 'forbidden', message: expect.stringMatching(/did not come from RDP Doctor/) },
    });
  });

  it('streams events back to the sender only', async () => {
    const { event, sent } = fakeEvent(OWN);
    await handler(event as never, 'app.ticks', { count: 2, intervalMs: 0 });
    await vi.waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1]).toEqual(['rdp-doctor:event', 'app.tick', expect.objectContaining({ n: 2, total: 2 })]);
  });
});

describe('trust rules', () => {
  it('uses the dev server origin when electron-vite serves the renderer', () => {
    const own = rendererUrl({ ELECTRON_RENDERER_URL: 'http://localhost:5173' });
    expect(isTrustedSender('http://localhost:5173/index.html', own)).toBe(true);
    expect(isTrustedSender('http://localhost:5174/', own)).toBe(false);
  });
});
