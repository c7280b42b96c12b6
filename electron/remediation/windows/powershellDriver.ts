/**
 * The Windows transports: "this computer" (local PowerShell) and remote over WinRM (the local PowerShell's
 * Invoke-Command). Both are the same Driver over powershell.exe; they differ only in the bootstrap's
 * `remote` field. Knows nothing of RDP: the phases and the inspector hold the knowledge.
 */
import type { HostAccessResolved } from '../../../shared/remediation';
import { type CallOptions, type Driver, type Json, RemediationError, type RunOptions, type RunResult } from '../types';
import { WINDOWS_SCRIPTS } from './bundledScripts';
import { defaultPowerShellPath, parseScriptOutput, runPowerShell, type WinrmTarget } from './powershell';
import { type ScriptFailure, scriptFailure } from './winrmErrors';

export interface PowerShellDriverOptions {
  /** powershell.exe; tests give the PowerShell SDK host (tests/windows/host) */
  exe?: string;
  remote?: WinrmTarget;
  /** the WinRM password: kept in this object only, sent on stdin only */
  password?: string;
  timeoutMs?: number;
}

export class PowerShellDriver implements Driver {
  readonly reachedAs: string;
  private readonly exe: string;
  private password: string | undefined;

  constructor(private readonly opts: PowerShellDriverOptions = {}) {
    this.exe = opts.exe ?? defaultPowerShellPath();
    this.password = opts.password;
    const r = opts.remote;
    this.reachedAs = r
      ? `${r.user ? `${r.user}@` : ''}${r.computer}${r.port ? `:${r.port}` : ''} (WinRM${r.useSsl ? ' HTTPS' : ''})`
      : 'this computer (PowerShell)';
  }

  /** Runs a repo script; args[0] is its JSON input. */
  runScript(name: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    const script = WINDOWS_SCRIPTS[name];
    if (script === undefined) throw new RemediationError('unknown-script', `No Windows script named ${name}.`);
    return runPowerShell(
      { script, input: args[0] ?? '{}', elevated: opts.elevated, remote: this.opts.remote, password: this.password },
      { exe: this.exe, signal: opts.signal, onLine: opts.onLine, timeoutMs: this.opts.timeoutMs },
    );
  }

  /**
   * A repo script's JSON document; {ok:false} (or no document) becomes a RemediationError with a clear message.
   * The input (secrets merged in) is JSON on standard input already: nothing of it is on a command line.
   */
  async call(name: string, input: Json, opts: CallOptions = {}): Promise<Record<string, unknown>> {
    const { secrets, ...run } = opts;
    const doc0 =
      secrets && input !== null && typeof input === 'object' && !Array.isArray(input)
        ? { ...input, ...secrets }
        : input;
    // the result document is returned, not streamed: only the script's other output lines reach onLine
    const onLine = run.onLine;
    const res = await this.runScript(name, [JSON.stringify(doc0)], {
      ...run,
      onLine:
        onLine &&
        ((line, stream) => (stream === 'stdout' && line.trim().startsWith('{') ? undefined : onLine(line, stream))),
    });
    const doc = parseScriptOutput(res.stdout);
    if (!doc) {
      const why = (res.stderr.trim() || res.stdout.trim()).slice(0, 2000);
      throw new RemediationError(
        'no-output',
        `${name} printed no result (exit ${res.exitCode})${why ? `: ${why}` : '.'}`,
      );
    }
    if (doc.ok === false) throw scriptFailure((doc.error ?? {}) as ScriptFailure, this.opts.remote?.computer ?? null);
    return doc;
  }

  async run(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    const doc = await this.call('Invoke-Native.ps1', { argv: [...argv] }, opts);
    const lines = Array.isArray(doc.lines) ? doc.lines.map(String) : [];
    return { exitCode: Number(doc.exitCode ?? 1), stdout: lines.join('\n'), stderr: '' };
  }

  async readFile(path: string, opts: { elevated?: boolean; signal?: AbortSignal } = {}): Promise<Buffer | null> {
    const doc = await this.call('Read-HostFile.ps1', { path }, opts);
    return doc.exists ? Buffer.from(String(doc.base64 ?? ''), 'base64') : null;
  }

  async writeFile(path: string, data: Buffer, opts: { elevated?: boolean; signal?: AbortSignal } = {}): Promise<void> {
    await this.call('Write-HostFile.ps1', { path, base64: data.toString('base64') }, opts);
  }

  async close(): Promise<void> {
    this.password = undefined;
  }
}

export function needsWindows(
  what: 'local' | 'winrm',
  platform: NodeJS.Platform = process.platform,
): RemediationError | null {
  if (platform === 'win32') return null;
  const why =
    what === 'local'
      ? `"This computer" needs Windows: it fixes the Windows PC RDP Doctor runs on, and this one runs ${platform}.`
      : `Reaching a Windows host over WinRM needs Windows: Windows' own PowerShell remoting client does it, and RDP Doctor runs on ${platform} here.`;
  return new RemediationError(
    'needs-windows',
    `${why} Use the console script (--host-kind windows --script ps1) at the host instead.`,
  );
}

/** Transport factory for `via: 'local'` (the target is this computer). */
export async function openLocal(access: HostAccessResolved): Promise<Driver> {
  if (access.via !== 'local') throw new RemediationError('unsupported-transport', 'not a local access');
  const why = needsWindows('local');
  if (why) throw why;
  return new PowerShellDriver();
}

/** Transport factory for `via: 'winrm'`. */
export async function openWinrm(access: HostAccessResolved): Promise<Driver> {
  if (access.via !== 'winrm') throw new RemediationError('unsupported-transport', 'not a WinRM access');
  const why = needsWindows('winrm');
  if (why) throw why;
  if (access.password !== undefined && !access.user) {
    throw new RemediationError('bad-input', 'A WinRM password was given without --user DOMAIN\\name.');
  }
  return new PowerShellDriver({
    remote: { computer: access.computer, port: access.port, useSsl: access.useSsl, user: access.user },
    password: access.password,
  });
}
