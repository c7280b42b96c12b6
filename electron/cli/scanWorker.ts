/**
 * A worker thread of a large scan (issue 20; probeWorkerPool.ts): probes and diagnoses the hosts the scan
 * sends it, each with its own AbortController, and posts each ProbeResult back. Built to out/main/scanWorker.js.
 */
import { parentPort } from 'node:worker_threads';
import { probeAndDiagnose } from '../diagnosis/probeAndDiagnose';
import type { WorkerReply, WorkerRequest } from '../probe/fleet/probeWorkerPool';

const port = parentPort;
if (!port) throw new Error('scanWorker runs as a worker thread');
const running = new Map<number, AbortController>();

port.on('message', (msg: WorkerRequest) => {
  if ('cancel' in msg) {
    running.get(msg.cancel)?.abort();
    return;
  }
  const controller = new AbortController();
  running.set(msg.id, controller);
  probeAndDiagnose(msg.options, { signal: controller.signal }).then(
    (result) => {
      running.delete(msg.id);
      port.postMessage({ id: msg.id, result } satisfies WorkerReply);
    },
    (err: unknown) => {
      running.delete(msg.id);
      port.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) } satisfies WorkerReply);
    },
  );
});
