/**
 * How the fix commands reach the host: one place that turns CLI options into the contract's HostAccess and
 * host kind. SSH (xrdp hosts) lives here; another transport adds its options in `addAccessOptions` and one
 * branch in `accessFromOptions` (e.g. --winrm COMPUTER, --local, --host-kind windows).
 *
 * Secrets come from standard input only, one per line, in this order: --password-stdin (SSH password),
 * --passphrase-stdin (key passphrase), --sudo-password-stdin (sudo password). Without
 * --sudo-password-stdin, sudo gets the SSH password when one was given.
 */
import type { Command } from 'commander';
import type { HostKind } from '../../shared/findings';
import {
  type HostAccessResolved,
  HostAccessSchema,
  type SshAuth,
  SshFingerprintSchema,
} from '../../shared/remediation';
import { UsageError } from './usage';
import { windowsAccessFromCli } from './windowsAccess';

export interface AccessCliOptions {
  ssh?: string;
  identity?: string;
  agent?: boolean;
  passwordStdin?: boolean;
  passphraseStdin?: boolean;
  sudoPasswordStdin?: boolean;
  sshHostKey?: string;
  trustHostKey?: boolean;
  hostKind?: string;
  winrm?: string;
  winrmSsl?: boolean;
  user?: string;
  local?: boolean;
}

export function addAccessOptions(cmd: Command): Command {
  return cmd
    .option('--ssh <user@host[:port]>', 'reach an xrdp host over SSH as this account (root, or a user with sudo)')
    .option(
      '--identity <file>',
      'SSH private key file (default: the SSH agent when running, else ~/.ssh/id_ed25519 or id_rsa)',
    )
    .option('--agent', 'authenticate with the SSH agent (SSH_AUTH_SOCK)')
    .option('--password-stdin', 'read the SSH (or WinRM --user) password from standard input (first secret line)')
    .option('--passphrase-stdin', "read the private key's passphrase from standard input (next secret line)")
    .option('--sudo-password-stdin', 'read the sudo password from standard input (next secret line)')
    .option('--ssh-host-key <SHA256:…>', "pin the SSH server's host key fingerprint")
    .option('--trust-host-key', "trust the SSH server's host key shown now and remember it (first connection)")
    .option('--host-kind <kind>', 'xrdp (default with --ssh), windows (with --winrm, --local or --script ps1)')
    .option(
      '--winrm <computer[:port]>',
      'reach a Windows host over WinRM (needs Windows here; Kerberos/NTLM by Windows)',
    )
    .option('--winrm-ssl', 'with --winrm: HTTPS (port 5986 unless given)')
    .option(
      '--user <DOMAIN\\name>',
      'with --winrm: this account instead of your own logon (password: --password-stdin)',
    )
    .option('--local', 'the Windows host is this computer (needs Windows, run as administrator)');
}

/** Where the fix commands read standard input from (tests running the CLI in-process replace it). */
export const cliInput: { stdin: NodeJS.ReadableStream } = { stdin: process.stdin };

/** Reads secret lines from standard input, in order, once. */
export class StdinLines {
  private buffered = '';
  private ended = false;
  constructor(private readonly stream: NodeJS.ReadableStream = cliInput.stdin) {}

  async next(what: string): Promise<string> {
    for (;;) {
      const nl = this.buffered.search(/\r?\n/);
      if (nl !== -1) {
        const line = this.buffered.slice(0, nl);
        this.buffered = this.buffered.slice(this.buffered[nl] === '\r' ? nl + 2 : nl + 1);
        return line;
      }
      if (this.ended) {
        if (this.buffered.length) {
          const line = this.buffered;
          this.buffered = '';
          return line;
        }
        throw new UsageError(`${what}: standard input has no more lines`);
      }
      if (this.buffered.length > 4096) throw new UsageError(`${what}: no line ending in 4 KiB of standard input`);
      await this.read();
    }
  }

  private read(): Promise<void> {
    return new Promise((resolve, reject) => {
      const s = this.stream as NodeJS.ReadStream;
      const cleanup = () => {
        s.off('data', onData);
        s.off('end', onEnd);
        s.off('error', onError);
        s.pause?.();
      };
      const onData = (c: Buffer | string) => {
        this.buffered += c.toString();
        cleanup();
        resolve();
      };
      const onEnd = () => {
        this.ended = true;
        cleanup();
        resolve();
      };
      const onError = (err: Error) => {
        cleanup();
        reject(new UsageError(`standard input: ${err.message}`));
      };
      s.on('data', onData);
      s.once('end', onEnd);
      s.once('error', onError);
      s.resume?.();
    });
  }
}

