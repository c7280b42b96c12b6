/**
 * From what the technician typed on "How to reach the host" to a `HostAccess` request value, with a
 * clear sentence for each mistake. Secrets are copied into the request value only here, once per request.
 */
import type { HostAccess } from '../../../shared/remediation';

export type AccessVia = 'ssh' | 'local' | 'winrm' | 'script';
export type SshAuthChoice = 'key-file' | 'key-text' | 'agent' | 'password';

/** The parts of the SSH form that are not secret (these may be remembered between sessions). */
export interface SshForm {
  host: string;
  port: string;
  user: string;
  auth: SshAuthChoice;
  identityFile: string;
}

export interface WinrmForm {
  computer: string;
  useSsl: boolean;
  user: string;
}

/** Held in memory only while a request needs them; never persisted, cleared after use. */
export interface FixSecrets {
  privateKey: string;
  passphrase: string;
  password: string;
  sudoPassword: string;
  winrmPassword: string;
}

export const NO_SECRETS: FixSecrets = {
  privateKey: '',
  passphrase: '',
  password: '',
  sudoPassword: '',
  winrmPassword: '',
};

export type AccessCheck = { ok: true; access: HostAccess } | { ok: false; message: string; field?: string };

/** 1..65535 or a sentence saying why not. */
export function checkPort(text: string): number | string {
  const t = text.trim();
  if (!/^\d{1,5}$/.test(t)) return `"${text}" is not a port number: use 1 to 65535 (SSH uses 22).`;
  const n = Number(t);
  if (n < 1 || n > 65535) return `"${text}" is not a port number: use 1 to 65535 (SSH uses 22).`;
  return n;
}

export function buildSshAccess(
  form: SshForm,
  secrets: FixSecrets,
  trustHostKey?: string | null,
  replaceHostKey?: string | null,
): AccessCheck {
  const host = form.host.trim();
  if (!host) return { ok: false, field: 'ssh-host', message: 'Type the SSH host (name or address) to reach.' };
  if (/\s/.test(host) || host.length > 300)
    return { ok: false, field: 'ssh-host', message: 'The SSH host is a name or address without spaces.' };
  const port = checkPort(form.port);
  if (typeof port === 'string') return { ok: false, field: 'ssh-port', message: port };
  const user = form.user.trim();
  if (!user) return { ok: false, field: 'ssh-user', message: 'Type the SSH user name (root, or a user with sudo).' };
  let auth: Extract<HostAccess, { via: 'ssh' }>['auth'];
  const passphrase = secrets.passphrase ? { passphrase: secrets.passphrase } : {};
  switch (form.auth) {
    case 'key-file': {
      const identityFile = form.identityFile.trim();
      if (!identityFile)
        return { ok: false, field: 'ssh-identity', message: 'Type the path of the private key file on this computer.' };
      auth = { method: 'key', identityFile, ...passphrase };
      break;
    }
    case 'key-text':
      if (!/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(secrets.privateKey))
        return {
          ok: false,
          field: 'ssh-key-text',
          message: 'Paste the whole private key, from "-----BEGIN … PRIVATE KEY-----" to its END line.',
        };
      auth = { method: 'key', privateKey: secrets.privateKey, ...passphrase };
      break;
    case 'agent':
      auth = { method: 'agent' };
      break;
    case 'password':
      if (!secrets.password)
        return { ok: false, field: 'ssh-password', message: 'Type the SSH password (it is used once and never kept).' };
      auth = { method: 'password', password: secrets.password };
      break;
  }
  return {
    ok: true,
    access: {
      via: 'ssh',
      host,
      port,
      user,
      auth,
      ...(trustHostKey ? { trustHostKey } : {}),
      ...(trustHostKey && replaceHostKey ? { replaceHostKey } : {}),
      ...(secrets.sudoPassword ? { sudoPassword: secrets.sudoPassword } : {}),
    },
  };
}

