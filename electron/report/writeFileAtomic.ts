/**
 * Writes a file so that it is either complete or absent: the bytes go to a temporary file in the same
 * folder (same filesystem, so the rename is atomic), flushed, then renamed over the target. Any failure
 * removes the temporary file and becomes a ReportError('unwritable') that names the path and the reason.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ReportError } from './errors';

const REASONS: Record<string, string> = {
  ENOENT: 'the folder does not exist',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  EDQUOT: 'the disk quota is exceeded',
  ENAMETOOLONG: 'the name is too long',
};

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const target = path.resolve(file);
  const dir = path.dirname(target);
  const temp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // Refuse a folder up front: rename() would replace an empty one on some systems.
    const existing = await stat(target).catch(() => null);
    if (existing?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    const code = (err as NodeJS.ErrnoException)?.code ?? '';
    const reason = REASONS[code] ?? (err as Error)?.message ?? String(err);
    throw new ReportError('unwritable', `Cannot write the report to ${target}: ${reason}.`);
  }
}
