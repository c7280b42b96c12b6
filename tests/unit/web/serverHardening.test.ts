// Web mode must not be knocked over, and must accept the loopback names a browser uses. Every request here
// goes over a real socket to the RUNNING server; after each hostile one the server must still answer.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { chooseEncoding, startWebServer, type WebServer } from '../../../electron/web/server';

let server: WebServer;
const ASSET = '/assets/index-Ab12Cd34.js';
const SCRIPT = `console.log(${JSON.stringify('rdp doctor '.repeat(400))});\n`;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-web-hard-'));
  writeFileSync(path.join(dir, 'index.html'), `<!doctype html><title>ok</title>${'<p>x</p>'.repeat(300)}`);
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, ASSET), SCRIPT);
  server = await startWebServer({ port: 0, staticDir: dir });
});
afterAll(async () => {
  await server.close();
});

/** Sends raw bytes and reads until the server closes; resolves with the whole answer as Latin-1 text. */
function rawAnswer(request: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const sock = net.connect(server.port, '127.0.0.1');
    let data = '';
    sock.setTimeout(5000, () => sock.destroy());
    sock.on('data', (d) => {
      data += d.toString('latin1');
    });
    sock.on('error', () => {});
    sock.on('close', () => resolve(data));
    sock.end(request);
  });
}

/** Sends raw bytes and reads until the server closes; resolves with the status code (0: no answer). */
function raw(request: string | Buffer): Promise<number> {
  return new Promise((resolve) => {
    const sock = net.connect(server.port, '127.0.0.1');
    let data = '';
    sock.setTimeout(5000, () => sock.destroy());
    sock.on('data', (d) => {
      data += d.toString('latin1');
    });
    sock.on('error', () => {});
    sock.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0)));
    sock.end(request);
  });
}

function get(
  pathAndQuery: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Buffer; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: server.port, path: pathAndQuery, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
    });
    req.on('error', reject);
  });
}

async function stillServing(): Promise<void> {
  const res = await get('/');
  expect(res.status).toBe(200);
}

function openWs(host: string, origin: string): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { origin, headers: { host } });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(-1));
  });
}

describe('requests that once crashed the server', () => {
  it('answers GET /%E0%A4%A?token=… with 400 and keeps serving', async () => {
    expect(await raw(`GET /%E0%A4%A?token=${server.token} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`)).toBe(
      400,
    );
    expect((await get(`/%E0%A4%A?token=${server.token}`)).status).toBe(400);
    await stillServing();
  });

  it('answers a broken request line or header with 400', async () => {
    expect(await raw('GARBAGE\r\n\r\n')).toBe(400);
    expect(await raw(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nBad\u0001Header: x\r\n\r\n`)).toBe(400);
    await stillServing();
  });

  it('refuses a bad upgrade (bad path encoding, wrong endpoint) without stopping', async () => {
    const upgrade = (p: string) =>
      raw(
        `GET ${p} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
      );
    expect(await upgrade('/%E0%A4%A')).toBe(404);
    expect(await upgrade(`//[?token=${server.token}`)).toBeGreaterThanOrEqual(400);
    await stillServing();
  });

  it('survives fuzzed paths and header values (fast-check, 150 requests)', async () => {
    const pathChar = fc.constantFrom(..."/%.?=&#[]:@!$'()*+,;~-_aZ09\\".split(''), '%E0', '%A4%A', '%00', '%2F');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(pathChar, fc.string({ maxLength: 3 })), { maxLength: 30 }),
        fc.constantFrom('Host', 'Origin', 'Accept-Encoding', 'If-None-Match', 'Cookie', 'X-Any'),
        fc.uint8Array({ maxLength: 40 }),
        fc.constantFrom('GET', 'HEAD', 'POST', 'OPTIONS', 'BREW'),
        async (parts, headerName, headerBytes, method) => {
          const p = `/${parts.join('')}`.replace(/[\s]/g, '');
          const request = Buffer.concat([
            Buffer.from(
              `${method} ${p}?token=${server.token} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n`,
              'latin1',
            ),
            Buffer.from(`${headerName}: `, 'latin1'),
            Buffer.from(headerBytes.filter((b) => b !== 10 && b !== 13)),
            Buffer.from('\r\nConnection: close\r\n\r\n', 'latin1'),
          ]);
          const status = await raw(request);
          // Every request gets an HTTP answer (never a dropped connection from a crash)…
          expect(status).toBeGreaterThanOrEqual(200);
          expect(status).toBeLessThan(600);
        },
      ),
      { numRuns: 150 },
    );
    // …and the server is still there afterwards.
    await stillServing();
  });
});

