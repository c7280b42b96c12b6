/**
 * Registers `app://rdp-doctor/` as a standard, secure scheme and serves the built renderer from it with
 * the CSP header (electron/main/appFiles.ts decides which file). Must be registered before `ready`.
 */
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_SCHEME, resolveAppFile } from './appFiles';

/** Call before app `ready`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Call once `ready`: answers app:// requests from `rendererDir`. */
export function serveAppScheme(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const found = resolveAppFile(request.url, rendererDir);
    if (!found.ok) return new Response(null, { status: found.status });
    try {
      return new Response(await readFile(found.file), { status: 200, headers: found.headers });
    } catch {
      return new Response(null, { status: 404 });
    }
  });
}
