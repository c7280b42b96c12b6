/**
 * Runs a repo .ps1 on a Windows host through Windows PowerShell:
 *
 *   powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand <bootstrap, UTF-16LE base64>
 *
 * The command line is always the same fixed bootstrap (bootstrap.ps1): it holds no value of a run. The
 * request — the script's text, its JSON input, the WinRM target and the password — goes on standard input
 * as one JSON document, so no value ever reaches a command line (visible to every process on the machine)
 * and none is spliced into code. For a remote host the bootstrap calls Invoke-Command, so Windows' own WinRM
 * client does Kerberos/NTLM with message encryption.
 */
import { spawn } from 'node:child_process';
import { abortError, type RunResult } from '../types';
import { BOOTSTRAP_PS1 } from './bundledScripts';

export interface WinrmTarget {
  computer: string;
  port?: number;
  useSsl?: boolean;
  /** DOMAIN\name or name@domain; omitted = the technician's own Windows logon (Kerberos) */
  user?: string;
}

export interface PowerShellRequest {
  /** the text of a repo script */
  script: string;
  /** the JSON document given to the script's param([string]$InputJson) */
  input: string;
  elevated?: boolean;
  remote?: WinrmTarget;
  /** used once, on stdin only */
  password?: string;
}

/** -EncodedCommand's format: base64 of the UTF-16LE text */
export function encodeCommand(text: string): string {
  return Buffer.from(text, 'utf16le').toString('base64');
}

/** The exact argv given to powershell.exe (the same for every run). */
export function powershellArgv(bootstrap: string = BOOTSTRAP_PS1): string[] {
  return ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', encodeCommand(bootstrap)];
}

/** Windows PowerShell 5.1 on every supported Windows; never pwsh (7), whose remoting differs. */
export function defaultPowerShellPath(env: NodeJS.ProcessEnv = process.env): string {
  const root = env.SystemRoot ?? env.windir ?? 'C:\\Windows';
  return `${root}\\System32\\WindowsPowerShell\\v1.0\\powershell.exe`;
}

/** The stdin document. The password is only here, and only when a user is given. */
export function requestJson(req: PowerShellRequest): string {
  const doc: Record<string, unknown> = { script: req.script, input: req.input, elevated: req.elevated === true };
  if (req.remote) {
    doc.remote = {
      computer: req.remote.computer,
      ...(req.remote.port ? { port: req.remote.port } : {}),
      ...(req.remote.useSsl ? { useSsl: true } : {}),
      ...(req.remote.user ? { user: req.remote.user } : {}),
    };
    if (req.remote.user) doc.password = req.password ?? '';
  }
  return JSON.stringify(doc);
}

export interface SpawnOptions {
  /** powershell.exe (or, in tests, the PowerShell SDK host that behaves like it) */
  exe: string;
  signal?: AbortSignal;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** ends a hung PowerShell (WinRM connects can stall for minutes) */
  timeoutMs?: number;
}

export function runPowerShell(req: PowerShellRequest, opts: SpawnOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(abortError());
    const child = spawn(opts.exe, powershellArgv(), { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const pending = { stdout: '', stderr: '' };
    const feed = (stream: 'stdout' | 'stderr', chunk: Buffer) => {
      (stream === 'stdout' ? out : err).push(chunk);
      if (!opts.onLine) return;
      pending[stream] += chunk.toString('utf8');
      const lines = pending[stream].split(/\r?\n/);
      pending[stream] = lines.pop() ?? '';
      for (const line of lines) opts.onLine(line, stream);
    };
    child.stdout.on('data', (c: Buffer) => feed('stdout', c));
    child.stderr.on('data', (c: Buffer) => feed('stderr', c));
    let killedFor: Error | null = null;
    const kill = (why: Error) => {
      killedFor = why;
      child.kill();
    };
    const onAbort = () => kill(abortError());
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(
      () => kill(new Error(`PowerShell did not finish within ${Math.round((opts.timeoutMs ?? 600_000) / 1000)} s.`)),
      opts.timeoutMs ?? 600_000,
    );
    child.on('error', (e) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (opts.onLine) {
        if (pending.stdout) opts.onLine(pending.stdout, 'stdout');
        if (pending.stderr) opts.onLine(pending.stderr, 'stderr');
      }
      if (killedFor) return reject(killedFor);
      resolve({
        exitCode: code ?? 1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
    child.stdin.on('error', () => {
      /* the process ended before reading all of stdin: its exit status says why */
    });
    child.stdin.end(requestJson(req), 'utf8');
  });
}

/** The one JSON document a script printed (its last non-empty line), or null when there is none. */
export function parseScriptOutput(stdout: string): Record<string, unknown> | null {
  const lines = stdout.split(/\r?\n/).filter((l) => l.trim().length > 0);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]?.trim() ?? '';
    if (!line.startsWith('{')) continue;
    try {
      const v = JSON.parse(line) as unknown;
      if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      /* not the document */
    }
  }
  return null;
}
