/**
 * The SSH transport (ssh2): key file (+ passphrase), agent or password; the host key verified before any
 * authentication; root, or sudo (`sudo -n` when allowed, else `sudo -S` with the password on stdin).
 * Scripts are repo files run as `sh -c <script> <name> <args…>`, every word quoted by shellQuote; file reads
 * go through SFTP (falling back to an elevated `cat` when the account cannot read the file).
 */
import { readFileSync } from 'node:fs';
import type { Client, ClientChannel, ConnectConfig, SFTPWrapper } from 'ssh2';
import type { HostAccessResolved } from '../../../shared/remediation';
import { abortError, type Driver, RemediationError, type RunOptions, type RunResult } from '../types';
import { decideHostKey } from './hostKeyCheck';
import { fingerprintOf, type KnownHosts, keyTypeOf } from './knownHosts';
import { shellCommand, shellQuote } from './shellQuote';

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

export class SshDriver implements Driver {
  readonly reachedAs: string;
  /** the host key fingerprint this connection accepted */
  hostKey?: string;
  private sudo: Promise<SudoMode> | null = null;
  private sftpSession: Promise<SFTPWrapper> | null = null;

  private constructor(
    private readonly client: Client,
    private readonly access: SshAccess,
    private readonly scripts: Record<string, string>,
  ) {
    this.reachedAs = `${access.user}@${access.host}:${access.port} (ssh)`;
  }

  static async connect(access: SshAccess, opts: SshConnectOptions): Promise<SshDriver> {
    let seen: string | undefined;
    const client = await openClient(access, opts, (fingerprint) => {
      seen = fingerprint;
    });
    const driver = new SshDriver(client, access, opts.scripts);
    driver.hostKey = seen;
    return driver;
  }

  /** One remote command line (already quoted) with optional stdin; streams lines; honours the signal. */
  private exec(command: string, opts: RunOptions & { secretStdin?: string }): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      if (opts.signal?.aborted) return reject(abortError());
      this.client.exec(command, (err, stream: ClientChannel) => {
        if (err)
          return reject(new RemediationError('ssh-failed', `The SSH server refused to run a command: ${err.message}`));
        let stdout = '';
        let stderr = '';
        const partial = { stdout: '', stderr: '' };
        let aborted = false;
        const feed = (which: 'stdout' | 'stderr', chunk: Buffer) => {
          const text = chunk.toString('utf8');
          if (which === 'stdout') stdout += text;
          else stderr += text;
          partial[which] += text;
          const lines = partial[which].split('\n');
          partial[which] = lines.pop() ?? '';
          for (const line of lines) opts.onLine?.(line, which);
        };
        const onAbort = () => {
          aborted = true;
          // Stop the remote command, then wait for the channel to close: the caller undoes only after the
          // command is gone, so nothing changes behind its back.
          try {
            stream.signal('TERM');
          } catch {
            /* the server may not support signals */
          }
          stream.close();
        };
        opts.signal?.addEventListener('abort', onAbort, { once: true });
        stream.on('data', (c: Buffer) => feed('stdout', c));
        stream.stderr.on('data', (c: Buffer) => feed('stderr', c));
        stream.on('close', (code: number | null) => {
          opts.signal?.removeEventListener('abort', onAbort);
          for (const which of ['stdout', 'stderr'] as const) if (partial[which]) opts.onLine?.(partial[which], which);
          if (aborted) return reject(abortError());
          resolve({ exitCode: code ?? 255, stdout, stderr });
        });
        if (opts.secretStdin !== undefined) stream.write(opts.secretStdin);
        if (opts.stdin !== undefined) stream.write(opts.stdin);
        stream.end();
      });
    });
  }

  /** How this account gets root: decided once, on the first elevated command. */
  private sudoMode(): Promise<SudoMode> {
    this.sudo ??= (async () => {
      if (this.access.user === 'root') return 'root';
      const probe = await this.exec('sudo -n true', {});
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
      const check = await this.exec("sudo -S -k -p '' true", { secretStdin: `${password}\n` });
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
    })();
    // a failed decision is not cached as success, but is remembered so the next call says the same
    return this.sudo;
  }

  private async elevate(command: string, opts: RunOptions): Promise<{ command: string; secretStdin?: string }> {
    if (!opts.elevated) return { command };
    const mode = await this.sudoMode();
    if (mode === 'root') return { command };
    if (mode === 'nopasswd') return { command: `sudo -n -- ${command}` };
    // -k: always ask, so the password line is always read by sudo and never reaches the command's stdin
    return { command: `sudo -S -k -p '' -- ${command}`, secretStdin: `${this.access.sudoPassword}\n` };
  }

  async run(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    const { command, secretStdin } = await this.elevate(shellCommand(argv), opts);
    return this.exec(command, { ...opts, secretStdin });
  }

  async runScript(name: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    const text = this.scripts[name];
    if (text === undefined) throw new Error(`No script named ${name}`);
    // sh -c SCRIPT NAME ARGS…: the script is the repo file's text as one quoted word; args are "$1" "$2"…
    const { command, secretStdin } = await this.elevate(
      `sh -c ${shellQuote(text)} ${shellCommand([name, ...args])}`,
      opts,
    );
    return this.exec(command, { ...opts, secretStdin });
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
    // root-only file: an elevated cat, the path as one quoted word
    const res = await this.run(['cat', '--', path], { elevated: true, signal: opts.signal });
    if (res.exitCode !== 0) {
      if (/No such file/i.test(res.stderr)) return null;
      throw new RemediationError('read-failed', `Cannot read ${path} on the host: ${res.stderr.trim()}`);
    }
    return Buffer.from(res.stdout, 'utf8');
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
