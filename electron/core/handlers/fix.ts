// Fix-wizard handlers: placeholders until electron/remediation lands (issue 10). Each refuses with a clear
// message instead of pretending to work.
import type { Handler } from '../core';
import { CoreError } from '../coreError';

const notYet = (what: string): never => {
  throw new CoreError('unsupported', `${what} is not available in this build yet.`);
};

export const fixHandlers = {
  'fix.hostKey': (async () => notYet('Checking an SSH host key')) as Handler<'fix.hostKey'>,
  'fix.inspect': (async () => notYet('Inspecting a host')) as Handler<'fix.inspect'>,
  'fix.plan': (async () => notYet('Planning fixes')) as Handler<'fix.plan'>,
  'fix.script': (async () => notYet('The console script')) as Handler<'fix.script'>,
  'fix.start': (async () => notYet('Running fixes')) as Handler<'fix.start'>,
  'fix.cancel': (async () => ({ cancelled: false })) as Handler<'fix.cancel'>,
  'fix.undo': (async () => notYet('Undo')) as Handler<'fix.undo'>,
  'fix.history': (async () => ({ entries: [] })) as Handler<'fix.history'>,
};
