/**
 * xrdp-fix-key-permissions: let the user xrdp runs as read its key file. Debian/Ubuntu: the snakeoil key is
 * root:ssl-cert 0640, so adding that user to the key's group is enough and changes no file. Otherwise the
 * key gets a group that user is in (its primary group) with mode 0640 — never world-readable — and only that
 * one file changes. Undo removes the membership, or puts back the exact owner, group and mode.
 */
import type { Inspection } from '../../../../shared/remediation';
import { type Json, type Phase, RemediationError } from '../../types';
import { xrdpFactsOf } from '../inspectXrdp';
import { basePlan, mustRun } from './support';

const ID = 'xrdp-fix-key-permissions';

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

export function keyStrategy(inspection: Inspection): Strategy {
  const f = xrdpFactsOf(inspection);
  const user = f.xrdpUser;
  if (!user) return { kind: 'none', why: 'The user xrdp runs as is unknown.' };
  if (!f.key.exists || !f.key.real)
    return { kind: 'none', why: `The key file ${f.key.path} does not exist: create a new certificate instead.` };
  const mode = modeBits(f.key.mode);
  const group = f.key.groupEntry?.name ?? f.key.group;
  const groupReads = (mode & 0o040) !== 0;
  const worldReads = (mode & 0o004) !== 0;
  if (group && groupReads && !worldReads && group !== 'root' && !f.userGroups.includes(group)) {
    return { kind: 'join-group', user, group, members: f.key.groupEntry?.members ?? [] };
  }
  const newGroup = f.userPrimaryGroup ?? user;
  const newMode = ((mode & 0o700) | 0o040).toString(8).padStart(4, '0');
  return {
    kind: 'chgrp',
    user,
    path: f.key.real,
    group: newGroup,
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
    return f.key.exists && f.keyReadable === false;
  },
  plan(inspection) {
    const f = xrdpFactsOf(inspection);
    const plan = basePlan(ID, this.addresses, this.risks);
    if (f.keyReadable === true && f.key.exists) return { ...plan, alreadyRight: true };
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
      return {
        ...plan,
        changes: [
          {
            target: s.path,
            before: `${s.oldOwner}:${s.oldGroup} ${s.oldMode}`,
            after: `${s.oldOwner}:${s.group} ${s.newMode}`,
          },
        ],
        commands: [`chgrp ${s.group} ${s.path}`, `chmod ${s.newMode} ${s.path}`],
      };
    }
    return { ...plan, risks: [...plan.risks, s.why] };
  },
  async apply(ctx) {
    const f = xrdpFactsOf(ctx.inspection);
    const s = keyStrategy(ctx.inspection);
    if (s.kind === 'none') throw new RemediationError('phase-not-applicable', s.why);
    if (s.kind === 'join-group') {
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
    await mustRun(ctx, ['chgrp', '--', s.group, s.path]);
    await mustRun(ctx, ['chmod', '--', s.newMode, s.path]);
  },
  async verify(ctx) {
    const f = xrdpFactsOf(ctx.inspection);
    return f.keyReadable
      ? { ok: true, message: `${f.xrdpUser} can read ${f.key.path} now.` }
      : { ok: false, message: `${f.xrdpUser} still cannot read ${f.key.path}.` };
  },
  async undo(ctx, backup) {
    const b = backup as KeyBackup | null;
    if (!b) throw new RemediationError('bad-backup', 'The backup of the key permissions is missing.');
    if (b.kind === 'join-group') {
      await mustRun(ctx, ['gpasswd', '-d', b.user, b.group]);
      return;
    }
    if (!b.path || b.uid === undefined || b.gid === undefined || !b.mode) {
      throw new RemediationError('bad-backup', 'The backup of the key permissions is incomplete.');
    }
    await mustRun(ctx, ['chown', '--', `${b.uid}:${b.gid}`, b.path]);
    await mustRun(ctx, ['chmod', '--', b.mode, b.path]);
  },
};
