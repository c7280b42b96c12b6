/**
 * The app's SSH known-hosts file (in the data folder): one line per host, "[host]:port SHA256:… keytype".
 * A key is added only when the technician trusted that exact fingerprint; a different key later is a
 * mismatch that stops everything.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const KNOWN_HOSTS_FILE = 'ssh-known-hosts';

/** "SHA256:" + unpadded base64 of the key blob's SHA-256, as OpenSSH prints it. */
export function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named at the start of an SSH public key blob (RFC 4253 6.6), e.g. "ssh-ed25519". */
export function keyTypeOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const len = keyBlob.readUInt32BE(0);
  if (len > 64 || 4 + len > keyBlob.length) return 'unknown';
  return keyBlob.subarray(4, 4 + len).toString('latin1');
}

/** Compares fingerprints ignoring base64 padding. */
export function sameFingerprint(a: string, b: string): boolean {
  return a.replace(/=+$/, '') === b.replace(/=+$/, '');
}

function hostId(host: string, port: number): string {
  return `[${host.toLowerCase()}]:${port}`;
}

export class KnownHosts {
  constructor(readonly file: string) {}

  static inDir(dir: string): KnownHosts {
    return new KnownHosts(path.join(dir, KNOWN_HOSTS_FILE));
  }

  /** The trusted fingerprint for host:port, or null. */
  lookup(host: string, port: number): string | null {
    if (!existsSync(this.file)) return null;
    const id = hostId(host, port);
    let found: string | null = null;
    for (const line of readFileSync(this.file, 'utf8').split('\n')) {
      const [who, fp] = line.trim().split(/\s+/);
      if (who === id && fp?.startsWith('SHA256:')) found = fp;
    }
    return found;
  }

  trust(host: string, port: number, fingerprint: string, keyType: string): void {
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    appendFileSync(this.file, `${hostId(host, port)} ${fingerprint} ${keyType.replace(/\s/g, '')}\n`, { mode: 0o600 });
  }
}
