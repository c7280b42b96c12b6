import type { Handler } from '../handler';

const get: Handler<'settings.get'> = async (_req, ctx) => ctx.settings().get();

const update: Handler<'settings.update'> = async (req, ctx) => ctx.settings().update(req);

export const settingsHandlers = { 'settings.get': get, 'settings.update': update };
