/** Turns whatever a request failed with into one sentence for the user; the core's message is already human. */
import { ApiCallError } from '../../../shared/contract';
import { NO_SESSION_MESSAGE } from '../../api/session';

const BY_CODE: Record<string, string> = {
  disconnected: 'The connection to RDP Doctor was lost. Restart it and try again.',
  'invalid-response': 'RDP Doctor sent an answer this screen does not understand. Reload the page.',
  // web mode: the one-time link was spent or expired (the sentence says what to do; no prefix needed)
  'no-session': NO_SESSION_MESSAGE,
};

export function friendlyError(err: unknown, what: string): string {
  if (err instanceof ApiCallError) {
    const known = BY_CODE[err.code];
    if (known) return known;
    return err.message ? `${what}: ${err.message}` : `${what}.`;
  }
  const message = err instanceof Error ? err.message : String(err);
  return `${what}: ${message || 'unknown error'}`;
}
