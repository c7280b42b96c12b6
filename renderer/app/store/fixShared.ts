/** What the two fix slices (reaching the host, running jobs) both read from the store's state. */
import {
  type AccessCheck,
  ASKS_FOR,
  buildAccess,
  NO_SECRETS,
  secretFieldsShown,
  secretsNeeded,
} from '../logic/fixAccess';
import { jobBusy } from '../logic/fixJob';
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

/** The optional secrets asked for so far, with the one an error code asks for added. */
export function askedSecrets(asked: AppState['secretsAsked'], code: string | undefined): AppState['secretsAsked'] {
  const field = code ? ASKS_FOR[code] : undefined;
  return field && !asked.includes(field) ? [...asked, field] : asked;
}

/** The secret fields to show now (the optional ones only when needed). */
export function shownSecretFields(s: AppState) {
  return secretFieldsShown(s.accessVia, s.sshForm, s.fixSecrets, s.secretsAsked);
}

/**
 * "Sign in again": one rule for every step after step 1. Inspect and Plan ask once the secrets were used
 * or a request carrying them failed; Verify asks while the fix can still be checked again or undone (the
 * secrets went out with the fix). Nothing while an undo runs, nor once it is undone.
 */
export function signInAgainFields(s: AppState): (keyof AppState['fixSecrets'])[] {
  const fields = shownSecretFields(s);
  if (fields.length === 0) return [];
  if (s.fixStep === 'inspection' || s.fixStep === 'plan') return s.secretsCleared ? fields : [];
  if (s.fixStep !== 'verify' || !s.applyJob || jobBusy(s.undoJob)) return [];
  const undone = s.undoJob?.state === 'finished' && s.undoJob.finished?.ok === true;
  return undone ? [] : fields;
}
