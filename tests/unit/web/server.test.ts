// The web bridge's gatekeeping, over real sockets: launch code → token exchange, token, Origin, Host and
// malformed frames.
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  isLoopbackAddress,
  LAUNCH_CODE_TTL_MS,
  MAX_FRAME_BYTES,
  startWebServer,
  type WebServer,
} from '../../../electron/web/server';

let server: WebServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-web-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>ok</title>');
  writeFileSync(path.join(dir, '..', 'secret.txt'), 'outside');
  server = await startWebServer({ port: 0, staticDir: dir });
});
afterAll(async () => {
  await server.close();
});

function get(
  pathAndQuery: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: server.port, path: pathAndQuery, headers }, (res) => {
      let body = '';
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
  });
}

/** Opens a WebSocket; resolves with the socket or the HTTP status of the refusal. */
function openWs(query: string, origin: string | null = server.origin): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws${query}`, origin ? { origin } : {});
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(-1));
  });
}

function nextFrame(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString()))));
}

/** POST /session as a page of this server would (or as told); resolves with status and parsed body. */
function postSession(
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown> | null; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: '/session',
        headers: { Origin: server.origin, 'Content-Type': 'application/json', ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => {
          text += d;
        });
        res.on('end', () => {
          let json: Record<string, unknown> | null = null;
          try {
            json = JSON.parse(text);
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, json, headers: res.headers });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('HTTP', () => {
  it('serves the page (no secret in it or its URL), a strict CSP and no cookie', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>ok</title>');
    expect(res.body).not.toContain(server.token);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain(`connect-src 'self' ws://127.0.0.1:${server.port}`);
    // A cookie would reach every other server on 127.0.0.1 (cookies ignore ports): never one.
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('the launch URL carries a one-time code, never the session token', () => {
    const url = new URL(server.launchUrl());
    expect(url.origin).toBe(server.origin);
    expect([...url.searchParams.keys()]).toEqual(['code']);
    expect(url.searchParams.get('code')).toMatch(/^[\w-]{20,}$/);
    expect(url.href).not.toContain(server.token);
    expect(server.launchUrl()).not.toBe(server.launchUrl());
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const res = await get('/', { Host: `evil.example:${server.port}` });
    expect(res.status).toBe(421);
  });

  it('does not serve files outside the renderer folder', async () => {
    const res = await get('/..%2Fsecret.txt');
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('outside');
  });
});

describe('POST /session: a one-time code for the session token', () => {
  it('trades a fresh code for the token once; the same code again is refused', async () => {
    const code = server.mintLaunchCode();
    const first = await postSession(JSON.stringify({ code }));
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ token: server.token });
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.headers['set-cookie']).toBeUndefined();
    const again = await postSession(JSON.stringify({ code }));
    expect(again.status).toBe(401);
    expect(again.json?.error).toMatch(/already used or has expired.*Press Enter/);
    expect(JSON.stringify(again.json)).not.toContain(server.token);
  });

  it('a wrong code is refused and spends no real one', async () => {
    const code = server.mintLaunchCode();
    expect((await postSession(JSON.stringify({ code: `${code.slice(0, -1)}x` }))).status).toBe(401);
    expect((await postSession(JSON.stringify({ code: 42 }))).status).toBe(401);
    expect((await postSession(JSON.stringify({ code: 'a'.repeat(5000) }))).status).toBe(413);
    expect((await postSession(JSON.stringify({ code }))).status).toBe(200);
  });

  it('an expired code is refused (time moved past its life)', async () => {
    const code = server.mintLaunchCode();
    const realNow = Date.now;
    Date.now = () => realNow() + LAUNCH_CODE_TTL_MS + 1;
    try {
      expect((await postSession(JSON.stringify({ code }))).status).toBe(401);
    } finally {
      Date.now = realNow;
    }
  });

  it('only a page of this server may ask: foreign or missing Origin, foreign Host, not JSON, not POST', async () => {
    const code = server.mintLaunchCode();
    const body = JSON.stringify({ code });
    expect((await postSession(body, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await postSession(body, { Origin: `http://127.0.0.1:${server.port + 1}` })).status).toBe(403);
    expect((await postSession(body, { Origin: '' })).status).toBe(403);
    expect((await postSession(body, { Host: `evil.example:${server.port}` })).status).toBe(421);
    // a cross-site form can only send these types
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x'])
      expect((await postSession(body, { 'Content-Type': type })).status).toBe(415);
    expect((await postSession('{not json')).status).toBe(400);
    expect((await get(`/session?code=${code}`)).status).toBe(405);
    // none of those spent the code
    expect((await postSession(body)).json).toEqual({ token: server.token });
  });

  it('accepts the other loopback names when Host and Origin agree', async () => {
    for (const name of ['localhost', '[::1]']) {
      const host = `${name}:${server.port}`;
      const res = await postSession(JSON.stringify({ code: server.mintLaunchCode() }), {
        Host: host,
        Origin: `http://${host}`,
      });
      expect(res.status).toBe(200);
    }
  });
});

