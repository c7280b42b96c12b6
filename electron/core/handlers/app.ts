import { APP_NAME, APP_VERSION } from '../../../shared/version';
import type { Handler } from '../handler';

const info: Handler<'app.info'> = async (_req, ctx) => ({
  name: APP_NAME,
  version: APP_VERSION,
  mode: ctx.mode,
  platform: process.platform,
});

export const appHandlers = { 'app.info': info };
