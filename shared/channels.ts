/**
 * The contract's names without its schemas, so the sandboxed preload can check names without bundling
 * a schema library. shared/contract.ts checks at compile time that these lists match its maps.
 */
export const REQUEST_NAMES = [
  'app.info',
  'probe.start',
  'probe.cancel',
  'probe.result',
  'codes.decode',
  'report.render',
  'report.save',
  'settings.get',
  'settings.update',
  'fix.hostKey',
  'fix.inspect',
  'fix.plan',
  'fix.checkCertificate',
  'fix.script',
  'fix.start',
  'fix.cancel',
  'fix.undo',
  'fix.history',
  'fix.verifyAgain',
  'fix.pending',
  'fleet.start',
  'fleet.cancel',
  'fleet.status',
  'fleet.open',
  'fleet.report',
] as const;
export const EVENT_NAMES = ['probe.event', 'fix.event', 'fleet.event'] as const;

/** The preload exposes the API under this key on `window`. */
export const PRELOAD_KEY = 'rdpDoctor';
/** IPC channel names used by the preload (one for invoke, one for events). */
export const IPC_INVOKE = 'rdp-doctor:invoke';
export const IPC_EVENT = 'rdp-doctor:event';
