/**
 * The SSH transport (ssh2): key file (+ passphrase), agent or password; the host key verified before any
 * authentication; root, or sudo (`sudo -n` when allowed, else `sudo -S -p <random prompt>` with the password
 * written only when that prompt shows on stderr, never as a command's input).
 * Every command line reaches /bin/sh whatever the account's login shell (loginShellCommand), runs in a
 * process group of its own that cancel kills, and its output stays bytes until decoded once. Scripts are repo
 * files run as `/bin/sh -c <script> <name> <args…>`, every word quoted by shellQuote; file reads go through
 * SFTP (falling back to an elevated `cat` when the account cannot read the file).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Client, ClientChannel, ConnectConfig, SFTPWrapper } from 'ssh2';
import type { HostAccessResolved } from '../../../shared/remediation';
import {
  abortError,
  type CallOptions,
  type Driver,
  type Json,
  RemediationError,
  type RunOptions,
  type RunResult,
} from '../types';
import { decideHostKey } from './hostKeyCheck';
import { fingerprintOf, type KnownHosts, keyTypeOf } from './knownHosts';
import { isResultLine, parseShResult, shInputWords, shSecretLines } from './shCall';
import { loginShellCommand, shellCommand, shellQuote } from './shellQuote';

type SshAccess = Extract<HostAccessResolved, { via: 'ssh' }>;

export interface SshConnectOptions {
  knownHosts: KnownHosts;
  /** script name → script text (repo files, imported as text) */
  scripts: Record<string, string>;
  signal?: AbortSignal;
  readyTimeoutMs?: number;
}

function where(access: SshAccess): string {
  return `${access.host}:${access.port}`;
}

/** Turns ssh2/socket errors into the sentences a technician can act on. */
export function explainConnectError(err: unknown, access: SshAccess): RemediationError {
  if (err instanceof RemediationError) return err;
  const e = err as NodeJS.ErrnoException & { level?: string };
  const at = where(access);
  const msg = e?.message ?? String(err);
  if (e?.level === 'client-authentication') {
    const how =
      access.auth.method === 'password'
        ? 'the password'
        : access.auth.method === 'agent'
          ? "the SSH agent's keys"
          : 'the key';
    return new RemediationError(
      'ssh-auth-failed',
      `The SSH server ${at} refused ${access.user} with ${how}. Check the user name and ${how} (nothing was changed).`,
    );
  }
  if (e?.code === 'ECONNREFUSED') {
    return new RemediationError(
      'ssh-unreachable',
      `Nothing accepts SSH connections at ${at} (connection refused). Is sshd running, and is the port right?`,
    );
  }
  if (e?.code === 'ENOTFOUND' || e?.code === 'EAI_AGAIN') {
    return new RemediationError('ssh-unreachable', `The SSH host name ${access.host} does not resolve.`);
  }
  if (e?.code === 'ETIMEDOUT' || e?.code === 'EHOSTUNREACH' || e?.code === 'ENETUNREACH' || /Timed out/i.test(msg)) {
    return new RemediationError(
      'ssh-unreachable',
      `The SSH server ${at} did not answer in time (${e?.code ?? 'timed out'}).`,
    );
  }
  if (/no passphrase given/i.test(msg)) {
    return new RemediationError('ssh-key-passphrase', 'The private key is encrypted: give its passphrase.');
  }
  if (/Cannot parse privateKey|bad decrypt|Unsupported key format/i.test(msg)) {
    return new RemediationError(
      'ssh-key-unreadable',
      `The private key could not be used: ${msg.replace(/^Cannot parse privateKey: /, '')} (wrong passphrase, or not an SSH private key).`,
    );
  }
  if (/agent/i.test(msg)) return new RemediationError('ssh-agent', `The SSH agent could not be used: ${msg}`);
  return new RemediationError('ssh-failed', `SSH to ${at} failed: ${msg}`);
}

