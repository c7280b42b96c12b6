// `rdp-doctor web` as a user runs it: a one-time URL first on stdout, a fresh one per Enter, loopback only,
// Ctrl-C stops it cleanly.
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { startWebServerProcess } from './support/webApp';

function status(url: string): Promise<number> {
  return new Promise((resolve) => {
    http
      .get(url, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', () => resolve(-1));
  });
}

/** POST /session as the page does (its Origin, JSON). */
async function trade(origin: string, code: string): Promise<{ status: number; token?: string }> {
  const res = await fetch(`${origin}/session`, {
    method: 'POST',
    headers: { Origin: origin, 'Content-Type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  const body = (await res.json()) as { token?: string };
  return { status: res.status, token: body.token };
}

describe('rdp-doctor web', () => {
  it('prints a one-time URL first, trades its code once, prints a fresh one on Enter, and stops on Ctrl-C', async () => {
    const server = await startWebServerProcess();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?code=[\w-]{20,}$/);
    expect(await status(server.url)).toBe(200);
    const code = new URL(server.url).searchParams.get('code') ?? '';
    const first = await trade(server.origin, code);
    expect(first.status).toBe(200);
    expect(first.token).toMatch(/^[\w-]{20,}$/);
    // the session token appears nowhere in what the command printed (a terminal log, a screenshot)
    expect(server.output()).not.toContain(first.token);
    expect((await trade(server.origin, code)).status).toBe(401);
    const fresh = await server.freshUrl();
    expect(fresh).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?code=[\w-]{20,}$/);
    expect(fresh).not.toBe(server.url);
    expect((await trade(server.origin, new URL(fresh).searchParams.get('code') ?? '')).token).toBe(first.token);
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    server.child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(server.output()).toMatch(/Stopped\./);
    expect(await status(server.url)).toBe(-1);
  });

  it('a port already in use is a clear error with exit code 2', async () => {
    const first = await startWebServerProcess();
    const port = new URL(first.url).port;
    try {
      await expect(startWebServerProcess(['--port', port])).rejects.toThrow(
        /exited with 2[\s\S]*Cannot listen on 127\.0\.0\.1/,
      );
    } finally {
      await first.stop();
    }
  });
});
