/**
 * At most a few connections being set up at once per destination, across the whole process.
 * xrdp listens with a tiny accept backlog: with more than ~3 connections waiting to be accepted, the kernel
 * drops the next SYN and the client retransmits it a second later (measured: 5 parallel X.224 exchanges to
 * xrdp take ~1 s instead of ~20 ms). Holding a slot from connect until the server has answered keeps the
 * probe fast against xrdp and costs nothing against Windows, whose backlog is large.
 */

/** xrdp's accept queue holds 3: two of ours plus the TCP step's just-closed connection (or a real client) */
export const MAX_OPENING_PER_DESTINATION = 2;

const queues = new Map<string, { active: number; waiting: Array<() => void> }>();

/**
 * A server that holds connections without answering is not the quick-accepting xrdp this gate is for: after
 * this long in the queue a waiter goes ahead anyway, so every request still gets its own verdict.
 */
export const MAX_SLOT_WAIT_MS = 250;

/** Waits for a slot for `key` (e.g. "10.0.0.5:3389"); returns its release function (idempotent). */
export function acquireSlot(key: string, signal: AbortSignal, maxWaitMs = MAX_SLOT_WAIT_MS): Promise<() => void> {
  let q = queues.get(key);
  if (!q) {
    q = { active: 0, waiting: [] };
    queues.set(key, q);
  }
  const queue = q;
  const makeRelease = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      queue.active--;
      const next = queue.waiting.shift();
      if (next) next();
      else if (queue.active === 0) queues.delete(key);
    };
  };
  if (queue.active < MAX_OPENING_PER_DESTINATION) {
    queue.active++;
    return Promise.resolve(makeRelease());
  }
  return new Promise((resolve) => {
    const grant = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      queue.active++;
      resolve(makeRelease());
    };
    // an aborted (or tired) waiter gives up its place but still resolves, so its caller goes on or cleans up
    const onAbort = () => {
      const i = queue.waiting.indexOf(grant);
      if (i === -1) return;
      queue.waiting.splice(i, 1);
      grant();
    };
    const timer = setTimeout(onAbort, maxWaitMs);
    queue.waiting.push(grant);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}