function authConfig(access: SshAccess): Partial<ConnectConfig> {
  const auth = access.auth;
  if (auth.method === 'password') return { password: auth.password, tryKeyboard: false };
  if (auth.method === 'agent') {
    const sock = process.env.SSH_AUTH_SOCK;
    if (!sock) throw new RemediationError('ssh-agent', 'No SSH agent is running here (SSH_AUTH_SOCK is not set).');
    return { agent: sock };
  }
  let privateKey = auth.privateKey;
  if (!privateKey && auth.identityFile) {
    try {
      privateKey = readFileSync(auth.identityFile, 'utf8');
    } catch (err) {
      throw new RemediationError(
        'ssh-key-unreadable',
        `Cannot read the key file ${auth.identityFile}: ${(err as Error).message}`,
      );
    }
  }
  if (!privateKey)
    throw new RemediationError('ssh-key-unreadable', 'No private key was given (a key file or its text).');
  return { privateKey, ...(auth.passphrase ? { passphrase: auth.passphrase } : {}) };
}

/**
 * Connects and checks the host key; resolves with the authenticated client. ssh2 is loaded on first use:
 * every CLI command would otherwise pay its ~60 ms load at start-up, `probe` included.
 */
async function openClient(
  access: SshAccess,
  opts: SshConnectOptions,
  onKey?: (fingerprint: string, keyType: string) => void,
): Promise<Client> {
  const ssh2 = await import('ssh2');
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(abortError());
    const client = new ssh2.Client();
    let refused: RemediationError | null = null;
    let settled = false;
    const done = (err: unknown, ok?: Client) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      if (err) {
        client.end();
        reject(err);
      } else resolve(ok as Client);
    };
    const onAbort = () => done(abortError());
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    let config: ConnectConfig;
    try {
      config = {
        host: access.host,
        port: access.port,
        username: access.user,
        readyTimeout: opts.readyTimeoutMs ?? 15_000,
        ...authConfig(access),
        hostVerifier: (key: Buffer) => {
          const seen = fingerprintOf(key);
          const keyType = keyTypeOf(key);
          onKey?.(seen, keyType);
          const decision = decideHostKey({
            where: where(access),
            seen,
            keyType,
            pinned: access.hostKey,
            known: opts.knownHosts.lookup(access.host, access.port),
            trustNow: access.trustHostKey,
            replaceKnown: access.replaceHostKey,
          });
          if (!decision.accept) {
            refused = new RemediationError(decision.code, decision.message);
            return false;
          }
          if (decision.save) opts.knownHosts.trust(access.host, access.port, seen, keyType);
          return true;
        },
      };
    } catch (err) {
      return done(err);
    }
    client.on('ready', () => done(null, client));
    client.on('error', (err) => done(refused ?? explainConnectError(err, access)));
    client.on('close', () =>
      done(refused ?? new RemediationError('ssh-failed', `The SSH server ${where(access)} closed the connection.`)),
    );
    try {
      client.connect(config);
    } catch (err) {
      done(explainConnectError(err, access));
    }
  });
}

/** The host key an SSH server shows, without authenticating (for the "trust this key?" prompt). */
export async function readHostKey(
  access: SshAccess,
  knownHosts: KnownHosts,
  signal?: AbortSignal,
): Promise<{ fingerprint: string; keyType: string; trusted: boolean; pinnedMismatch: boolean }> {
  let seen: { fingerprint: string; keyType: string } | null = null;
  // Refuse every key so that nothing is authenticated or trusted; only the key is read.
  const probeAccess: SshAccess = {
    ...access,
    hostKey: 'SHA256:0000000000000000000000000000000000000000000',
    trustHostKey: undefined,
  };
  await openClient(probeAccess, { knownHosts, scripts: {}, signal }, (fingerprint, keyType) => {
    seen = { fingerprint, keyType };
  }).then(
    (c) => c.end(),
    (err) => {
      if (!seen) throw explainConnectError(err, access);
    },
  );
  const got = seen as { fingerprint: string; keyType: string } | null;
  if (!got) throw new RemediationError('ssh-failed', `The SSH server ${where(access)} showed no host key.`);
  const known = knownHosts.lookup(access.host, access.port);
  return {
    ...got,
    trusted: known !== null && known.replace(/=+$/, '') === got.fingerprint,
    pinnedMismatch: access.hostKey !== undefined && access.hostKey.replace(/=+$/, '') !== got.fingerprint,
  };
}

type SudoMode = 'root' | 'nopasswd' | 'password';

/**
 * Runs the command in a process group of its own and says which first: `<marker> <pgid>` on stderr, then the
 * command itself (exec, same pid). The driver holds the command's stdin until that line arrives (so a
 * password meant for sudo can never become the command's input) and, on cancel, kills the group as the same
 * user (`kill -TERM -- -PGID`). Fixed text: the marker and the argv arrive as "$1" "$2"…, never spliced.
 * setsid -w: when sh happens to lead its group, setsid forks and waits, so the exit status still arrives.
 */
