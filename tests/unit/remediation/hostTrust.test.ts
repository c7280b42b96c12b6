// What may be trusted on a possibly hostile xrdp host: the path walk's verdict (root's alone, no symlink for
// a write, the backup folder 0700), the listener judged against the service manager's pid, the groups xrdp
// may join, and host text stripped of control characters.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stripControl } from '../../../electron/remediation/xrdp/hostText';
import {
  isUserName,
  judgeListener,
  mayJoinGroup,
  type PathComponent,
  parsePathComponents,
  parseProc,
  pathProblem,
} from '../../../electron/remediation/xrdp/hostTrust';

const ini = parsePathComponents([
  'directory:0:755:/',
  'directory:0:755:/etc',
  'directory:0:755:/etc/xrdp',
  'regularfile:0:644:/etc/xrdp/xrdp.ini',
]);
const rule = { what: 'xrdp.ini', path: '/etc/xrdp/xrdp.ini', noSymlinks: true };

describe('stripControl', () => {
  it('replaces C0, DEL, C1, line separators and bidi overrides; keeps other text', () => {
    expect(stripControl('a\x1b[31mred\x1b[0m\r\nb\x7f\x85\u2028\u202e!')).toBe('a?[31mred?[0m??b????!');
    expect(stripControl('café — 東京 /etc/xrdp/key.pem')).toBe('café — 東京 /etc/xrdp/key.pem');
  });
  it('property: the result has no control character and the same length', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = stripControl(s);
        expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
        expect(out.length).toBe(s.length);
      }),
    );
  });
});

describe('pathProblem', () => {
  it("root's alone all the way: accepted", () => {
    expect(pathProblem(ini, rule)).toBeNull();
  });
  it('names the offending component: a folder others may write, another owner, a symlink', () => {
    const open = parsePathComponents(['directory:0:755:/', 'directory:0:1777:/tmp', 'regularfile:0:644:/tmp/x.ini']);
    expect(pathProblem(open, { ...rule, path: '/tmp/x.ini' })).toBe(
      'xrdp.ini /tmp/x.ini is refused: /tmp is writable by others than root (mode 1777).',
    );
    const bob = parsePathComponents([
      'directory:0:755:/',
      'directory:1000:755:/home/bob',
      'regularfile:0:600:/home/bob/k',
    ]);
    expect(pathProblem(bob, { what: 'The key file', path: '/home/bob/k' })).toBe(
      'The key file /home/bob/k is refused: /home/bob is owned by uid 1000, not root.',
    );
    const link = parsePathComponents([
      'directory:0:755:/',
      'directory:0:755:/etc',
      'directory:0:755:/etc/xrdp',
      'symboliclink:0:777:/etc/xrdp/xrdp.ini',
      'directory:0:755:/etc',
      'regularfile:0:644:/etc/other.ini',
    ]);
    expect(pathProblem(link, rule)).toMatch(/\/etc\/xrdp\/xrdp.ini is a symbolic link \(writes never follow one\)/);
    // a root-owned symlink in root-only folders may be followed where no write goes through it (the key's chown
    // goes to the real path)
    expect(pathProblem(link, { what: 'The key file', path: '/etc/xrdp/xrdp.ini' })).toBeNull();
    const group = parsePathComponents(['directory:0:775:/', 'regularfile:0:644:/x']);
    expect(pathProblem(group, rule)).toMatch(/\/ is writable by others than root \(mode 0775\)/);
  });
  it('the backup folder: may be missing, else a 0700 folder', () => {
    const base = ['directory:0:755:/', 'directory:0:755:/var', 'directory:0:755:/var/backups'];
    const b = {
      what: 'the backup folder',
      path: '/var/backups/rdp-doctor',
      noSymlinks: true,
      mayBeMissing: true,
      privateFolder: true,
    };
    expect(pathProblem(parsePathComponents([...base, 'missing:::/var/backups/rdp-doctor']), b)).toBeNull();
    expect(pathProblem(parsePathComponents([...base, 'directory:0:700:/var/backups/rdp-doctor']), b)).toBeNull();
    expect(pathProblem(parsePathComponents([...base, 'directory:0:755:/var/backups/rdp-doctor']), b)).toMatch(
      /open to others than root \(mode 755\), not 0700/,
    );
    expect(pathProblem(parsePathComponents([...base, 'symboliclink:0:777:/var/backups/rdp-doctor']), b)).toMatch(
      /is a symbolic link/,
    );
    // a missing file to write is not a missing folder to make
    expect(pathProblem(parsePathComponents([...base, 'missing:::/var/backups/x.ini']), rule)).toMatch(/does not exist/);
  });
  it('a line the walk could not make sense of, or no walk at all: refused', () => {
    expect(pathProblem(parsePathComponents(['bad:control character in the path']), rule)).toBe(
      'xrdp.ini /etc/xrdp/xrdp.ini is refused: control character in the path.',
    );
    expect(pathProblem([], rule)).toMatch(/was not checked on the host/);
  });
  it('property: accepted only when every component is uid 0 and not group/other-writable', () => {
    const comp = fc.record({
      uid: fc.constantFrom(0, 0, 0, 1000),
      mode: fc.integer({ min: 0, max: 0o7777 }).map((m) => m.toString(8)),
    });
    fc.assert(
      fc.property(fc.array(comp, { minLength: 1, maxLength: 6 }), (cs) => {
        const path = cs.map((_, i) => `/d${i}`);
        const list: PathComponent[] = cs.map((c, i) => ({
          type: i === cs.length - 1 ? 'file' : 'directory',
          uid: c.uid,
          mode: c.mode,
          path: path.slice(0, i + 1).join(''),
        }));
        const ok = cs.every((c) => c.uid === 0 && (Number.parseInt(c.mode, 8) & 0o022) === 0);
        expect(pathProblem(list, { what: 'f', path: 'p', noSymlinks: true }) === null).toBe(ok);
      }),
    );
  });
});

