import { randomUUID } from 'node:crypto';
import { APP_NAME, APP_VERSION } from '../../../shared/version';
import type { Handler } from '../core';

const info: Handler<'app.info'> = async (_req, ctx) => ({
  name: APP_NAME,
  version: APP_VERSION,
  mode: ctx.mode,
  platform: process.platform,
});

const ping: Handler<'app.ping'> = async (req) => ({ text: req.text, receivedAt: new Date().toISOString() });

const ticks: Handler<'app.ticks'> = async (req, ctx) => {
  const streamId = randomUUID();
  let n = 0;
  const tick = () => {
    n += 1;
    ctx.sink.emit('app.tick', { streamId, n, total: req.count });
    if (n < req.count) setTimeout(tick, req.intervalMs);
  };
  setTimeout(tick, req.intervalMs);
  return { streamId };
};

export const appHandlers = { 'app.info': info, 'app.ping': ping, 'app.ticks': ticks };
