/** Turns whatever a request failed with into one sentence for the user; the core's message is already human. */
import { ApiCallError } from '../../../shared/contract';

const BY_CODE: Record<string, string> = {
  disconnected: 'The connection to RDP Doctor was lost. Restart it and try again.',
  'invalid-response': 'RDP Doctor sent an answer this screen does not understand. Reload the page.',
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