describe('the listener and the service', () => {
  it("the service's main pid among the socket's holders: the service; anything else: foreign, with who", () => {
    const procs = [parseProc('4242:nobody:/tmp/x/xrdp')].filter((p) => p !== null);
    expect(judgeListener([100, 101], 100, procs)).toEqual({ kind: 'service' });
    expect(judgeListener(null, 100, procs)).toEqual({ kind: 'none' });
    expect(judgeListener([4242], 100, procs)).toEqual({
      kind: 'foreign',
      processes: [{ pid: 4242, user: 'nobody', exe: '/tmp/x/xrdp' }],
    });
    // the service is down: whatever listens is foreign; an owner not visible is foreign too
    expect(judgeListener([4242], null, procs).kind).toBe('foreign');
    expect(judgeListener([], 100, procs)).toEqual({ kind: 'foreign', processes: [] });
  });
  it('parseProc keeps colons in the executable and strips control characters', () => {
    expect(parseProc('7:bob:/tmp/a:b\x1b[2J')).toEqual({ pid: 7, user: 'bob', exe: '/tmp/a:b?[2J' });
    expect(parseProc('x:bob:/y')).toBeNull();
  });
});

describe('groups and users', () => {
  it('only ssl-cert may be joined', () => {
    expect(mayJoinGroup('ssl-cert')).toBe(true);
    for (const g of ['adm', 'shadow', 'root', 'sudo', 'wheel', 'disk', 'staff', 'users', 'xrdp', '', null])
      expect(mayJoinGroup(g)).toBe(false);
  });
  it('user names as useradd allows them', () => {
    expect(isUserName('xrdp')).toBe(true);
    expect(isUserName('-rf')).toBe(false);
    expect(isUserName('a b')).toBe(false);
    expect(isUserName('x\ny')).toBe(false);
  });
});
