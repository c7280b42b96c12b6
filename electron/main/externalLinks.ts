/**
 * The only pages `shell.openExternal` may open: Microsoft's and xrdp's documentation over https. Anything
 * else a page asks to open (another scheme, another host, a file:, a credentials-bearing URL) is refused.
 * No Electron import.
 */
const ALLOWED: { host: string; pathPrefix: string }[] = [
  { host: 'learn.microsoft.com', pathPrefix: '/' },
  { host: 'support.microsoft.com', pathPrefix: '/' },
  { host: 'github.com', pathPrefix: '/neutrinolabs/' },
];

export function isAllowedExternal(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return false;
  return ALLOWED.some((a) => url.hostname === a.host && url.pathname.startsWith(a.pathPrefix));
}
