/** What the two fix slices (reaching the host, running jobs) both read from the store's state. */
import { type AccessCheck, buildAccess, NO_SECRETS, secretsNeeded } from '../logic/fixAccess';
import type { AppState } from './types';

/** The RDP target the fix is for: as it was probed. */
export function fixTarget(s: AppState): string {
  return s.runTarget || s.result?.input || '';
}

/** The access request value from the form (secrets copied in here, once per request). */
export function currentAccess(s: AppState): AccessCheck {
  return buildAccess(s.accessVia, s.sshForm, s.winrmForm, s.fixSecrets, s.trustedHostKey, s.replacedHostKey);
}

/** The state after the secrets were used: gone, and the next request asks for them again. */
export function secretsCleared(s: AppState): Pick<AppState, 'fixSecrets' | 'secretsCleared'> {
  return { fixSecrets: { ...NO_SECRETS }, secretsCleared: secretsNeeded(s.accessVia, s.sshForm).length > 0 };
}
