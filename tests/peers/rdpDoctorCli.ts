/**
 * The built command line (`node bin/rdp-doctor.cjs …`) as a real child process, as a technician runs it:
 * its own data folder (audit log, known hosts) per test, stdin for secrets, exit code and output kept.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
export const CLI = path.join(ROOT, 'bin/rdp-doctor.cjs');

/** Why the built CLI cannot run (npm test builds it first), or null. */
export function builtCliMissing(): string | null {
  return existsSync(path.join(ROOT, 'out/main/cli.js')) ? null : 'the CLI is not built (run "npm run build" first)';
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

export interface CliChild {
  child: ChildProcess;
  /** output so far */
  out(): string;
  err(): string;
  done: Promise<CliRun>;
}

export function spawnRdpDoctor(args: string[], opts: { dataDir: string; input?: string }): CliChild {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, RDP_DOCTOR_DATA_DIR: opts.dataDir, NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  child.stdin?.end(opts.input ?? '');
  const done = new Promise<CliRun>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal, out, err }));
  });
  return { child, out: () => out, err: () => err, done };
}

/** Runs the CLI to the end (killed after `timeoutMs`). */
export async function rdpDoctor(
  args: string[],
  opts: { dataDir: string; input?: string; timeoutMs?: number },
): Promise<CliRun> {
  const run = spawnRdpDoctor(args, opts);
  const timer = setTimeout(() => run.child.kill('SIGKILL'), opts.timeoutMs ?? 180_000);
  try {
    return await run.done;
  } finally {
    clearTimeout(timer);
  }
}
