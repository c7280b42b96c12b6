// Plans are built from inspection facts: the right strategy and real values, "already right" when nothing
// needs changing, never anything that lowers security.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ensureDataDir } from '../../../electron/core/dataDir';
import { suggestPhases } from '../../../electron/remediation/planJob';
import { remediationRegistry } from '../../../electron/remediation/registerAll';
import type { PathComponent } from '../../../electron/remediation/xrdp/hostTrust';
import {
  configFromCmdline,
  findListener,
  resolveXrdpPath,
  type XrdpFacts,
  xrdpFindings,
} from '../../../electron/remediation/xrdp/inspectXrdp';
import type { Inspection } from '../../../shared/remediation';

/** Components of a path as xrdp-inspect.sh walks it: folders then the file, all root's alone. */
function rootPath(path: string, last: Partial<PathComponent> = {}): PathComponent[] {
  const parts = path.split('/').filter(Boolean);
  const out: PathComponent[] = [{ type: 'directory', uid: 0, mode: '755', path: '/' }];
  parts.forEach((_, i) => {
    const isLast = i === parts.length - 1;
    out.push({
      type: isLast ? 'file' : 'directory',
      uid: 0,
      mode: isLast ? '644' : '755',
      path: `/${parts.slice(0, i + 1).join('/')}`,
      ...(isLast ? last : {}),
    });
  });
  return out;
}

function facts(over: Partial<XrdpFacts> = {}, key: Partial<XrdpFacts['key']> = {}): XrdpFacts {
  return {
    listener: { pid: 100, process: 'xrdp', address: '*', pids: [100], foreign: null },
    service: { manager: 'init', running: true, enabled: true, mainPid: 100 },
    serviceWhy: null,
    iniPath: '/etc/xrdp/xrdp.ini',
    iniFromProcess: false,
    globals: {
      port: '3389',
      security_layer: 'negotiate',
      certificate: '',
      key_file: '',
      ssl_protocols: 'TLSv1.2, TLSv1.3',
      tls_ciphers: null,
    },
    version: 'xrdp 0.9.21.1',
    exe: '/usr/sbin/xrdp',
    serviceManager: 'init',
    listenerIsService: true,
    xrdpUser: 'xrdp',
    xrdpUserFrom: 'process',
    userGroups: ['xrdp'],
    userPrimaryGroup: 'xrdp',
    key: {
      path: '/etc/xrdp/key.pem',
      link: '/etc/ssl/private/ssl-cert-snakeoil.key',
      real: '/etc/ssl/private/ssl-cert-snakeoil.key',
      exists: true,
      owner: 'root',
      group: 'ssl-cert',
      mode: '0640',
      uid: 0,
      gid: 103,
      dir: 'root:ssl-cert:710',
      groupEntry: { name: 'ssl-cert', gid: 103, members: ['postgres'] },
      ...key,
    },
    cert: {
      path: '/etc/xrdp/cert.pem',
      link: null,
      real: '/etc/xrdp/cert.pem',
      exists: true,
      owner: 'root',
      group: 'root',
      mode: '0644',
      uid: 0,
      gid: 0,
      dir: null,
      groupEntry: null,
    },
    keyReadable: false,
    certReadable: true,
    keyValid: true,
    certValid: true,
    keyMatchesCert: true,
    certSubject: 'CN = localhost',
    certIssuer: 'CN = localhost',
    certNotBefore: null,
    certNotAfter: null,
    certSan: null,
    sslCertGroup: { name: 'ssl-cert', gid: 103, members: ['postgres'] },
    logFile: '/var/log/xrdp.log',
    logLines: ['[x] [ERROR] Cannot read private key file /etc/xrdp/key.pem: Permission denied'],
    pathChecks: {
      ini: rootPath('/etc/xrdp/xrdp.ini'),
      key: [
        ...rootPath('/etc/xrdp/key.pem', { type: 'symlink', mode: '777' }),
        ...rootPath('/etc/ssl/private/ssl-cert-snakeoil.key', { mode: '640' }).slice(1),
      ],
      cert: rootPath('/etc/xrdp/cert.pem'),
      backup: [
        ...rootPath('/var/backups/x').slice(0, 3),
        { type: 'missing', uid: null, mode: null, path: '/var/backups/rdp-doctor' },
      ],
    },
    ...over,
  };
}

function inspection(f: XrdpFacts): Inspection {
  return {
    hostKind: 'xrdp',
    reachedAs: 'root@h:22 (ssh)',
    inspectedAt: '',
    facts: f as never,
    findings: xrdpFindings(f),
    summary: [],
  };
}

