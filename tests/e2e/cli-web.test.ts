// `rdp-doctor web` as a user runs it: URL first on stdout, loopback only, Ctrl-C stops it cleanly.
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

describe('rdp-doctor web', () => {
  it('prints its URL first, serves with the token only, and stops on Ctrl-C', async () => {
    const server = await startWebServerProcess();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    expect(await status(server.url)).toBe(200);
    expect(await status(server.origin)).toBe(401);
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
