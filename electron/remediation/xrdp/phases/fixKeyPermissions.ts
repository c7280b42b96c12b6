/**
 * xrdp-fix-key-permissions: let the user xrdp runs as read its key file. Debian/Ubuntu: the snakeoil key is
 * root:ssl-cert 0640, so adding that user to ssl-cert is enough and changes no file. Otherwise the key gets
 * the xrdp user's own group with mode 0640 — never world-readable — and only that one file changes. Undo
 * removes the membership, or puts back the exact owner, group and mode.
 *
 * On a host that may be hostile: only ssl-cert is ever joined (never adm, shadow, root, sudo, wheel, disk,
 * staff or any other group whose members read other things); the key must belong to its certificate (else a
 * new certificate is the fix); the port must be the service's own xrdp; and the key file and every folder on
 * the way must be root's alone, checked again on the host right before the chown/chmod (root-file-mode.sh).
 */
import type { Inspection } from '../../../../shared/remediation';
import { type Json, type Phase, RemediationError } from '../../types';
import { stripControl } from '../hostText';
import { mayJoinGroup, pathProblem } from '../hostTrust';
import { type XrdpFacts, xrdpFactsOf } from '../inspectXrdp';
import { basePlan, mustRun, mustRunScript, refusedPlan, trustProblem } from './support';

const ID = 'xrdp-fix-key-permissions';

/** Groups whose membership or file access reaches far beyond one key: never given to xrdp's key. */
const NEVER_GROUPS = new Set(['root', 'adm', 'shadow', 'sudo', 'wheel', 'disk', 'staff', 'admin', 'kmem', 'users']);

type Strategy =
  | { kind: 'join-group'; user: string; group: string; members: string[] }
  | {
      kind: 'chgrp';
      user: string;
      path: string;
      group: string;
      oldGroup: string;
      oldOwner: string;
      oldMode: string;
      newMode: string;
    }
  | { kind: 'none'; why: string };

function modeBits(mode: string | null): number {
  return mode ? Number.parseInt(mode, 8) : 0;
}

/** The key is there, parses and belongs to its certificate: only who may read it is wrong. */
function keyUsable(f: XrdpFacts): boolean {
  return f.key.exists && f.keyValid !== false && f.certValid !== false && f.keyMatchesCert !== false;
}

export function keyStrategy(inspection: Inspection): Strategy {
  const f = xrdpFactsOf(inspection);
  const refused = trustProblem(f);
  if (refused) return { kind: 'none', why: refused };
  const user = f.xrdpUser;
  if (!user) return { kind: 'none', why: 'The user xrdp runs as is unknown.' };
  const keyPath = stripControl(f.key.path);
  if (!f.key.exists || !f.key.real)
    return { kind: 'none', why: `The key file ${keyPath} does not exist: create a new certificate instead.` };
  if (!keyUsable(f))
    return {
      kind: 'none',
      why: `The key file ${keyPath} does not parse or does not belong to its certificate: create a new certificate instead.`,
    };
  const unsafe = pathProblem(f.pathChecks.key, { what: 'The key file', path: f.key.path });
  if (unsafe) return { kind: 'none', why: unsafe };
  const mode = modeBits(f.key.mode);
  const group = f.key.groupEntry?.name ?? f.key.group;
  const groupReads = (mode & 0o040) !== 0;
  const worldReads = (mode & 0o004) !== 0;
  if (group && groupReads && !worldReads && mayJoinGroup(group) && !f.userGroups.includes(group)) {
    return { kind: 'join-group', user, group, members: f.key.groupEntry?.members ?? [] };
  }
  // the user's own (private) group: giving it read on this one file gives it to nobody else
  const own = f.userPrimaryGroup;
  if (!own || own !== user || NEVER_GROUPS.has(own)) {
    return {
      kind: 'none',
      why: `The key's group ${group ?? '?'} is not one xrdp may join (only ssl-cert), and ${user}'s primary group ${own ?? '?'} is not its own: give ${user} read access yourself, or create a new certificate.`,
    };
  }
  const newMode = ((mode & 0o700) | 0o040).toString(8).padStart(4, '0');
  return {
    kind: 'chgrp',
    user,
    path: f.key.real,
    group: own,
    oldGroup: f.key.group ?? '?',
    oldOwner: f.key.owner ?? '?',
    oldMode: f.key.mode ?? '?',
    newMode,
  };
}