const registry = remediationRegistry({ dataDir: ensureDataDir });
const plan = (id: string, f: XrdpFacts, target = 'srv.example.com:3389') =>
  registry.phase(id)!.plan(inspection(f), target);

describe('xrdp-fix-key-permissions plan', () => {
  it('Debian snakeoil (root:ssl-cert 0640): adds the xrdp user to ssl-cert, no file changes', () => {
    const p = plan('xrdp-fix-key-permissions', facts());
    expect(p.changes).toEqual([{ target: 'members of group ssl-cert', before: 'postgres', after: 'postgres,xrdp' }]);
    expect(p.commands).toEqual(['usermod -a -G ssl-cert xrdp']);
    expect(p.alreadyRight).toBe(false);
  });

  it('a root-only key (root:root 0600): gives that one file the xrdp group, 0640 — never world-readable', () => {
    const p = plan(
      'xrdp-fix-key-permissions',
      facts(
        {},
        {
          group: 'root',
          mode: '0600',
          gid: 0,
          groupEntry: { name: 'root', gid: 0, members: [] },
          link: null,
          real: '/etc/xrdp/key.pem',
        },
      ),
    );
    expect(p.changes).toEqual([{ target: '/etc/xrdp/key.pem', before: 'root:root 0600', after: 'root:xrdp 0640' }]);
    expect(p.commands).toEqual(['chgrp xrdp /etc/xrdp/key.pem', 'chmod 0640 /etc/xrdp/key.pem']);
  });

  it('property: whatever the key mode, the planned mode never lets others read', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0o777 }), (mode) => {
        const m = mode.toString(8).padStart(4, '0');
        const p = plan('xrdp-fix-key-permissions', facts({}, { group: 'root', mode: m, groupEntry: null }));
        for (const c of p.changes) {
          const after = /(\d{4})$/.exec(c.after ?? '')?.[1];
          if (after) expect(Number.parseInt(after, 8) & 0o007).toBe(0);
        }
      }),
    );
  });

  it('already right when the xrdp user can read the key', () => {
    expect(plan('xrdp-fix-key-permissions', facts({ keyReadable: true })).alreadyRight).toBe(true);
  });
});

describe('security plans only raise security', () => {
  it('security_layer=rdp → negotiate; negotiate, tls and hybrid are already right', () => {
    expect(
      plan('xrdp-set-security-layer', facts({ globals: { ...facts().globals, security_layer: 'rdp' } })).changes,
    ).toEqual([{ target: '/etc/xrdp/xrdp.ini [Globals] security_layer', before: 'rdp', after: 'negotiate' }]);
    for (const layer of ['negotiate', 'tls', 'hybrid', null]) {
      expect(
        plan('xrdp-set-security-layer', facts({ globals: { ...facts().globals, security_layer: layer } })).alreadyRight,
      ).toBe(true);
    }
  });

  it('TLS 1.0-only → TLSv1.2, TLSv1.3; anything with 1.2 or 1.3 is already right', () => {
    expect(
      plan('xrdp-set-ssl-protocols', facts({ globals: { ...facts().globals, ssl_protocols: 'TLSv1' } })).changes[0]
        ?.after,
    ).toBe('TLSv1.2, TLSv1.3');
    expect(plan('xrdp-set-ssl-protocols', facts()).alreadyRight).toBe(true);
  });

  it('the new certificate names the host as typed (DNS or IP)', () => {
    expect(plan('xrdp-regenerate-cert', facts()).commands[0]).toContain('subjectAltName=DNS:srv.example.com');
    expect(plan('xrdp-regenerate-cert', facts(), '10.0.0.5').commands[0]).toContain('subjectAltName=IP:10.0.0.5');
  });

  it('no registered xrdp phase ever plans security_layer=rdp or turning TLS off', () => {
    const bad = facts({ globals: { ...facts().globals, security_layer: 'rdp', ssl_protocols: 'TLSv1' } });
    for (const p of registry.phasesFor('xrdp')) {
      for (const c of p.plan(inspection(bad), 'h').changes) expect(c.after ?? '').not.toMatch(/^rdp$|^none$/i);
    }
  });
});

