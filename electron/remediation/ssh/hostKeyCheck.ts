/**
 * Whether to go on with an SSH server's host key: pinned (--ssh-host-key), already trusted (known-hosts), or
 * trusted now by the technician who saw this exact fingerprint. Anything else stops before authentication.
 */
import { sameFingerprint } from './knownHosts';

export type HostKeyDecision =
  | { accept: true; save: boolean }
  | { accept: false; code: 'ssh-host-key-mismatch' | 'ssh-host-key-unknown'; message: string };

export function decideHostKey(opts: {
  where: string;
  seen: string;
  keyType: string;
  pinned?: string;
  known: string | null;
  trustNow?: string;
  /** the known key the technician confirmed replacing (server reinstalled), with `trustNow` the new one */
  replaceKnown?: string;
}): HostKeyDecision {
  const { where, seen, keyType } = opts;
  const warn =
    'This can mean someone is intercepting the connection, or the server was reinstalled. Nothing was changed.';
  if (opts.pinned) {
    if (sameFingerprint(opts.pinned, seen)) return { accept: true, save: false };
    return {
      accept: false,
      code: 'ssh-host-key-mismatch',
      message: `The SSH server ${where} shows host key ${seen} (${keyType}), not the pinned ${opts.pinned}. ${warn}`,
    };
  }
  if (opts.known) {
    if (sameFingerprint(opts.known, seen)) return { accept: true, save: false };
    // "This server was reinstalled — replace the trusted key": only the exact old key shown on screen, and
    // only for the exact new key shown there; the new line is appended (the last line for a host wins).
    if (
      opts.replaceKnown &&
      opts.trustNow &&
      sameFingerprint(opts.replaceKnown, opts.known) &&
      sameFingerprint(opts.trustNow, seen)
    )
      return { accept: true, save: true };
    return {
      accept: false,
      code: 'ssh-host-key-mismatch',
      message: `The SSH server ${where} now shows host key ${seen} (${keyType}), but ${opts.known} was trusted before. ${warn}`,
    };
  }
  if (opts.trustNow) {
    if (sameFingerprint(opts.trustNow, seen)) return { accept: true, save: true };
    return {
      accept: false,
      code: 'ssh-host-key-mismatch',
      message: `The SSH server ${where} shows host key ${seen} (${keyType}), not ${opts.trustNow} that you chose to trust. ${warn}`,
    };
  }
  return {
    accept: false,
    code: 'ssh-host-key-unknown',
    message: `The SSH server ${where} is not trusted yet. Its host key is ${seen} (${keyType}). Compare it with what the server itself prints (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub at its console), then trust it (--trust-host-key, or pin it with --ssh-host-key ${seen}).`,
  };
}
