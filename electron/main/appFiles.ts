/**
 * The renderer is served from `app://rdp-doctor/…`, not file://, so that its response headers (the one
 * strict CSP) really apply and the page has a proper origin. This part has no Electron import: it maps an
 * app:// URL to a file inside the built renderer folder, or says why not.
 */
import path from 'node:path';
import { rendererCsp } from '../../shared/csp';

export const APP_SCHEME = 'app';
export const APP_HOST = 'rdp-doctor';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

export type AppFile = { ok: true; file: string; headers: Record<string, string> } | { ok: false; status: 400 | 404 };

/** The headers every app:// response carries: the CSP, and no MIME sniffing. */
export function appHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': rendererCsp(),
    'X-Content-Type-Options': 'nosniff',
  };
}

/** Which file an app:// request names (inside `rendererDir` only), with its headers. */
export function resolveAppFile(requestUrl: string, rendererDir: string): AppFile {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { ok: false, status: 404 };
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  if (rel === '/' || rel === '') rel = '/index.html';
  if (rel.includes('\0')) return { ok: false, status: 400 };
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${rel}`);
  if (!file.startsWith(root + path.sep)) return { ok: false, status: 404 };
  return { ok: true, file, headers: appHeaders(MIME[path.extname(file)] ?? 'application/octet-stream') };
}
