// A connect that is never answered, made for real: a listener (python3, listen backlog 0, never accepts) whose
// accept queue we fill first, so the kernel drops our next SYN exactly as a filtering firewall would. The TCP
// step must call it a timeout, not a refusal, and the probe must end within its deadline.
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe } from '../../electron/probe/runProbe';
import { findBinary } from '../peers';

const python = findBinary('python3');
if (!python && process.env.CI === 'true') throw new Error('CI must have python3 for probe-tcp-timeout.test.ts');
if (!python) console.warn('[skipped] probe-tcp-timeout.test.ts: missing python3 (apt-get install python3)');

const LISTENER = `
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind((sys.argv[1], 0))
s.listen(0)
print(s.getsockname()[1], flush=True)
time.sleep(120)
`;

describe.skipIf(!python)('probe: SYNs dropped (a full accept queue)', () => {
  const host = '127.0.0.93';
  let child: ChildProcess;
  let port: number;
  const fillers: net.Socket[] = [];
  beforeAll(async () => {
    child = spawn(python!, ['-c', LISTENER, host], { stdio: ['ignore', 'pipe', 'inherit'] });
    port = await new Promise<number>((resolve, reject) => {
      child.stdout!.once('data', (d) => resolve(Number(String(d).trim())));
      child.once('error', reject);
    });
    // one connection fills a backlog-0 queue; wait until it is established
    const filler = net.connect(port, host);
    filler.on('error', () => {});
    fillers.push(filler);
    await new Promise((r) => filler.once('connect', r));
  });
  afterAll(() => {
    for (const s of fillers) s.destroy();
    child?.kill('SIGKILL');
  });

  it('the TCP step reports a timeout and the probe ends by its deadline', async () => {
    const r = await runProbe({ target: `${host}:${port}`, timeoutMs: 1500 });
    expect(r.tcp!.attempts).toHaveLength(1);
    expect(r.tcp!.attempts[0]).toMatchObject({ ok: false, errorCode: 'timeout' });
    expect(r.steps.tcp).toMatchObject({ status: 'failed', error: { code: 'TCP_TIMEOUT' } });
    expect(r.steps.negotiation.status).toBe('skipped');
    expect(r.durationMs).toBeLessThan(1500 + 5000); // a bound against hangs, not a speed claim
  });
});
