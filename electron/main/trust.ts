/** Which page is our own renderer. No Electron import, so the rule is testable without Electron. */
import path from 'node:path';
import { APP_INDEX_URL, APP_SCHEME } from './appFiles';

/** The built renderer folder (out/renderer), next to out/main. */
export function rendererDir(baseDir = __dirname): string {
  return path.join(baseDir, '../renderer');
}

/** The page URL that counts as our own renderer: the dev server, or the app:// page. */
export function rendererUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.ELECTRON_RENDERER_URL || APP_INDEX_URL;
}

/** True only for a frame showing our own renderer (any path/query/hash of its origin), never another. */
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
  // WHATWG URL gives custom schemes an opaque origin ("null"): compare scheme and host instead.
  if (mine.protocol === `${APP_SCHEME}:`) return frame.protocol === mine.protocol && frame.host === mine.host;
  // Opaque origins (file:, data:, about:) are all "null": equal strings, never the same page.
  if (frame.origin === 'null' || mine.origin === 'null') return false;
  return frame.origin === mine.origin;
}