const GROUP_WRAPPER = [
  'm=$1; shift',
  'if command -v setsid >/dev/null 2>&1; then',
  `  exec setsid -w /bin/sh -c 'printf "%s %s\\n" "$0" "$$" >&2; exec "$@"' "$m" "$@"`,
  'fi',
  'printf "%s -\\n" "$m" >&2',
  'exec "$@"',
].join('\n');

/** What the driver writes to sudo, and when: the password only right after sudo printed this exact prompt. */
interface SudoFeed {
  prompt: string;
  password: string;
}

interface ExecOptions extends RunOptions {
  sudo?: SudoFeed;
  /** the group wrapper's marker: stdin held until it arrives; its pgid is what cancel kills */
  marker?: string;
  /** kills the command's process group on cancel (runs a second command as the same user) */
  killGroup?: (pgid: number) => Promise<void>;
}

interface ExecResult {
  exitCode: number;
  /** raw bytes: decoded (if at all) once, by the caller, never per chunk */
  stdout: Buffer;
  stderr: Buffer;
}

/** Splits a byte stream into lines at \n (a multi-byte UTF-8 character never contains 0x0A). */
class LineSplitter {
  private partial = Buffer.alloc(0);
  constructor(private readonly emit: (line: string) => void) {}
  push(chunk: Buffer): void {
    let buf = this.partial.length ? Buffer.concat([this.partial, chunk]) : chunk;
    for (let nl = buf.indexOf(0x0a); nl >= 0; nl = buf.indexOf(0x0a)) {
      this.emit(buf.subarray(0, nl).toString('utf8'));
      buf = buf.subarray(nl + 1);
    }
    this.partial = Buffer.from(buf);
  }
  flush(): void {
    if (this.partial.length) this.emit(this.partial.toString('utf8'));
    this.partial = Buffer.alloc(0);
  }
}

function randomTag(): string {
  return randomBytes(12).toString('hex');
}

export class SshDriver implements Driver {
  /** the host key fingerprint this connection accepted */
  hostKey?: string;
  private sudo: Promise<SudoMode> | null = null;
  private sudoDecided: SudoMode | null = null;
  private sftpSession: Promise<SFTPWrapper> | null = null;
  /** unique per connection; sudo prints it (LC_ALL=C) and nothing else on the host knows it beforehand */
  private readonly sudoPrompt = `[rdpdoc-sudo-${randomTag()}] `;

  private constructor(
    private readonly client: Client,
    private readonly access: SshAccess,
    private readonly scripts: Record<string, string>,
  ) {}

  static async connect(access: SshAccess, opts: SshConnectOptions): Promise<SshDriver> {
    let seen: string | undefined;
    const client = await openClient(access, opts, (fingerprint) => {
      seen = fingerprint;
    });
    const driver = new SshDriver(client, access, opts.scripts);
    driver.hostKey = seen;
    return driver;
  }

  /** True when sudo is fed the password the account logged in with (the CLI's default without --sudo-password-stdin). */
  get sudoUsesSshPassword(): boolean {
    return (
      this.sudoDecided === 'password' &&
      this.access.auth.method === 'password' &&
      this.access.sudoPassword === this.access.auth.password
    );
  }

  /** "user@host:22 (ssh)"; once sudo has asked for a password, says which one it was given. */
  get reachedAs(): string {
    const base = `${this.access.user}@${this.access.host}:${this.access.port} (ssh`;
    if (this.sudoDecided !== 'password') return `${base})`;
    return `${base}, sudo with ${this.sudoUsesSshPassword ? 'the SSH password' : 'the sudo password'})`;
  }

