/**
 * Web mode: the renderer served on loopback, with the shared contract carried over a WebSocket.
 *
 * Every HTTP request and WebSocket upgrade must come from a loopback address and name this server in its
 * Host header (against DNS rebinding): 127.0.0.1, localhost or [::1] with this port, the same set for Host
 * and for the WebSocket's Origin (which must also match the Host). The page and its assets are the static
 * renderer build and hold nothing secret; the WebSocket needs the session token (`/ws?token=`).
 *
 * How the page gets the token without it ever sitting in a command line (a browser started with a URL shows
 * that URL in `ps` to every local user): the browser is opened with a ONE-TIME launch code (`/?code=`),
 * valid once and for LAUNCH_CODE_TTL_MS. The page drops it from its address bar (history.replaceState) and
 * trades it for the session token with `POST /session`: same Host checks, the Origin must be this server's,
 * JSON only (a cross-site form cannot send it). A code seen in `ps` afterwards is spent; each launch URL
 * (`launchUrl()`) has a fresh code, e.g. when the technician presses Enter in the `rdp-doctor web` terminal.
 *
 * Why no cookie: cookies ignore ports, and for an IP address SameSite sees 127.0.0.1:OTHER as the same
 * site, so a token cookie would be sent to (and readable by) every other server on 127.0.0.1. The page keeps
 * the token in memory and sessionStorage (this tab, this origin); its pages send no Referer.
 *
 * No request may stop the server: a path that is not valid percent-encoding, a broken header or an upgrade
 * that goes wrong is answered (400/404) or dropped, never thrown.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { brotliCompressSync, gzipSync, constants as zlibConstants } from 'node:zlib';
import { WebSocket, WebSocketServer } from 'ws';
import { WireClientFrameSchema, type WireServerFrame } from '../../shared/contract';
import { rendererCsp } from '../../shared/csp';
import { PFX_MAX_BASE64 } from '../../shared/remediation';
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
  origin: string;
  port: number;
  /** the session token (the WebSocket's); never printed, never put in a URL that leaves this process */
  token: string;
  /** a new one-time launch code: valid once, for LAUNCH_CODE_TTL_MS */
  mintLaunchCode(): string;
  /** `${origin}/?code=<a new one-time code>`: what the browser is opened with and the terminal prints */
  launchUrl(): string;
  close(): Promise<void>;
}

/** How long a launch code may wait for its first use: long enough to copy it from a terminal. */
export const LAUNCH_CODE_TTL_MS = 5 * 60_000;
/** Codes waiting at once (older ones are dropped first): pressing Enter a thousand times costs nothing. */
const MAX_LAUNCH_CODES = 16;
/** The exchange's body: {"code":"…"}, a few dozen bytes. */
const MAX_SESSION_BODY = 1024;

/**
 * Largest client frame: requests are small, except a fix request carrying a .pfx (PFX_MAX_BASE64 characters);
 * a bigger frame is hostile.
 */
export const MAX_FRAME_BYTES = 64 * 1024 + PFX_MAX_BASE64;
/** The names a browser on this machine may use for the server (same list for Host and Origin). */
export const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'] as const;
/** Vite names bundled files after their content hash: they never change, so caches may keep them. */
const HASHED_ASSET = /^\/assets\/[\w.-]+-[\w-]{8,}\.\w+$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Smaller files gain nothing from compression. */
const MIN_COMPRESS_BYTES = 1024;

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
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.svg', '.json']);

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

/** The page's CSP: the shared one, with this page's own WebSocket origin named. */
export function contentSecurityPolicy(origin: string): string {
  return rendererCsp(origin.replace(/^http/, 'ws'));
}

/** The encoding to send: br, then gzip, when the client accepts it (q=0 refuses). */
export function chooseEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  const accepted = new Set<string>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name);
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return null;
}

interface StaticFile {
  type: string;
  etag: string;
  body: Buffer;
  br?: Buffer;
  gzip?: Buffer;
}

