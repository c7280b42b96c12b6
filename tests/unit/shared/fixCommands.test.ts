// The exact commands of each fix (shared/fixCommands.ts): every catalogue phase has them, they carry what the
// probe learned, and a value from the server can never become a command (quoted for a real sh).
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIX_PHASES } from '../../../shared/findings';
import { commandsFor, type FixContext, fixContextFrom, SNAKEOIL_KEY, shQuote } from '../../../shared/fixCommands';
import { result } from '../renderer/fixtures';

const ctx: FixContext = {
  port: 3390,
  thumbprint: 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678',
  keyPath: null,
  host: 'srv01',
};

describe('fix commands', () => {
  it('every fix phase in the catalogue has commands, in its host kind’s shell', () => {
    for (const [id, phase] of Object.entries(FIX_PHASES)) {
      const cmds = commandsFor(id, ctx);
      expect(cmds, id).not.toBeNull();
      expect(cmds?.shell).toBe(phase.hostKind === 'windows' ? 'powershell' : 'sh');
    }
    // commands come only from a declared phase: an undeclared id has none
    expect(commandsFor('win-no-such-phase', ctx)).toBeNull();
  });

  it('"find what owns the port" is filled in with the port the probe used', () => {
    expect(commandsFor('win-find-port-owner', ctx)?.lines).toContain('netstat -ano | findstr :3390');
    expect(commandsFor('win-find-port-owner', ctx)?.lines.join('\n')).toContain('Get-NetTCPConnection -LocalPort 3390');
    expect(commandsFor('xrdp-find-port-owner', ctx)?.lines).toEqual(["sudo ss -ltnp 'sport = :3390'"]);
  });

  it('the thumbprint and the key path where the probe learned them', () => {
    expect(commandsFor('win-grant-machinekeys-read', ctx)?.lines[0]).toMatch(/^\$thumb = 'A1B2C3D4E5F6/);
    const none = commandsFor('win-grant-machinekeys-read', { ...ctx, thumbprint: null })?.lines[0];
    expect(none).toMatch(/SSLCertificateSHA1Hash/);
    const snake = commandsFor('xrdp-fix-key-permissions', { ...ctx, keyPath: SNAKEOIL_KEY })?.lines.join('\n');
    expect(snake).toContain(`sudo chgrp ssl-cert '${SNAKEOIL_KEY}'`);
    const r = result();
    expect(fixContextFrom(r)).toMatchObject({
      port: 3389,
      thumbprint: r.tls?.certificate?.sha1Thumbprint,
      host: 'srv01.corp.example',
    });
  });

  it('a hostile host name or thumbprint never reaches a command unquoted', () => {
    const r = result();
    r.target!.host = "x'; rm -rf / #";
    r.tls!.certificate!.sha1Thumbprint = "'; Remove-Item C:\\ -Recurse #";
    const c = fixContextFrom(r);
    expect(c.host).toBeNull();
    expect(c.thumbprint).toBeNull();
  });

  it('property: shQuote gives a real sh back exactly the same string', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }).filter((s) => !s.includes('\0')),
        (s) => {
          const out = execFileSync('sh', ['-c', `printf '%s' ${shQuote(s)}`], { encoding: 'utf8' });
          expect(out).toBe(s);
        },
      ),
      { numRuns: 60 },
    );
  });
});
