/**
 * The renderer's one Content-Security-Policy, for every way it is served: the Electron `app://` protocol
 * handler and web mode send it as a response header, and the build writes the same policy into
 * index.html's meta tag (without the directives a meta tag cannot carry). No door may serve a looser one.
 */
const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
] as const;

/** Directives browsers ignore (and warn about) in a meta tag. */
const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

/**
 * The header value. `connectTo` adds the page's own WebSocket origin (web mode) explicitly, since
 * `'self'` covers ws: only in CSP Level 3 browsers.
 */
export function rendererCsp(connectTo?: string): string {
  return DIRECTIVES.map((d) => (connectTo && d.startsWith('connect-src ') ? `${d} ${connectTo}` : d)).join('; ');
}

/** The same policy for index.html's meta tag. */
export function rendererMetaCsp(): string {
  return DIRECTIVES.filter((d) => !HEADER_ONLY.has(d.split(' ')[0] ?? '')).join('; ');
}
