/** A private X display for the FreeRDP shadow server (and xfreerdp), numbered by Xvfb itself (-displayfd). */
import { type Spawned, spawnPeer } from './process';

export interface Display {
  display: string;
  stop(): Promise<void>;
}

export async function startXvfb(): Promise<Display> {
  const proc: Spawned = spawnPeer('Xvfb', ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '800x600x24'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  const fd3 = proc.child.stdio[3] as NodeJS.ReadableStream | null;
  const display = await new Promise<string>((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start within 10 s\n${proc.output()}`)), 10_000);
    fd3?.on('data', (chunk: Buffer) => {
      buf += chunk.toString();
      const m = /^(\d+)\n/.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolve(`:${m[1]}`);
      }
    });
    proc.child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited\n${proc.output()}`));
    });
  });
  return { display, stop: () => proc.stop() };
}
