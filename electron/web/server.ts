/**
 * Web mode: the renderer served on loopback, with the shared contract carried over a WebSocket.
 * Every HTTP request and WebSocket upgrade must come from a loopback address, name this server in its
 * Host header (against DNS rebinding) and carry the per-launch token (query `token=` or the cookie the
 * first page load sets); the WebSocket must also come from this server's own Origin.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { WireClientFrameSchema, type WireServerFrame } from '../../shared/contract';
import { Core, type EventSink } from '../core/core';

export interface WebServerOptions {
  /** 0 = a free port */
  port?: number;
  /** the built renderer (out/renderer) */
  staticDir: string;
  core?: Core;
  /** fixed token for tests; random otherwise */
  token?: string;
}

export interface WebServer {
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const COOKIE = 'rdp_doctor_token';
/** Largest client frame: requests are small; a bigger frame is hostile. */
const MAX_FRAME_BYTES = 64 * 1024;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export function isLoopbackAddress(addr: string | undefined): boolean {
  if (!addr) return false;
  const a = addr.startsWith('::ffff:') ? addr.slice(7) : addr;
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(header: string | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return v.join('=');
  }
  return null;
}

export function contentSecurityPolicy(origin: string): string {
  const ws = origin.replace(/^http/, 'ws');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${ws}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const core = options.core ?? new Core({ mode: 'web' });
  const staticRoot = path.resolve(options.staticDir);
  let origin = '';
  let allowedHosts = new Set<string>();

  /** null when allowed; otherwise [status, reason] */
  const refuse = (req: http.IncomingMessage, url: URL): [number, string] | null => {
    if (!isLoopbackAddress(req.socket.remoteAddress)) return [403, 'not from loopback'];
    if (!allowedHosts.has(req.headers.host ?? '')) return [421, 'wrong Host header'];
    const given = url.searchParams.get('token') ?? cookieToken(req.headers.cookie);
    if (!sameToken(given, token)) return [401, 'missing or wrong token'];
    return null;
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const denied = refuse(req, url);
    const headers: Record<string, string> = {
      'Content-Security-Policy': contentSecurityPolicy(origin),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    };
    if (denied) {
      res.writeHead(denied[0], { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`Refused: ${denied[1]}.\n`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, headers).end();
      return;
    }
    if (url.searchParams.has('token')) {
      headers['Set-Cookie'] = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    let rel = decodeURIComponent(url.pathname);
    if (rel === '/' || rel === '') rel = '/index.html';
    const file = path.resolve(staticRoot, `.${rel}`);
    if (!file.startsWith(staticRoot + path.sep)) {
      res.writeHead(404, headers).end();
      return;
    }
    let size: number;
    try {
      const st = statSync(file);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
    } catch {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found.\n');
      return;
    }
    res.writeHead(200, {
      ...headers,
      'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': String(size),
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const denied = url.pathname !== '/ws' ? ([404, 'no such endpoint'] as const) : refuse(req, url);
    const badOrigin = !denied && req.headers.origin !== origin;
    if (denied || badOrigin) {
      const [status, reason] = denied ?? [403, 'foreign Origin'];
      socket.end(
        `HTTP/1.1 ${status} Refused\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nRefused: ${reason}.\n`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attachClient(ws, core));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        core.dispose();
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function attachClient(ws: WebSocket, core: Core): void {
  const send = (frame: WireServerFrame) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
  };
  const sink: EventSink = { emit: (name, payload) => send({ kind: 'event', name, payload }) };
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      send({ kind: 'error', error: { code: 'bad-frame', message: 'Binary frames are not accepted.' } });
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString());
    } catch {
      send({ kind: 'error', error: { code: 'bad-frame', message: 'The frame is not valid JSON.' } });
      return;
    }
    const frame = WireClientFrameSchema.safeParse(parsed);
    if (!frame.success) {
      send({ kind: 'error', error: { code: 'bad-frame', message: 'The frame is not an invoke frame.' } });
      return;
    }
    const { id, name, payload } = frame.data;
    void core.handle(name, payload, sink).then((reply) => send({ kind: 'result', id, ...reply }));
  });
  ws.on('error', () => ws.terminate());
}
