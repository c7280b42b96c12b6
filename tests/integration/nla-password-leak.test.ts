// The password must not leak: not in the CLI's stdout or stderr (JSON and human output, accepted and
// rejected), not in the probe events, not in the result. Real FreeRDP shadow server, real CLI build.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeAndDiagnose } from '../../electron/diagnosis/probeAndDiagnose';
import type { StepEvent } from '../../shared/probe';
import { needPeers, type Peer, startShadow } from '../peers';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'bin', 'rdp-doctor.cjs');
const BUILT = existsSync(path.join(ROOT, 'out', 'main', 'cli.js'));
if (!BUILT && process.env.CI === 'true')
  throw new Error('nla-password-leak.test.ts needs the CLI build (npm run build)');
if (!BUILT) console.warn('[skipped] nla-password-leak.test.ts CLI part: run "npm run build" first');
const { skip } = needPeers(['shadow'], 'nla-password-leak.test.ts');

const PASSWORD = 'Zq7-leak-canary-Password';
const WRONG = 'Zq7-leak-canary-Wrong';

function runCli(args: string[], stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.stdin.end(stdin);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every form a careless log could hold the secret in. */
function leaks(text: string, secret: string): boolean {
  const forms = [
    secret,
    Buffer.from(secret, 'utf16le').toString('latin1'),
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('hex'),
  ];
  return forms.some((f) => text.includes(f));
}

describe.skipIf(skip)('the password never leaves memory', () => {
  let peer: Peer;
  beforeAll(async () => {
    peer = await startShadow({ users: [{ user: 'alice', password: PASSWORD }] });
  });
  afterAll(async () => {
    await peer?.stop();
  });

  it.skipIf(!BUILT).each([
    ['accepted, --json', PASSWORD, ['--json']],
    ['rejected, --json', WRONG, ['--json']],
    ['accepted, table', PASSWORD, []],
    ['rejected, table', WRONG, []],
  ] as const)('CLI %s: not in stdout or stderr', async (_name, secret, extra) => {
    const r = await runCli(['probe', peer.target, '--user', 'alice', '--password-stdin', ...extra], `${secret}\n`);
    expect(leaks(r.stdout, secret)).toBe(false);
    expect(leaks(r.stderr, secret)).toBe(false);
    if ((extra as readonly string[]).includes('--json')) {
      const result = JSON.parse(r.stdout);
      expect(result.nlaCheck?.outcome).toBe(secret === PASSWORD ? 'accepted' : 'rejected');
      expect(
        result.findings.some(
          (f: { id: string }) => f.id === (secret === PASSWORD ? 'credentials-accepted' : 'credentials-rejected'),
        ),
      ).toBe(true);
    } else {
      expect(r.stdout).toMatch(secret === PASSWORD ? /accepted/i : /rejected/i);
    }
  });

  it('not in any probe event nor in the result', async () => {
    for (const secret of [PASSWORD, WRONG]) {
      const events: StepEvent[] = [];
      const result = await probeAndDiagnose(
        { target: peer.target, credentials: { user: 'alice', password: secret } },
        { onStep: (e) => events.push(e) },
      );
      expect(result.nlaCheck?.outcome).toBe(secret === PASSWORD ? 'accepted' : 'rejected');
      expect(events.some((e) => e.step === 'nlaCheck')).toBe(true);
      expect(leaks(JSON.stringify(events), secret)).toBe(false);
      expect(leaks(JSON.stringify(result), secret)).toBe(false);
    }
  });
});
