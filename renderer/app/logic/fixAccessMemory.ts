/**
 * The last SSH access used per RDP target, remembered in localStorage so a second visit needs fewer
 * keystrokes. Only the non-secret form fields are written (host, port, user, how to sign in, key path):
 * never a password, passphrase, pasted key or sudo password.
 */
import type { SshAuthChoice, SshForm } from './fixAccess';

export const FIX_ACCESS_KEY = 'rdp-doctor.fixAccess.v1';
const MAX_TARGETS = 8;
const AUTH: readonly SshAuthChoice[] = ['key-file', 'key-text', 'agent', 'password'];

type Memory = Record<string, SshForm>;

function read(storage: Storage | null): Memory {
  if (!storage) return {};
  try {
    const parsed: unknown = JSON.parse(storage.getItem(FIX_ACCESS_KEY) ?? '{}');
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    const out: Memory = {};
    for (const [target, v] of Object.entries(parsed as Record<string, unknown>).slice(0, MAX_TARGETS)) {
      const f = v as Partial<Record<keyof SshForm, unknown>>;
      if (
        typeof f.host === 'string' &&
        typeof f.port === 'string' &&
        typeof f.user === 'string' &&
        typeof f.identityFile === 'string' &&
        AUTH.includes(f.auth as SshAuthChoice)
      ) {
        out[target] = {
          host: f.host.slice(0, 300),
          port: f.port.slice(0, 5),
          user: f.user.slice(0, 256),
          auth: f.auth as SshAuthChoice,
          identityFile: f.identityFile.slice(0, 4096),
        };
      }
    }
    return out;
  } catch {
    return {};
  }
}

export function loadFixAccess(storage: Storage | null, target: string): SshForm | null {
  return read(storage)[target.toLowerCase()] ?? null;
}

export function saveFixAccess(storage: Storage | null, target: string, form: SshForm): void {
  if (!storage) return;
  const mem = read(storage);
  delete mem[target.toLowerCase()];
  // Spelled out field by field so nothing else (a secret added to the form one day) can slip in.
  const entry: SshForm = {
    host: form.host.trim(),
    port: form.port.trim(),
    user: form.user.trim(),
    auth: form.auth,
    identityFile: form.identityFile.trim(),
  };
  const next = Object.fromEntries([[target.toLowerCase(), entry], ...Object.entries(mem)].slice(0, MAX_TARGETS));
  try {
    storage.setItem(FIX_ACCESS_KEY, JSON.stringify(next));
  } catch {
    // Storage full or disabled: remembering is a convenience.
  }
}