describe('suggestPhases', () => {
  it('tls-key-unusable → key access, new certificate as the alternative, then the restart', () => {
    expect(suggestPhases(registry, 'xrdp', ['tls-key-unusable'])).toEqual([
      'xrdp-fix-key-permissions',
      'xrdp-regenerate-cert',
      'xrdp-restart',
    ]);
  });
  it('with the inspection: only the phases this host needs', () => {
    expect(suggestPhases(registry, 'xrdp', ['tls-key-unusable', 'tls-unavailable'], inspection(facts()))).toEqual([
      'xrdp-fix-key-permissions',
      'xrdp-restart',
    ]);
    expect(
      suggestPhases(registry, 'xrdp', ['tls-key-unusable'], inspection(facts({ keyValid: false, keyReadable: true }))),
    ).toEqual(['xrdp-regenerate-cert', 'xrdp-restart']);
    const rdpOnly = facts({ keyReadable: true, globals: { ...facts().globals, security_layer: 'rdp' } });
    expect(suggestPhases(registry, 'xrdp', ['tls-unavailable'], inspection(rdpOnly))).toEqual([
      'xrdp-set-security-layer',
      'xrdp-restart',
    ]);
  });
  it('nothing to fix → no phase (not even a restart)', () => {
    expect(suggestPhases(registry, 'xrdp', ['nla-unsupported', 'credentials-accepted'])).toEqual([]);
  });
  it('unknown or foreign phase ids are refused by name', () => {
    expect(() => registry.resolvePhases('xrdp', ['xrdp-nope'])).toThrow(/Unknown fix phase "xrdp-nope"/);
  });
});

describe('inspection helpers', () => {
  it('findListener picks the process on that port, the exact address before a wildcard', () => {
    const ss = [
      'LISTEN 0 2 127.0.0.5:3390 0.0.0.0:* users:(("xrdp",pid=11,fd=10))',
      'LISTEN 0 2 *:3389 *:* users:(("xrdp",pid=22,fd=10))',
      'LISTEN 0 2 127.0.0.7:3389 0.0.0.0:* users:(("xrdp",pid=33,fd=10))',
      'LISTEN 0 2 [::1]:3391 [::]:* users:(("xrdp",pid=44,fd=10))',
    ].join('\n');
    expect(findListener(ss, '127.0.0.7', 3389)?.pid).toBe(33);
    expect(findListener(ss, '127.0.0.1', 3389)?.pid).toBe(22);
    expect(findListener(ss, '::1', 3391)?.pid).toBe(44);
    expect(findListener(ss, '127.0.0.1', 4000)).toBeNull();
  });
  it("configFromCmdline finds xrdp's -c / --config", () => {
    expect(configFromCmdline('/tmp/x/xrdp\0--nodaemon\0-c\0/tmp/a b/xrdp.ini\0')).toBe('/tmp/a b/xrdp.ini');
    expect(configFromCmdline('/usr/sbin/xrdp\0')).toBeNull();
  });
  it('resolveXrdpPath follows xrdp: empty → default, relative → /etc/xrdp', () => {
    expect(resolveXrdpPath('', 'key.pem')).toBe('/etc/xrdp/key.pem');
    expect(resolveXrdpPath('k.pem', 'key.pem')).toBe('/etc/xrdp/k.pem');
    expect(resolveXrdpPath('/x/k.pem', 'key.pem')).toBe('/x/k.pem');
  });
  it('tls-key-unusable is host-confirmed, with the log line as evidence read on the host', () => {
    const [f] = xrdpFindings(facts());
    expect(f?.id).toBe('tls-key-unusable');
    expect(f?.seenOn).toBe('host');
    expect(f?.evidence[1]).toBe(
      'read on the host (/var/log/xrdp.log): [x] [ERROR] Cannot read private key file /etc/xrdp/key.pem: Permission denied',
    );
    expect(xrdpFindings(facts({ keyReadable: true }))).toEqual([]);
  });
});

