/**
 * Which real peers this machine has. Locally a missing binary skips the tests that need it, with the
 * reason printed; on CI (CI=true) a missing peer is a failure, never a silent skip.
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export type PeerKind = 'xrdp' | 'shadow' | 'sshd' | 'chromium' | 'xfreerdp' | 'nmap' | 'sslscan';

const BINARIES: Record<PeerKind, string[]> = {
  xrdp: ['xrdp', 'runuser', 'unshare'],
  shadow: ['freerdp-shadow-cli', 'Xvfb', 'winpr-hash'],
  sshd: ['sshd', 'ssh-keygen'],
  chromium: ['chromium'],
  xfreerdp: ['xfreerdp', 'Xvfb'],
  nmap: ['nmap'],
  sslscan: ['sslscan'],
};
const APT: Record<PeerKind, string> = {
  xrdp: 'xrdp',
  shadow: 'freerdp2-shadow-x11 xvfb winpr-utils',
  sshd: 'openssh-server',
  chromium: 'chromium',
  xfreerdp: 'freerdp2-x11 xvfb',
  nmap: 'nmap',
  sslscan: 'sslscan',
};

const SEARCH = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/sbin', '/usr/bin'];

export function findBinary(name: string): string | null {
  for (const dir of SEARCH) {
    if (!dir) continue;
    const full = path.join(dir, name);
    try {
      accessSync(full, constants.X_OK);
      return full;
    } catch {
      /* next */
    }
  }
  return null;
}

export function missingFor(kinds: PeerKind[]): string | null {
  const missing: string[] = [];
  for (const kind of kinds) {
    for (const bin of BINARIES[kind]) if (!findBinary(bin)) missing.push(bin);
  }
  if (kinds.includes('xrdp') && process.getuid?.() !== 0) missing.push('(root, to run xrdp as its own user)');
  if (missing.length === 0) return null;
  const apt = kinds.map((k) => APT[k]).join(' ');
  return `missing ${missing.join(', ')} (apt-get install ${apt})`;
}

/**
 * Call at the top of a test file: `const { skip } = needPeers(['xrdp']); describe.skipIf(skip)(...)`.
 * Prints why it skips; throws on CI so the run fails.
 */
export function needPeers(kinds: PeerKind[], file = 'this test file'): { skip: boolean; reason: string | null } {
  const reason = missingFor(kinds);
  if (!reason) return { skip: false, reason: null };
  if (process.env.CI === 'true') {
    throw new Error(`CI must have every peer: ${file} needs ${kinds.join(', ')}: ${reason}`);
  }
  console.warn(`[skipped] ${file}: ${reason}`);
  return { skip: true, reason };
}
