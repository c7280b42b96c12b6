// The CLI killed (SIGKILL) in the middle of a fix against a namespaced Debian host (its xrdp started by the
// init script, tests/peers/debianHost.ts) over its own sshd: the pending audit
// line written before the first change lets the next `rdp-doctor undo` — or the next `rdp-doctor fix` —
// find the unfinished fix, offer it, and put xrdp.ini back byte-identical. The built CLI (bin/rdp-doctor.cjs →
// out/) runs as its own process so the kill is a real one: `npm run build` first.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../electron/remediation/auditLog';
import { type DebianHost, needPeers, type SshdPeer, startDebianHost } from '../peers';

const { skip } = needPeers(['debian-host'], 'fix-cli-killed.test.ts');
const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'bin', 'rdp-doctor.cjs');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

function cli(args: string[], env: NodeJS.ProcessEnv, stdin = ''): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c) => {
    out += String(c);
  });
  child.stderr?.on('data', (c) => {
    err += String(c);
  });
  child.stdin?.end(stdin);
  const done = new Promise<Run>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, out, err })));
  return { child, done };
}

describe.skipIf(skip)('CLI killed during apply, then undo', { timeout: 240_000 }, () => {
  let sshd: SshdPeer;
  let xrdp: DebianHost;
  let dataDir: string;
  let identity: string;
  let iniPath: string;
  let original: Buffer;
  let env: NodeJS.ProcessEnv;
  const access = () => [
    '--ssh',
    `${sshd.user}@${sshd.host}:${sshd.port}`,
    '--identity',
    identity,
    '--ssh-host-key',
    sshd.hostKeyFingerprint,
  ];

  beforeAll(async () => {
    if (!existsSync(path.join(ROOT, 'out'))) throw new Error('out/ is missing: run `npm run build` first');
    dataDir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-killed-'));
    env = { ...process.env, RDP_DOCTOR_DATA_DIR: dataDir, NO_COLOR: '1' };
    xrdp = await startDebianHost({ fault: 'security-layer-rdp' });
    sshd = xrdp.sshd;
    iniPath = xrdp.path('/etc/xrdp/xrdp.ini');
    original = readFileSync(iniPath);
    identity = path.join(dataDir, 'id_test');
    writeFileSync(identity, sshd.clientKeyPem, { mode: 0o600 });
  });
  afterAll(async () => {
    await xrdp?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** Starts `fix --yes` and SIGKILLs it as soon as xrdp.ini on disk has changed (mid-job). */
  async function fixAndKill(): Promise<Run> {
    const { child, done } = cli(['fix', xrdp.target, ...access(), '--phase', 'xrdp-set-security-layer', '--yes'], env);
    let exited = false;
    void done.then(() => {
      exited = true;
    });
    while (!exited && readFileSync(iniPath).equals(original)) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    const run = await done;
    expect(run.signal, `the fix ended on its own before the kill:\n${run.out}\n${run.err}`).toBe('SIGKILL');
    expect(readFileSync(iniPath).equals(original)).toBe(false);
    return run;
  }

  /** backup copies left on the host (its /var/backups/rdp-doctor) */
  const backups = () => {
    const d = xrdp.path('/var/backups/rdp-doctor');
    return existsSync(d) ? readdirSync(d) : [];
  };

  it('`undo` names the unfinished fix and puts xrdp.ini back byte-identical', async () => {
    await fixAndKill();
    const [cut] = AuditLog.inDir(dataDir).unfinished(xrdp.target);
    expect(cut).toMatchObject({ target: xrdp.target, unfinished: true });
    expect(cut?.entries.map((e) => e.phase)).toEqual(['xrdp-set-security-layer']);
    // the pending line names the host key the change went through and the hash of what it wrote
    expect(cut?.entries[0]?.hostKey).toBe(sshd.hostKeyFingerprint);
    expect(cut?.entries[0]?.written?.map((w) => w.path)).toContain('/etc/xrdp/xrdp.ini');

    const u = await cli(['undo', xrdp.target, ...access(), '--yes'], env).done;
    expect(u.err).toContain(`an unfinished fix from ${cut?.at} on ${xrdp.target}`);
    expect(u.err).toContain(
      `can be undone: rdp-doctor undo ${xrdp.target} --ssh ${sshd.user}@${sshd.host}:${sshd.port}`,
    );
    expect(u.out).toContain('(an unfinished fix: it was cut short)');
    expect(u.code, `${u.out}\n${u.err}`).toBe(0);
    expect(readFileSync(iniPath).equals(original)).toBe(true);
    expect(backups()).toEqual([]);
    expect(AuditLog.inDir(dataDir).unfinished()).toEqual([]);
    expect(AuditLog.inDir(dataDir).lastUndoable(xrdp.target)).toBeNull();
  });

  it('`fix` offers the undo first: "no" changes nothing; "--yes" undoes it before fixing', async () => {
    await fixAndKill();
    const changed = readFileSync(iniPath);
    const no = await cli(['fix', xrdp.target, ...access(), '--phase', 'xrdp-set-security-layer'], env, 'n\n').done;
    expect(no.err).toContain(`an unfinished fix from `);
    expect(no.err).toContain(` on ${xrdp.target} (`);
    expect(no.err).toContain('can be undone: rdp-doctor undo');
    expect(no.err).toContain('Nothing was changed. Undo it first');
    expect(no.code).toBe(1);
    expect(readFileSync(iniPath).equals(changed)).toBe(true);

    const yes = await cli(['fix', xrdp.target, ...access(), '--phase', 'xrdp-set-security-layer', '--yes'], env).done;
    expect(yes.out, yes.err).toMatch(/Undone: job \S+ is put back\./);
    // then the fix itself ran on the host as it was: a new job, with its own backup and undo
    expect(yes.out).toContain('xrdp-set-security-layer: applied');
    const u = await cli(['undo', xrdp.target, ...access(), '--yes'], env).done;
    expect(u.code, `${u.out}\n${u.err}`).toBe(0);
    expect(readFileSync(iniPath).equals(original)).toBe(true);
    expect(backups()).toEqual([]);
  });

  it('an edit by hand after the cut-short fix: `undo` refuses and explains; `undo --force` puts the backup back', async () => {
    await fixAndKill();
    const edited = Buffer.concat([readFileSync(iniPath), Buffer.from('; edited by hand later\n')]);
    writeFileSync(iniPath, edited);
    const refused = await cli(['undo', xrdp.target, ...access(), '--yes'], env).done;
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('Nothing was put back: the host is not as the fix left it.');
    expect(refused.err).toContain('/etc/xrdp/xrdp.ini was changed after the fix');
    expect(refused.err).toContain('Run the undo again with --force');
    expect(readFileSync(iniPath).equals(edited)).toBe(true);
    const forced = await cli(['undo', xrdp.target, ...access(), '--yes', '--force'], env).done;
    expect(forced.code, `${forced.out}\n${forced.err}`).toBe(0);
    expect(readFileSync(iniPath).equals(original)).toBe(true);
    expect(backups()).toEqual([]);
  });
});