describe('a host that may be hostile', () => {
  const foreign = () =>
    facts({
      listener: {
        pid: 4242,
        process: 'xrdp',
        address: '*',
        pids: [4242],
        foreign: [{ pid: 4242, user: 'nobody', exe: '/tmp/x/xrdp' }],
      },
      service: { manager: 'init', running: false, enabled: true, mainPid: null },
      listenerIsService: false,
      globals: { ...facts().globals, security_layer: 'rdp', ssl_protocols: 'TLSv1' },
    });

  it('a foreign listener is its own host-confirmed finding; a stopped service another', () => {
    const found = xrdpFindings(foreign());
    expect(found.map((f) => f.id)).toEqual(
      expect.arrayContaining(['rdp-port-foreign-listener', 'xrdp-service-stopped']),
    );
    const f = found.find((x) => x.id === 'rdp-port-foreign-listener');
    expect(f?.seenOn).toBe('host');
    expect(f?.detail).toContain('pid 4242, user nobody, executable /tmp/x/xrdp');
    expect(found.find((x) => x.id === 'xrdp-service-stopped')?.fixPhases.xrdp).toEqual(['xrdp-start-service']);
    expect(xrdpFindings(facts()).map((x) => x.id)).not.toContain('xrdp-service-stopped');
  });

  it('no phase that needs a trusted xrdp plans a change while something else holds the port', () => {
    for (const id of ['xrdp-fix-key-permissions', 'xrdp-set-security-layer', 'xrdp-set-ssl-protocols']) {
      const p = plan(id, foreign());
      expect(p.changes, id).toEqual([]);
      expect(p.risks[0], id).toMatch(/^Refused: the RDP port is held by pid 4242 \(user nobody, \/tmp\/x\/xrdp\)/);
    }
    expect(
      suggestPhases(
        registry,
        'xrdp',
        ['tls-unavailable', 'tls-legacy-only', 'tls-key-unusable'],
        inspection(foreign()),
      ),
    ).not.toContain('xrdp-set-security-layer');
  });

  it('an ini path others may write, or a symlinked ini: the ini phases refuse and name the component', () => {
    const rdp = { ...facts().globals, security_layer: 'rdp' };
    const open = facts({
      globals: rdp,
      pathChecks: {
        ...facts().pathChecks,
        ini: [
          { type: 'directory', uid: 0, mode: '755', path: '/' },
          { type: 'directory', uid: 0, mode: '1777', path: '/tmp' },
          { type: 'file', uid: 0, mode: '644', path: '/tmp/xrdp.ini' },
        ],
      },
    });
    const p = plan('xrdp-set-security-layer', open);
    expect(p.changes).toEqual([]);
    expect(p.risks[0]).toBe(
      'xrdp.ini /etc/xrdp/xrdp.ini is refused: /tmp is writable by others than root (mode 1777).',
    );
    const linked = facts({
      globals: rdp,
      pathChecks: {
        ...facts().pathChecks,
        backup: [
          { type: 'directory', uid: 0, mode: '755', path: '/' },
          { type: 'directory', uid: 0, mode: '755', path: '/var' },
          { type: 'directory', uid: 0, mode: '755', path: '/var/backups' },
          { type: 'symlink', uid: 0, mode: '777', path: '/var/backups/rdp-doctor' },
        ],
      },
    });
    expect(plan('xrdp-set-security-layer', linked).risks[0]).toMatch(/rdp-doctor is a symbolic link/);
  });

  it('a key owned by root:shadow: never joins shadow (nor adm, sudo, wheel…), gives the key xrdp’s own group', () => {
    for (const group of ['shadow', 'adm', 'root', 'sudo', 'wheel', 'disk', 'staff']) {
      const p = plan(
        'xrdp-fix-key-permissions',
        facts({}, { group, mode: '0640', gid: 42, groupEntry: { name: group, gid: 42, members: [] } }),
      );
      expect(p.commands.join(' '), group).not.toMatch(/usermod|gpasswd|adduser/);
      expect(p.commands, group).toEqual([
        'chgrp xrdp /etc/ssl/private/ssl-cert-snakeoil.key',
        'chmod 0640 /etc/ssl/private/ssl-cert-snakeoil.key',
      ]);
    }
    // when xrdp's primary group is a shared one, nothing is planned: it says what to do instead
    const shared = plan(
      'xrdp-fix-key-permissions',
      facts({ userPrimaryGroup: 'users' }, { group: 'shadow', groupEntry: { name: 'shadow', gid: 42, members: [] } }),
    );
    expect(shared.changes).toEqual([]);
    expect(shared.risks[0]).toMatch(/not one xrdp may join \(only ssl-cert\)/);
  });

  it('a key that does not parse, or not its certificate’s: tls-key-unusable with that reason → a new certificate', () => {
    for (const [over, reason] of [
      [{ keyValid: false }, /does not parse as a private key/],
      [{ keyMatchesCert: false }, /does not belong to the certificate/],
      [{ certValid: false, keyMatchesCert: false }, /certificate \/etc\/xrdp\/cert.pem does not parse/],
    ] as const) {
      // even while the key is unreadable: a broken key needs a new one, not new permissions
      const f = facts({ ...over, keyReadable: false });
      const found = xrdpFindings(f).find((x) => x.id === 'tls-key-unusable');
      expect(found?.detail).toMatch(reason);
      expect(suggestPhases(registry, 'xrdp', ['tls-key-unusable'], inspection(f))).toEqual([
        'xrdp-regenerate-cert',
        'xrdp-restart',
      ]);
    }
  });

  it('host text in findings has no control characters', () => {
    const f = facts({
      xrdpUser: 'xrdp',
      logLines: ['\x1b[2J[ERROR] Cannot read private key file /etc/xrdp/key.pem\r\nfake line'],
    });
    for (const finding of xrdpFindings(f))
      for (const text of [finding.detail, ...finding.evidence]) expect(text).not.toMatch(/[\u0000-\u001f\u007f]/);
  });
});