export function buildAccess(
  via: AccessVia,
  ssh: SshForm,
  winrm: WinrmForm,
  secrets: FixSecrets,
  trustHostKey?: string | null,
  replaceHostKey?: string | null,
): AccessCheck {
  if (via === 'ssh') return buildSshAccess(ssh, secrets, trustHostKey, replaceHostKey);
  if (via === 'local') return { ok: true, access: { via: 'local' } };
  if (via === 'winrm') {
    const computer = winrm.computer.trim();
    if (!computer) return { ok: false, field: 'winrm-computer', message: 'Type the computer to reach over WinRM.' };
    return {
      ok: true,
      access: {
        via: 'winrm',
        computer,
        useSsl: winrm.useSsl,
        ...(winrm.user.trim() ? { user: winrm.user.trim() } : {}),
        ...(secrets.winrmPassword ? { password: secrets.winrmPassword } : {}),
      },
    };
  }
  return { ok: false, message: 'A script is not a way to run anything: use "Make the script".' };
}

/** The secrets a later request (Undo) needs typed again, given how the host is reached. */
export function secretsNeeded(via: AccessVia, ssh: SshForm): (keyof FixSecrets)[] {
  if (via === 'winrm') return ['winrmPassword'];
  if (via !== 'ssh') return [];
  if (ssh.auth === 'password') return ['password', 'sudoPassword'];
  if (ssh.auth === 'key-text') return ['privateKey', 'passphrase', 'sudoPassword'];
  if (ssh.auth === 'key-file') return ['passphrase', 'sudoPassword'];
  return ['sudoPassword'];
}

/**
 * A pasted private key that needs a passphrase: an OpenSSH key whose cipher is not "none", or a PEM key
 * marked ENCRYPTED (PKCS#8 "ENCRYPTED PRIVATE KEY", or the legacy "Proc-Type: 4,ENCRYPTED"). Read locally,
 * only to decide whether to ask; false when the text is not a key this can read.
 */
export function keyLooksEncrypted(text: string): boolean {
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(text) || /Proc-Type:\s*4,ENCRYPTED/.test(text)) return true;
  const m = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(text);
  if (!m) return false;
  const b64 = (m[1] ?? '').replace(/\s+/g, '');
  let head: string;
  try {
    // "openssh-key-v1\0", then a length-prefixed cipher name: the first 64 bytes are enough
    head = atob(b64.slice(0, 88));
  } catch {
    return false;
  }
  const magic = 'openssh-key-v1\0';
  if (!head.startsWith(magic)) return false;
  const at = magic.length;
  const len =
    ((head.charCodeAt(at) << 24) | (head.charCodeAt(at + 1) << 16) | (head.charCodeAt(at + 2) << 8)) +
    head.charCodeAt(at + 3);
  if (len <= 0 || len > 40) return false;
  const cipher = head.slice(at + 4, at + 4 + len);
  return cipher !== 'none';
}

/** What the core answered that asks for an optional secret. */
export const ASKS_FOR: Record<string, 'passphrase' | 'sudoPassword'> = {
  'ssh-key-passphrase': 'passphrase',
  'ssh-key-unreadable': 'passphrase',
  'sudo-password-needed': 'sudoPassword',
  'sudo-password-wrong': 'sudoPassword',
};

/**
 * The secret fields to show now: the optional ones only when needed. The passphrase when the pasted key is
 * encrypted, or the core said the key needs one (a key file is not read here); the sudo password when the
 * account is not root, or sudo asked for it. A field that holds something typed stays, so nothing typed
 * disappears.
 */
export function secretFieldsShown(
  via: AccessVia,
  ssh: SshForm,
  secrets: FixSecrets,
  asked: readonly ('passphrase' | 'sudoPassword')[] = [],
): (keyof FixSecrets)[] {
  const needed = secretsNeeded(via, ssh);
  return needed.filter((f) => {
    if (secrets[f] !== '') return true;
    if (f === 'passphrase')
      return asked.includes('passphrase') || (ssh.auth === 'key-text' && keyLooksEncrypted(secrets.privateKey));
    if (f === 'sudoPassword')
      return asked.includes('sudoPassword') || (ssh.user.trim() !== '' && ssh.user.trim() !== 'root');
    return true;
  });
}

/** "root@10.0.0.5:22" for headings and messages (never a secret). */
export function describeAccess(via: AccessVia, ssh: SshForm, winrm: WinrmForm): string {
  if (via === 'ssh') return `${ssh.user.trim() || '?'}@${ssh.host.trim() || '?'}:${ssh.port.trim() || '22'} (SSH)`;
  if (via === 'winrm') return `${winrm.computer.trim()} (WinRM${winrm.useSsl ? ' HTTPS' : ''})`;
  if (via === 'local') return 'this computer';
  return 'a script run at the console';
}