interface KeyBackup {
  kind: 'join-group' | 'chgrp';
  user: string;
  group: string;
  path?: string;
  uid?: number;
  gid?: number;
  mode?: string;
  [k: string]: Json | undefined;
}

export const fixKeyPermissions: Phase = {
  id: ID,
  hostKind: 'xrdp',
  addresses: ['tls-key-unusable', 'tls-unavailable', 'tls-handshake-failed', 'tls-cert-unavailable'],
  risks: ['Takes effect when xrdp restarts (the restart phase disconnects every session).'],
  wanted(inspection) {
    const f = xrdpFactsOf(inspection);
    return trustProblem(f) === null && keyUsable(f) && f.keyReadable === false;
  },
  plan(inspection) {
    const f = xrdpFactsOf(inspection);
    const plan = basePlan(ID, this.addresses, this.risks);
    if (f.keyReadable === true && f.key.exists && trustProblem(f) === null) return { ...plan, alreadyRight: true };
    const s = keyStrategy(inspection);
    if (s.kind === 'join-group') {
      return {
        ...plan,
        changes: [
          {
            target: `members of group ${s.group}`,
            before: s.members.join(',') || '(none)',
            after: [...s.members, s.user].join(','),
          },
        ],
        commands: [`usermod -a -G ${s.group} ${s.user}`],
      };
    }
    if (s.kind === 'chgrp') {
      const path = stripControl(s.path);
      return {
        ...plan,
        changes: [
          {
            target: path,
            before: `${s.oldOwner}:${s.oldGroup} ${s.oldMode}`,
            after: `${s.oldOwner}:${s.group} ${s.newMode}`,
          },
        ],
        commands: [`chgrp ${s.group} ${path}`, `chmod ${s.newMode} ${path}`],
      };
    }
    return refusedPlan(plan, s.why);
  },
  async apply(ctx) {
    const f = xrdpFactsOf(ctx.inspection);
    const s = keyStrategy(ctx.inspection);
    if (s.kind === 'none') throw new RemediationError('phase-not-applicable', s.why);
    if (s.kind === 'join-group') {
      if (!mayJoinGroup(s.group)) throw new RemediationError('refused-unsafe-host', `Refused: group ${s.group}.`);
      ctx.backup({ kind: 'join-group', user: s.user, group: s.group });
      await mustRun(ctx, ['usermod', '-a', '-G', s.group, s.user]);
      return;
    }
    ctx.backup({
      kind: 'chgrp',
      user: s.user,
      group: s.group,
      path: s.path,
      uid: f.key.uid ?? 0,
      gid: f.key.gid ?? 0,
      mode: f.key.mode ?? '0600',
    });
    // the owner stays; the script refuses when any component on the way is not root's alone or a symlink
    await mustRunScript(ctx, 'root-file-mode.sh', [s.path, `${f.key.uid ?? 0}:${s.group}`, s.newMode]);
  },
  async verify(ctx) {
    const f = xrdpFactsOf(ctx.inspection);
    return f.keyReadable
      ? { ok: true, message: `${f.xrdpUser} can read ${stripControl(f.key.path)} now.` }
      : { ok: false, message: `${f.xrdpUser} still cannot read ${stripControl(f.key.path)}.` };
  },
  async undo(ctx, backup) {
    const b = backup as KeyBackup | null;
    if (!b) throw new RemediationError('bad-backup', 'The backup of the key permissions is missing.');
    if (b.kind === 'join-group') {
      await mustRun(ctx, ['gpasswd', '-d', b.user, b.group]);
      return;
    }
    if (!b.path || b.uid === undefined || b.gid === undefined || !b.mode || !/^[0-7]{3,4}$/.test(b.mode)) {
      throw new RemediationError('bad-backup', 'The backup of the key permissions is incomplete.');
    }
    await mustRunScript(ctx, 'root-file-mode.sh', [b.path, `${b.uid}:${b.gid}`, b.mode]);
  },
};