describe('the loopback names a browser may use', () => {
  it.each(['127.0.0.1', 'localhost', '[::1]'])('serves the page and opens the WebSocket for Host %s', async (name) => {
    const host = `${name}:${server.port}`;
    expect((await get('/', { Host: host })).status).toBe(200);
    const ws = await openWs(host, `http://${host}`);
    expect(ws).toBeInstanceOf(WebSocket);
    (ws as WebSocket).close();
  });

  it('refuses an Origin that names another loopback host than the Host header, or another port', async () => {
    expect(await openWs(`localhost:${server.port}`, `http://127.0.0.1:${server.port}`)).toBe(403);
    expect(await openWs(`127.0.0.1:${server.port}`, `http://127.0.0.1:${server.port + 1}`)).toBe(403);
    expect(await openWs(`127.0.0.1:${server.port + 1}`, `http://127.0.0.1:${server.port + 1}`)).toBe(421);
  });
});

describe('assets: compressed and cacheable', () => {
  it('serves hashed assets without the token, immutable, br or gzip as the browser asks', async () => {
    const br = await get(ASSET, { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(brotliDecompressSync(br.body).toString()).toBe(SCRIPT);
    expect(br.body.length).toBeLessThan(SCRIPT.length / 4);

    const gz = await get(ASSET, { 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(SCRIPT);

    const plain = await get(ASSET);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(SCRIPT);
  });

  it('revalidates the page (no-cache + ETag → 304)', async () => {
    const first = await get('/', { 'Accept-Encoding': 'gzip' });
    expect(first.headers['cache-control']).toBe('no-cache');
    expect(first.headers['content-encoding']).toBe('gzip');
    const etag = first.headers.etag ?? '';
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect((await get('/', { 'If-None-Match': etag })).status).toBe(304);
  });

  it('keeps refusals uncacheable', async () => {
    const res = await get('/', { Host: `evil.example:${server.port}` });
    expect(res.status).toBe(421);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it.each([
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['identity', null],
    [undefined, null],
    ['', null],
  ])('chooseEncoding(%s) → %s', (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected);
  });
});

describe('POST /session under fuzz (fast-check, real socket)', () => {
  it('every request gets an answer, only a live code with this origin and JSON gets the token, once', async () => {
    const host = `127.0.0.1:${server.port}`;
    const live = Array.from({ length: 4 }, () => server.mintLaunchCode());
    const spent = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('POST', 'GET', 'PUT', 'OPTIONS'),
        fc.constantFrom(`http://${host}`, 'http://evil.example', '', 'null', `http://localhost:${server.port}`),
        fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'APPLICATION/JSON', ''),
        fc.oneof(
          fc.constantFrom(...live).map((code) => JSON.stringify({ code })),
          fc.string({ maxLength: 60 }).map((code) => JSON.stringify({ code })),
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.from(b).toString('latin1')),
          fc.string({ minLength: 1100, maxLength: 1500 }),
        ),
        fc.boolean(),
        async (method, origin, type, body, chunked) => {
          const bytes = Buffer.from(body, 'latin1');
          const head = [
            `${method} /session HTTP/1.1`,
            `Host: ${host}`,
            ...(origin ? [`Origin: ${origin}`] : []),
            ...(type ? [`Content-Type: ${type}`] : []),
            chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${bytes.length}`,
            'Connection: close',
            '',
            '',
          ].join('\r\n');
          const payload = chunked
            ? Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n0\r\n\r\n')])
            : bytes;
          const answer = await rawAnswer(Buffer.concat([Buffer.from(head, 'latin1'), payload]));
          const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
          expect(status).toBeGreaterThanOrEqual(200);
          expect(status).toBeLessThan(600);
          let code: unknown;
          try {
            code = (JSON.parse(body) as { code?: unknown } | null)?.code;
          } catch {
            code = undefined;
          }
          const allowed =
            method === 'POST' &&
            origin === `http://${host}` &&
            type.toLowerCase().startsWith('application/json') &&
            typeof code === 'string' &&
            live.includes(code) &&
            !spent.has(code);
          if (allowed) {
            expect(status).toBe(200);
            spent.add(code as string);
          } else expect(status).not.toBe(200);
          expect(answer.includes(server.token)).toBe(allowed);
          expect(answer.toLowerCase()).not.toContain('set-cookie');
        },
      ),
      { numRuns: 150 },
    );
    await stillServing();
    // the endpoint still trades a fresh code afterwards
    const fresh = server.mintLaunchCode();
    const answer = await rawAnswer(
      `POST /session HTTP/1.1\r\nHost: ${host}\r\nOrigin: http://${host}\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: ${JSON.stringify({ code: fresh }).length}\r\n\r\n${JSON.stringify({ code: fresh })}`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
  });
});