describe('WebSocket', () => {
  it('refuses a missing token', async () => {
    expect(await openWs('')).toBe(401);
  });

  it('refuses a wrong token', async () => {
    expect(await openWs('?token=wrong')).toBe(401);
  });

  it('refuses a foreign Origin even with the right token', async () => {
    expect(await openWs(`?token=${server.token}`, 'http://evil.example')).toBe(403);
    expect(await openWs(`?token=${server.token}`, null)).toBe(403);
  });

  it('round-trips a request', async () => {
    const ws = (await openWs(`?token=${server.token}`)) as WebSocket;
    ws.send(JSON.stringify({ kind: 'invoke', id: 7, name: 'codes.decode', payload: { text: '0x904' } }));
    const frame = await nextFrame(ws);
    expect(frame).toMatchObject({ kind: 'result', id: 7, ok: true, value: { codes: [expect.anything()] } });
    ws.close();
  });

  it('answers a malformed message with a bad-frame error and stays usable', async () => {
    const ws = (await openWs(`?token=${server.token}`)) as WebSocket;
    ws.send('{not json');
    expect(await nextFrame(ws)).toMatchObject({ kind: 'error', error: { code: 'bad-frame' } });
    ws.send(JSON.stringify({ kind: 'invoke', id: 'x' }));
    expect(await nextFrame(ws)).toMatchObject({ kind: 'error', error: { code: 'bad-frame' } });
    ws.send(Buffer.from([1, 2, 3]));
    expect(await nextFrame(ws)).toMatchObject({ kind: 'error', error: { code: 'bad-frame' } });
    ws.send(JSON.stringify({ kind: 'invoke', id: 8, name: 'app.info', payload: {} }));
    expect(await nextFrame(ws)).toMatchObject({ kind: 'result', id: 8, ok: true });
    ws.close();
  });

  it('rejects unknown requests and invalid payloads by name', async () => {
    const ws = (await openWs(`?token=${server.token}`)) as WebSocket;
    ws.send(JSON.stringify({ kind: 'invoke', id: 1, name: 'fs.readFile', payload: {} }));
    expect(await nextFrame(ws)).toMatchObject({ ok: false, error: { code: 'unknown-request' } });
    ws.send(JSON.stringify({ kind: 'invoke', id: 2, name: 'probe.start', payload: { target: 42 } }));
    expect(await nextFrame(ws)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    ws.close();
  });

  it('closes the connection on an oversized frame', async () => {
    const ws = (await openWs(`?token=${server.token}`)) as WebSocket;
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('x'.repeat(MAX_FRAME_BYTES + 1));
    expect(await closed).toBe(1009);
  });
});

describe('isLoopbackAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.42.1.9', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.1', false],
    ['192.168.1.1', false],
    ['::ffff:10.0.0.1', false],
    ['', false],
    [undefined, false],
  ])('%s → %s', (addr, expected) => {
    expect(isLoopbackAddress(addr)).toBe(expected);
  });
});