  /**
   * One remote command line (already quoted) through the login-shell-proof wrapper. Output stays bytes.
   * With `sudo`, the password is written only after sudo's own prompt shows on stderr (and only once: a second
   * prompt means it was wrong, so stdin is closed and sudo fails). With `marker`, nothing else is written until
   * the command reports that it started; both lines are cut from what the caller sees.
   */
  private exec(command: string, opts: ExecOptions): Promise<ExecResult> {
    return new Promise((resolve, reject) => {
      if (opts.signal?.aborted) return reject(abortError());
      this.client.exec(loginShellCommand(command), (err, stream: ClientChannel) => {
        if (err)
          return reject(new RemediationError('ssh-failed', `The SSH server refused to run a command: ${err.message}`));
        const out: Buffer[] = [];
        const errs: Buffer[] = [];
        const lines = {
          stdout: new LineSplitter((l) => opts.onLine?.(l, 'stdout')),
          stderr: new LineSplitter((l) => opts.onLine?.(l, 'stderr')),
        };
        let aborted = false;
        let pgid: number | null = null;
        let started = !opts.marker;
        let passwordSent = false;
        let stdinEnded = false;
        // stderr before the command started: sudo's prompt, sudo's messages, the marker. Latin-1 keeps bytes 1:1.
        let pre = '';

        const endStdin = () => {
          if (stdinEnded) return;
          stdinEnded = true;
          stream.end();
        };
        const giveStdin = () => {
          if (opts.stdin !== undefined) stream.write(opts.stdin);
          endStdin();
        };
        const toStderr = (chunk: Buffer) => {
          if (!chunk.length) return;
          errs.push(chunk);
          lines.stderr.push(chunk);
        };
        const scanPre = () => {
          if (opts.sudo) {
            for (let at = pre.indexOf(opts.sudo.prompt); at >= 0; at = pre.indexOf(opts.sudo.prompt)) {
              pre = pre.slice(0, at) + pre.slice(at + opts.sudo.prompt.length);
              if (passwordSent || stdinEnded) endStdin();
              else {
                passwordSent = true;
                stream.write(`${opts.sudo.password}\n`);
                // sudo's input is done; with no group marker to wait for, the command gets EOF
                if (!opts.marker) endStdin();
              }
            }
          }
          if (opts.marker && !started) {
            const at = pre.indexOf(`${opts.marker} `);
            const nl = at >= 0 ? pre.indexOf('\n', at) : -1;
            if (nl >= 0) {
              const id = Number(pre.slice(at + opts.marker.length + 1, nl));
              pgid = Number.isInteger(id) && id > 1 ? id : null;
              started = true;
              const rest = pre.slice(0, at) + pre.slice(nl + 1);
              pre = '';
              toStderr(Buffer.from(rest, 'latin1'));
              if (aborted) void killNow();
              else giveStdin();
            }
          }
        };
        let fallback: NodeJS.Timeout | undefined;
        const closeLater = (ms: number) => {
          clearTimeout(fallback);
          fallback = setTimeout(() => stream.close(), ms);
          fallback.unref?.();
        };
        const killNow = async () => {
          // a command that ignores TERM: the channel is closed after a while all the same
          closeLater(10_000);
          if (pgid !== null && opts.killGroup) {
            try {
              await opts.killGroup(pgid);
              return;
            } catch {
              /* fall back to signalling the channel */
            }
          }
          try {
            stream.signal('TERM');
          } catch {
            /* the server may not support signals */
          }
          stream.close();
        };
        const onAbort = () => {
          aborted = true;
          // Stop the remote command's whole process group, then wait for the channel to close: the caller
          // undoes only after the command is gone, so nothing changes behind its back. Before the command
          // reported its group, stdin is left alone (an early EOF would let `cat > file` finish with nothing):
          // the marker arrives within moments and the group is killed then, before it got a byte.
          if (started) void killNow();
          else closeLater(15_000);
        };
        opts.signal?.addEventListener('abort', onAbort, { once: true });
        stream.on('data', (c: Buffer) => {
          out.push(c);
          lines.stdout.push(c);
        });
        stream.stderr.on('data', (c: Buffer) => {
          if (started && (opts.marker || !opts.sudo)) return toStderr(c);
          pre += c.toString('latin1');
          scanPre();
          if (pre.length > 64 * 1024) {
            // a chatty (or hostile) sudo before the command started: pass it on, keep a tail where a prompt or
            // the marker may be arriving in pieces
            toStderr(Buffer.from(pre.slice(0, -256), 'latin1'));
            pre = pre.slice(-256);
          }
          if (!opts.marker && opts.sudo) {
            // no marker to wait for: pass on what is not sudo's prompt at once (keeping a prompt cut in two)
            const keep = longestPromptPrefixAtEnd(pre, opts.sudo.prompt);
            toStderr(Buffer.from(pre.slice(0, pre.length - keep), 'latin1'));
            pre = pre.slice(pre.length - keep);
          }
        });
        stream.on('close', (code: number | null) => {
          opts.signal?.removeEventListener('abort', onAbort);
          clearTimeout(fallback);
          if (pre) toStderr(Buffer.from(pre, 'latin1'));
          lines.stdout.flush();
          lines.stderr.flush();
          if (aborted) return reject(abortError());
          resolve({ exitCode: code ?? 255, stdout: Buffer.concat(out), stderr: Buffer.concat(errs) });
        });
        if (started && !opts.sudo) giveStdin();
      });
    });
  }

