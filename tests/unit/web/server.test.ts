// The web bridge's gatekeeping, over real sockets: token, Origin, Host and malformed frames.
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { isLoopbackAddress, startWebServer, type WebServer } from '../../../electron/web/server';

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

describe('HTTP', () => {
  it('serves the page with the token, a strict CSP and no cookie', async () => {
    const res = await get(`/?token=${server.token}`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>ok</title>');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain(`connect-src 'self' ws://127.0.0.1:${server.port}`);
    // A cookie would reach every other server on 127.0.0.1 (cookies ignore ports): the token stays in URLs.
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('refuses a missing or wrong token', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/?token=nope')).status).toBe(401);
    expect((await get(`/?token=${server.token.slice(0, -1)}x`)).status).toBe(401);
  });

  it('does not accept the token from a cookie for the page', async () => {
    const res = await get('/index.html', { Cookie: `rdp_doctor_token=${server.token}` });
    expect(res.status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const res = await get(`/?token=${server.token}`, { Host: `evil.example:${server.port}` });
    expect(res.status).toBe(421);
  });

  it('does not serve files outside the renderer folder', async () => {
    const res = await get(`/..%2Fsecret.txt?token=${server.token}`);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('outside');
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
    ws.send('x'.repeat(200_000));
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
