import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { WebServer } from '../web/server';
import { UsageError } from './usage';

/** The built renderer, wherever this file was bundled or run from. */
export function resolveRendererDir(): string {
  const candidates = [
    path.resolve(__dirname, '../renderer'), // out/main/cli.js → out/renderer
    path.resolve(__dirname, '../../out/renderer'), // electron/cli/*.ts (tests, tsx)
    path.resolve(process.cwd(), 'out/renderer'),
  ];
  const found = candidates.find((dir) => existsSync(path.join(dir, 'index.html')));
  if (!found) throw new UsageError('The user interface is not built: run "npm run build" first.');
  return found;
}

/** Opens the system browser when there is one; says so when there is not. */
export function openBrowser(url: string): boolean {
  const [cmd, args] =
    process.platform === 'win32'
      ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
      : process.platform === 'darwin'
        ? ['open', [url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => {
      process.stderr.write(`Could not open a browser (${cmd} missing); open the URL above yourself.\n`);
    });
    child.unref();
    return true;
  } catch {
    return false;
  }
}

export function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new UsageError(`--port must be a number from 0 to 65535, not "${value}".`);
  }
  return Number(value);
}

export function registerWebCommand(program: Command): void {
  program
    .command('web')
    .description('Serve the app on 127.0.0.1 for a browser (prints a one-time URL first; press Enter for a fresh one)')
    .option('-p, --port <port>', 'port to listen on (0 = any free port)', '0')
    .option('--no-open', 'do not open a browser')
    .action(async (opts: { port: string; open: boolean }) => {
      const port = parsePort(opts.port);
      const staticDir = resolveRendererDir();
      // Loaded here, not at start-up: `rdp-doctor probe` should not pay for the web server's modules.
      const { startWebServer, LAUNCH_CODE_TTL_MS } = await import('../web/server');
      let server: WebServer;
      try {
        server = await startWebServer({ port, staticDir });
      } catch (err) {
        throw new UsageError(`Cannot listen on 127.0.0.1:${port}: ${(err as Error).message}`);
      }
      // The printed URL and the browser's are two different one-time codes: whichever is used first, the
      // other still works once. Neither is the session token (the page trades its code for that).
      process.stdout.write(`${server.launchUrl()}\n`);
      process.stderr.write(
        `RDP Doctor web mode is running on loopback only. The URL above works once, within ${LAUNCH_CODE_TTL_MS / 60_000} minutes: press Enter here for a fresh one. Ctrl-C stops.\n`,
      );
      if (opts.open) openBrowser(server.launchUrl());
      const onInput = (chunk: Buffer) => {
        for (const byte of chunk) if (byte === 0x0a) process.stdout.write(`${server.launchUrl()}\n`);
      };
      process.stdin.on('data', onInput);
      process.stdin.on('error', () => {});
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          process.stdin.off('data', onInput);
          process.stdin.destroy();
          void server.close().then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      process.stderr.write('Stopped.\n');
    });
}