  /** How this account gets root: decided once, on the first elevated command. */
  private sudoMode(): Promise<SudoMode> {
    this.sudo ??= (async () => {
      if (this.access.user === 'root') return 'root';
      const probe = text(await this.exec('LC_ALL=C sudo -n true', {}));
      if (probe.exitCode === 0) return 'nopasswd';
      if (/not in the sudoers|may not run sudo|not allowed to execute/i.test(probe.stderr)) {
        throw new RemediationError(
          'no-sudo',
          `${this.access.user} may not use sudo on ${this.access.host}: ${probe.stderr.trim()} Use root or an account with sudo rights.`,
        );
      }
      if (!/password is required/i.test(probe.stderr)) {
        throw new RemediationError(
          'no-sudo',
          `sudo does not work for ${this.access.user} on ${this.access.host}: ${probe.stderr.trim() || `exit ${probe.exitCode}`}`,
        );
      }
      const password = this.access.sudoPassword;
      if (password === undefined) {
        throw new RemediationError(
          'sudo-password-needed',
          `sudo asks ${this.access.user} for a password on ${this.access.host}: give the sudo password (read from standard input or typed in the app, never on a command line).`,
        );
      }
      const check = text(
        await this.exec(`LC_ALL=C sudo -S -k -p ${shellQuote(this.sudoPrompt)} -- true`, {
          sudo: { prompt: this.sudoPrompt, password },
        }),
      );
      if (check.exitCode === 0) return 'password';
      if (/not in the sudoers|may not run sudo|not allowed to execute/i.test(check.stderr)) {
        throw new RemediationError(
          'no-sudo',
          `${this.access.user} may not use sudo on ${this.access.host} (sudo: ${check.stderr.trim()}). Use root or an account with sudo rights.`,
        );
      }
      throw new RemediationError(
        'sudo-password-wrong',
        `sudo refused the password for ${this.access.user} on ${this.access.host}.`,
      );
    })().then((mode) => {
      this.sudoDecided = mode;
      return mode;
    });
    // a failed decision is remembered, so the next call says the same
    return this.sudo;
  }

  /** The sudo words in front of a command (none for root), and what to feed sudo. */
  private async elevation(elevated: boolean | undefined): Promise<{ prefix: string; sudo?: SudoFeed }> {
    if (!elevated) return { prefix: '' };
    const mode = await this.sudoMode();
    if (mode === 'root') return { prefix: '' };
    if (mode === 'nopasswd') return { prefix: 'LC_ALL=C sudo -n -- ' };
    // -k: always ask, so the prompt always comes and the password is written only in answer to it. With a
    // NOPASSWD rule for this very command sudo does not ask, and the password is never written at all.
    return {
      prefix: `LC_ALL=C sudo -S -k -p ${shellQuote(this.sudoPrompt)} -- `,
      sudo: { prompt: this.sudoPrompt, password: this.access.sudoPassword ?? '' },
    };
  }

  /** argv run in its own process group (as root when elevated); output as bytes. */
  private async execArgv(argv: readonly string[], opts: RunOptions): Promise<ExecResult> {
    const { prefix, sudo } = await this.elevation(opts.elevated);
    const marker = `rdpdoc-pgid-${randomTag()}`;
    const command = `${prefix}/bin/sh -c ${shellQuote(GROUP_WRAPPER)} rdpdoc-group ${shellQuote(marker)} ${shellCommand(argv)}`;
    return this.exec(command, {
      ...opts,
      sudo,
      marker,
      killGroup: async (pgid) => {
        // the same user the command runs as; never the signal of the caller (already aborted)
        await this.exec(`${prefix}kill -TERM -- ${shellQuote(`-${pgid}`)}`, { sudo });
      },
    });
  }

  async run(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    return text(await this.execArgv(argv, opts));
  }

