/**
 * The CLI's Windows choices → the contract's HostAccess: `--winrm COMPUTER[:PORT] [--winrm-ssl]
 * [--user DOMAIN\name --password-stdin]` or `--local`. Returns the access, or the sentence that says what is
 * wrong (the CLI turns it into a usage error, exit 2). The password comes from standard input only.
 */
import { type HostAccessResolved, HostAccessSchema } from '../../shared/remediation';

export interface WindowsCliOptions {
  winrm?: string;
  winrmSsl?: boolean;
  user?: string;
  local?: boolean;
  passwordStdin?: boolean;
  ssh?: string;
  hostKind?: string;
}

/** a DNS name, an IPv4 address or a bracketed IPv6 address, then an optional :port */
const SPEC = /^(\[[0-9A-Fa-f:.%A-Za-z]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}[A-Za-z0-9])?)(?::(\d{1,5}))?$/;
/** DOMAIN\name, name@domain or name: no control characters, no quotes */
const USER = /^[^\x00-\x1f"'`]{1,256}$/;

export function windowsAccessFromCli(
  opts: WindowsCliOptions,
  password: string | undefined,
): HostAccessResolved | string {
  if (opts.winrm !== undefined && opts.local) return 'use either --winrm COMPUTER or --local, not both';
  if (opts.ssh) return '--ssh reaches xrdp hosts; --winrm and --local reach Windows hosts: choose one';
  if (opts.hostKind && opts.hostKind !== 'windows')
    return `--winrm and --local reach Windows hosts; --host-kind ${opts.hostKind} does not go with them`;
  if (opts.local) {
    if (opts.user || opts.passwordStdin || opts.winrmSsl)
      return '--local runs as you on this computer: --user, --password-stdin and --winrm-ssl go with --winrm';
    return { via: 'local' };
  }
  const m = SPEC.exec((opts.winrm ?? '').trim());
  if (!m)
    return `--winrm must be a computer name or address, optionally :port (e.g. srv01, 10.0.0.5:5986), got "${opts.winrm}"`;
  const port = m[2] ? Number(m[2]) : undefined;
  if (port !== undefined && (port < 1 || port > 65535)) return `--winrm: port ${port} is out of range`;
  if (opts.user !== undefined && !USER.test(opts.user)) return '--user must look like DOMAIN\\name or name@domain';
  if (opts.passwordStdin && !opts.user)
    return '--password-stdin goes with --user DOMAIN\\name (without --user your own Windows logon is used)';
  if (opts.user && !opts.passwordStdin)
    return '--user needs --password-stdin (the password is never taken from the command line)';
  const parsed = HostAccessSchema.safeParse({
    via: 'winrm',
    computer: (m[1] as string).replace(/^\[|\]$/g, ''),
    ...(port ? { port } : {}),
    useSsl: opts.winrmSsl === true,
    ...(opts.user ? { user: opts.user, password: password ?? '' } : {}),
  });
  if (!parsed.success) return `--winrm: ${parsed.error.issues[0]?.message ?? 'invalid'}`;
  return parsed.data;
}