/** "user@host[:port]" or "user@[v6]:port" */
export function parseSshSpec(spec: string): { user: string; host: string; port: number } {
  const m = /^([^@\s]+)@(\[[^\]]+\]|[^:@\s[\]]+)(?::(\d{1,5}))?$/.exec(spec.trim());
  if (!m) throw new UsageError(`--ssh must look like user@host or user@host:port, got "${spec}"`);
  const port = m[3] ? Number(m[3]) : 22;
  if (port < 1 || port > 65535) throw new UsageError(`--ssh: port ${port} is out of range`);
  return { user: m[1] as string, host: (m[2] as string).replace(/^\[|\]$/g, ''), port };
}

export interface ResolvedAccess {
  hostKind: HostKind;
  access: HostAccessResolved;
  /** the SSH server must show its key before we know what to trust (--trust-host-key) */
  trustOnFirstUse: boolean;
}

export async function accessFromOptions(opts: AccessCliOptions, stdin: StdinLines): Promise<ResolvedAccess> {
  if (opts.winrm !== undefined || opts.local) {
    const password = opts.passwordStdin && opts.user ? await stdin.next('--password-stdin') : undefined;
    const access = windowsAccessFromCli(opts, password);
    if (typeof access === 'string') throw new UsageError(access);
    return { hostKind: 'windows', access, trustOnFirstUse: false };
  }
  if (!opts.ssh) {
    throw new UsageError(
      'say how to reach the host: --ssh user@host[:port] (xrdp), --winrm COMPUTER or --local (Windows), or --script sh|ps1 for a console script',
    );
  }
  if (opts.hostKind && opts.hostKind !== 'xrdp')
    throw new UsageError(`--ssh reaches xrdp hosts; --host-kind ${opts.hostKind} is not supported over SSH`);
  const { user, host, port } = parseSshSpec(opts.ssh);
  if (opts.sshHostKey && !SshFingerprintSchema.safeParse(opts.sshHostKey).success) {
    throw new UsageError(`--ssh-host-key must look like SHA256:… (43 base64 characters), got "${opts.sshHostKey}"`);
  }
  if (opts.sshHostKey && opts.trustHostKey)
    throw new UsageError('use either --ssh-host-key or --trust-host-key, not both');
  const methods = [opts.identity !== undefined, opts.agent === true, opts.passwordStdin === true].filter(
    Boolean,
  ).length;
  if (methods > 1) throw new UsageError('choose one way to log in: --identity FILE, --agent or --password-stdin');
  if (opts.passphraseStdin && !opts.identity) throw new UsageError('--passphrase-stdin goes with --identity FILE');
  // secrets: in the documented order
  const password = opts.passwordStdin ? await stdin.next('--password-stdin') : undefined;
  const passphrase = opts.passphraseStdin ? await stdin.next('--passphrase-stdin') : undefined;
  const sudoPassword = opts.sudoPasswordStdin ? await stdin.next('--sudo-password-stdin') : password;
  let auth: SshAuth;
  if (password !== undefined) auth = { method: 'password', password };
  else if (opts.agent) auth = { method: 'agent' };
  else if (opts.identity)
    auth = { method: 'key', identityFile: opts.identity, ...(passphrase !== undefined ? { passphrase } : {}) };
  else if (process.env.SSH_AUTH_SOCK) auth = { method: 'agent' };
  else {
    const home = process.env.HOME ?? '';
    const { existsSync } = await import('node:fs');
    const found = ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((n) => `${home}/.ssh/${n}`).find((p) => existsSync(p));
    if (!found) throw new UsageError('no way to log in: give --identity FILE, --agent or --password-stdin');
    auth = { method: 'key', identityFile: found };
  }
  const parsed = HostAccessSchema.safeParse({
    via: 'ssh',
    host,
    port,
    user,
    auth,
    ...(opts.sshHostKey ? { hostKey: opts.sshHostKey } : {}),
    ...(sudoPassword !== undefined && user !== 'root' ? { sudoPassword } : {}),
  });
  if (!parsed.success) throw new UsageError(`--ssh: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return { hostKind: 'xrdp', access: parsed.data, trustOnFirstUse: opts.trustHostKey === true };
}