  async runScript(name: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    const script = this.scripts[name];
    if (script === undefined) throw new Error(`No script named ${name}`);
    // /bin/sh -c SCRIPT NAME ARGS…: the script is the repo file's text as one word; args are "$1" "$2"…
    return text(await this.execArgv(['/bin/sh', '-c', script, name, ...args], opts));
  }

  /**
   * A phase script's action: the input as KEY=VALUE words (data: shellQuote'd by runScript), secrets on stdin,
   * the answer read from the one line that starts with this call's random marker (ssh/shCall.ts).
   */
  async call(name: string, input: Record<string, Json>, opts: CallOptions = {}): Promise<Record<string, unknown>> {
    const { secrets, ...run } = opts;
    const marker = `rdpdoc-result-${randomTag()}`;
    const words = [`rdpdoc_marker=${marker}`, ...shInputWords(input)];
    const hasSecrets = secrets !== undefined && Object.keys(secrets).length > 0;
    if (hasSecrets) words.push('rdpdoc_stdin=1');
    const res = await this.runScript(name, words, {
      ...run,
      stdin: hasSecrets ? shSecretLines(secrets) : undefined,
      onLine: run.onLine && ((line, stream) => (isResultLine(line, marker) ? undefined : run.onLine?.(line, stream))),
    });
    const doc = parseShResult(res.stdout, marker);
    if (!doc) {
      const why = (res.stderr.trim() || res.stdout.trim()).slice(0, 2000);
      throw new RemediationError('command-failed', `${name} failed (exit ${res.exitCode})${why ? `: ${why}` : '.'}`);
    }
    if (doc.ok === false) {
      const e = (doc.error ?? {}) as { code?: unknown; message?: unknown };
      throw new RemediationError(
        typeof e.code === 'string' ? e.code : 'command-failed',
        typeof e.message === 'string' ? e.message : `${name} failed (exit ${res.exitCode}).`,
      );
    }
    return doc;
  }

  private sftp(): Promise<SFTPWrapper> {
    this.sftpSession ??= new Promise((resolve, reject) =>
      this.client.sftp((err, s) => (err ? reject(err) : resolve(s))),
    );
    return this.sftpSession;
  }

  async readFile(path: string, opts: { elevated?: boolean; signal?: AbortSignal } = {}): Promise<Buffer | null> {
    try {
      const sftp = await this.sftp();
      return await new Promise<Buffer>((resolve, reject) =>
        sftp.readFile(path, (err, data) => (err ? reject(err) : resolve(data))),
      );
    } catch (err) {
      const code = (err as { code?: number }).code;
      if (code === 2) return null; // SSH_FX_NO_SUCH_FILE
      if (!opts.elevated)
        throw new RemediationError('read-failed', `Cannot read ${path} on the host: ${(err as Error).message}`);
    }
    // root-only file: an elevated cat, the path as one quoted word; the bytes as they came (Latin-1 survives)
    const res = await this.execArgv(['cat', '--', path], { elevated: true, signal: opts.signal });
    if (res.exitCode !== 0) {
      const stderr = res.stderr.toString('utf8');
      if (/No such file/i.test(stderr)) return null;
      throw new RemediationError('read-failed', `Cannot read ${path} on the host: ${stderr.trim()}`);
    }
    return res.stdout;
  }

  async writeFile(
    path: string,
    data: Buffer,
    opts: { elevated?: boolean; mode?: number; signal?: AbortSignal } = {},
  ): Promise<void> {
    const mode = (opts.mode ?? 0o644).toString(8);
    const res = await this.runScript('put-file.sh', [path, mode], {
      elevated: opts.elevated ?? true,
      stdin: data,
      signal: opts.signal,
    });
    if (res.exitCode !== 0)
      throw new RemediationError('write-failed', `Cannot write ${path} on the host: ${res.stderr.trim()}`);
  }

  async close(): Promise<void> {
    this.client.end();
  }
}

/** Decodes a whole result once (never per chunk). */
function text(res: ExecResult): RunResult {
  return { exitCode: res.exitCode, stdout: res.stdout.toString('utf8'), stderr: res.stderr.toString('utf8') };
}

/** How many characters at the end of `s` could be the start of `prompt` (held back until the rest arrives). */
function longestPromptPrefixAtEnd(s: string, prompt: string): number {
  for (let n = Math.min(s.length, prompt.length - 1); n > 0; n--) if (prompt.startsWith(s.slice(-n))) return n;
  return 0;
}
