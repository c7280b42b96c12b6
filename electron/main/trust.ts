/** Which page is our own renderer. No Electron import, so the rule is testable without Electron. */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The page URL that counts as our own renderer (dev server or the bundled file). */
export function rendererUrl(env: NodeJS.ProcessEnv = process.env, baseDir = __dirname): string {
  const dev = env.ELECTRON_RENDERER_URL;
  if (dev) return dev;
  return pathToFileURL(path.join(baseDir, '../renderer/index.html')).href;
}

/** True only for a frame showing our own renderer page (any query/hash), never another origin or file. */
export function isTrustedSender(frameUrl: string | undefined | null, own: string = rendererUrl()): boolean {
  if (!frameUrl) return false;
  let frame: URL;
  let mine: URL;
  try {
    frame = new URL(frameUrl);
    mine = new URL(own);
  } catch {
    return false;
  }
  if (mine.protocol === 'file:') return frame.protocol === 'file:' && frame.pathname === mine.pathname;
  return frame.origin === mine.origin;
}
