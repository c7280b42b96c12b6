// The page's side of web mode's launch: the one-time code leaves the address bar before anything else
// happens, is traded (real server, real POST) for the session token, which is kept for this tab only.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../../electron/web/server';
import { NO_SESSION_MESSAGE, type SessionEnv, webSessionToken } from '../../../renderer/api/session';

let server: WebServer;
beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-session-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>ok</title>');
  server = await startWebServer({ port: 0, staticDir: dir });
});
afterAll(async () => {
  await server.close();
});

/** A page at `search` on the server's origin: its history, this tab's storage, and fetch as the browser sends it. */
function page(search: string, storage: Map<string, string> | null = new Map()) {
  const events: string[] = [];
  const env: SessionEnv = {
    location: { search, pathname: '/', hash: '#fix' },
    history: {
      state: null,
      replaceState: (_s: unknown, _t: string, url?: string | URL | null) => {
        events.push(`replaceState ${String(url)}`);
      },
    },
    storage: storage && {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => {
        storage.set(k, v);
      },
    },
    fetch: (async (input: string, init: RequestInit) => {
      events.push(`fetch ${input}`);
      // the browser adds the page's Origin to a POST
      return fetch(`${server.origin}${input}`, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), Origin: server.origin },
      });
    }) as typeof fetch,
  };
  return { env, events, storage };
}

describe('webSessionToken', () => {
  it('drops the code from the URL first, trades it for the token, keeps it for this tab only', async () => {
    const p = page(`?code=${server.mintLaunchCode()}&lang=en`);
    expect(await webSessionToken(p.env)).toBe(server.token);
    expect(p.events).toEqual(['replaceState /?lang=en#fix', 'fetch /session']);
    expect([...(p.storage?.values() ?? [])]).toEqual([server.token]);
  });

  it('a reload (code already spent, or no code) keeps working with the token this tab kept', async () => {
    const storage = new Map<string, string>();
    const code = server.mintLaunchCode();
    await webSessionToken(page(`?code=${code}`, storage).env);
    expect(await webSessionToken(page(`?code=${code}`, storage).env)).toBe(server.token);
    expect(await webSessionToken(page('', storage).env)).toBe(server.token);
  });

  it('a spent code in a fresh tab: no session, and the sentence says what to do', async () => {
    const code = server.mintLaunchCode();
    await webSessionToken(page(`?code=${code}`).env);
    const fresh = page(`?code=${code}`);
    await expect(webSessionToken(fresh.env)).rejects.toMatchObject({ code: 'no-session', message: NO_SESSION_MESSAGE });
    expect(fresh.events[0]).toBe('replaceState /#fix');
    await expect(webSessionToken(page('').env)).rejects.toMatchObject({ code: 'no-session' });
  });

  it('works without storage (kept in memory by the caller)', async () => {
    expect(await webSessionToken(page(`?code=${server.mintLaunchCode()}`, null).env)).toBe(server.token);
  });
});