/** Reads (and compresses once) the built renderer's files; null when there is no such file. */
function staticFiles(root: string) {
  const cache = new Map<string, StaticFile>();
  return (file: string): StaticFile | null => {
    const hit = cache.get(file);
    if (hit) return hit;
    try {
      if (!statSync(file).isFile()) return null;
    } catch {
      return null;
    }
    const body = readFileSync(file);
    const ext = path.extname(file);
    const entry: StaticFile = {
      type: MIME[ext] ?? 'application/octet-stream',
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
      body,
    };
    if (COMPRESSIBLE.has(ext) && body.length >= MIN_COMPRESS_BYTES) {
      entry.br = brotliCompressSync(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9 } });
      entry.gzip = gzipSync(body, { level: 9 });
    }
    // The renderer folder is fixed for the server's life; only files inside it are cached.
    if (file.startsWith(root)) cache.set(file, entry);
    return entry;
  };
}

/** `decodeURIComponent` that answers null instead of throwing a URIError on bad percent-encoding. */
function decodePath(p: string): string | null {
  try {
    return decodeURIComponent(p);
  } catch {
    return null;
  }
}

/** The request's URL, or null when it cannot be parsed. */
function requestUrl(raw: string | undefined): URL | null {
  try {
    return new URL(raw ?? '/', 'http://placeholder');
  } catch {
    return null;
  }
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const core = options.core ?? new Core({ mode: 'web' });
  const staticRoot = path.resolve(options.staticDir);
  const readStatic = staticFiles(staticRoot + path.sep);
  let allowedHosts = new Set<string>();

  const hostOf = (req: http.IncomingMessage): string | null => {
    const host = (req.headers.host ?? '').toLowerCase();
    return allowedHosts.has(host) ? host : null;
  };

  /** null when allowed; otherwise [status, reason] */
  const refuse = (req: http.IncomingMessage, url: URL, needToken: boolean): [number, string] | null => {
    if (!isLoopbackAddress(req.socket.remoteAddress)) return [403, 'not from loopback'];
    if (!hostOf(req)) return [421, 'wrong Host header'];
    if (needToken && !sameToken(url.searchParams.get('token'), token)) return [401, 'missing or wrong token'];
    return null;
  };

  /** one-time launch code → when it stops working */
  const launchCodes = new Map<string, number>();
  const mintLaunchCode = (): string => {
    const now = Date.now();
    for (const [c, until] of launchCodes) if (until <= now) launchCodes.delete(c);
    while (launchCodes.size >= MAX_LAUNCH_CODES) launchCodes.delete(launchCodes.keys().next().value as string);
    const code = randomBytes(18).toString('base64url');
    launchCodes.set(code, now + LAUNCH_CODE_TTL_MS);
    return code;
  };
  /** true once per minted code, within its time; a wrong guess spends nothing */
  const spendLaunchCode = (given: unknown): boolean => {
    if (typeof given !== 'string' || given.length > 64) return false;
    for (const [c, until] of launchCodes) {
      if (sameToken(given, c)) {
        launchCodes.delete(c);
        return until > Date.now();
      }
    }
    return false;
  };

  /** POST /session {"code"} → {"token"}: the page's one trade of its launch code for the session token. */
  const exchange = (req: http.IncomingMessage, res: http.ServerResponse, headers: Record<string, string>) => {
    const json = (status: number, body: unknown, extra: Record<string, string> = {}) => {
      if (res.headersSent) return;
      res.writeHead(status, { ...headers, ...extra, 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    const fail = (status: number, message: string, extra: Record<string, string> = {}) =>
      json(status, { error: message }, extra);
    if (req.method !== 'POST') return fail(405, 'Use POST.', { Allow: 'POST' });
    // a page of this server only: the browser names its origin on every POST, and it must be this one
    if (req.headers.origin !== `http://${hostOf(req)}`) return fail(403, 'Refused: foreign Origin.');
    // JSON only: a cross-site <form> cannot send it, and fetch() from elsewhere would need a preflight we never answer
    const type = String(req.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim()
      .toLowerCase();
    if (type !== 'application/json') return fail(415, 'Send JSON: {"code": "…"}.');
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > MAX_SESSION_BODY) return fail(413, 'Too large.', { Connection: 'close' });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_SESSION_BODY) {
        fail(413, 'Too large.', { Connection: 'close' });
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('error', () => {});
    req.on('end', () => {
      if (res.headersSent) return;
      let code: unknown;
      try {
        code = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { code?: unknown } | null)?.code;
      } catch {
        return fail(400, 'Send JSON: {"code": "…"}.');
      }
      if (!spendLaunchCode(code)) {
        return fail(
          401,
          'This link was already used or has expired. Press Enter in the terminal running "rdp-doctor web" for a new one.',
        );
      }
      json(200, { token });
    });
  };

  const serve = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const host = hostOf(req) ?? '127.0.0.1';
    const headers: Record<string, string> = {
      'Content-Security-Policy': contentSecurityPolicy(`http://${host}`),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    };
    const plain = (status: number, text: string) => {
      res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : `${text}\n`);
    };
    const url = requestUrl(req.url);
    if (!url) {
      plain(400, 'Bad request: the URL cannot be read.');
      return;
    }
    const rel = decodePath(url.pathname);
    if (rel === null) {
      plain(400, 'Bad request: the path is not valid percent-encoding.');
      return;
    }
    const isPage = rel === '/' || rel === '' || rel === '/index.html';
    const denied = refuse(req, url, false);
    if (denied) {
      plain(denied[0], `Refused: ${denied[1]}.`);
      return;
    }
    if (rel === '/session') {
      exchange(req, res, headers);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
      return;
    }
    const file = path.resolve(staticRoot, `.${isPage ? '/index.html' : rel}`);
    const found = file.startsWith(staticRoot + path.sep) && !rel.includes('\0') ? readStatic(file) : null;
    if (!found) {
      plain(404, 'Not found.');
      return;
    }

    headers['Cache-Control'] = HASHED_ASSET.test(rel) ? IMMUTABLE : 'no-cache';
    headers.ETag = found.etag;
    headers.Vary = 'Accept-Encoding';
    if (req.headers['if-none-match'] === found.etag) {
      res.writeHead(304, headers).end();
      return;
    }
    const encoding = found.br ? chooseEncoding(req.headers['accept-encoding']) : null;
    const body = encoding ? (found[encoding] ?? found.body) : found.body;
    if (encoding) headers['Content-Encoding'] = encoding;
    res.writeHead(200, { ...headers, 'Content-Type': found.type, 'Content-Length': String(body.length) });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const server = http.createServer((req, res) => {
    try {
      serve(req, res);
    } catch {
      // A bug must cost one request, not the server and every probe in flight.
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end();
    }
  });
  // Malformed requests (bad header bytes, oversized headers) are answered 400 by us, not thrown.
  server.on('clientError', (_err, socket: Duplex) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  wss.on('error', () => {});
  server.on('upgrade', (req: http.IncomingMessage, socket: Socket, head: Buffer) => {
    // After 'upgrade', Node no longer handles this socket's errors: a reset must not become an uncaught one.
    socket.on('error', () => socket.destroy());
    try {
      const url = requestUrl(req.url);
      let denied: readonly [number, string] | null;
      if (!url) denied = [400, 'bad URL'];
      else if (url.pathname !== '/ws') denied = [404, 'no such endpoint'];
      else denied = refuse(req, url, true);
      const host = hostOf(req);
      if (!denied && req.headers.origin !== `http://${host}`) denied = [403, 'foreign Origin'];
      if (denied) {
        const [status, reason] = denied;
        socket.end(
          `HTTP/1.1 ${status} Refused\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nRefused: ${reason}.\n`,
        );
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => attachClient(ws, core));
    } catch {
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set(LOOPBACK_NAMES.map((name) => `${name}:${port}`));

  return {
    origin,
    port,
    token,
    mintLaunchCode,
    launchUrl: () => `${origin}/?code=${mintLaunchCode()}`,
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
