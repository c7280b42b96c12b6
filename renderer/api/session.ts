/**
 * Web mode's session token. The browser was opened with a ONE-TIME launch code (`/?code=…`), never with the
 * token itself: a URL on a command line is readable by every local user (`ps`). The page drops the code from
 * its address bar at once (history.replaceState: not in history, bookmarks or a copied URL), trades it with
 * `POST /session` for the token, and keeps the token in memory and this tab's sessionStorage (a reload keeps
 * working; another tab or origin does not see it). Never a cookie: cookies ignore ports, so every server on
 * 127.0.0.1 would receive it (see electron/web/server.ts).
 */
import { ApiCallError } from '../../shared/contract';

const STORAGE_KEY = 'rdp-doctor.session';

export const NO_SESSION_MESSAGE =
  'This page has no session: the link was already used or has expired. Press Enter in the terminal running "rdp-doctor web" and open the new URL it prints.';

export interface SessionEnv {
  location: Pick<Location, 'search' | 'pathname' | 'hash'>;
  history: Pick<History, 'replaceState' | 'state'>;
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  fetch: typeof fetch;
}

function browserEnv(): SessionEnv {
  let storage: Storage | null = null;
  try {
    storage = window.sessionStorage;
  } catch {
    // storage disabled: the token lives in memory for this page only
  }
  return { location: window.location, history: window.history, storage, fetch: window.fetch.bind(window) };
}

/** The session token for this tab: from a launch code in the URL (spent here), else the one kept for this tab. */
export async function webSessionToken(env: SessionEnv = browserEnv()): Promise<string> {
  const params = new URLSearchParams(env.location.search);
  const code = params.get('code');
  if (code !== null) {
    params.delete('code');
    const rest = params.toString();
    env.history.replaceState(
      env.history.state,
      '',
      `${env.location.pathname}${rest ? `?${rest}` : ''}${env.location.hash}`,
    );
    try {
      const res = await env.fetch('/session', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ code }),
        credentials: 'omit',
        cache: 'no-store',
        referrerPolicy: 'no-referrer',
      });
      const body = (await res.json().catch(() => null)) as { token?: unknown } | null;
      if (res.ok && typeof body?.token === 'string' && body.token) {
        try {
          env.storage?.setItem(STORAGE_KEY, body.token);
        } catch {
          // a full or disabled storage: this page still works until it is reloaded
        }
        return body.token;
      }
    } catch {
      // the server is gone: fall back to the token this tab already has, if any
    }
  }
  const kept = env.storage?.getItem(STORAGE_KEY);
  if (kept) return kept;
  throw new ApiCallError('no-session', NO_SESSION_MESSAGE);
}
