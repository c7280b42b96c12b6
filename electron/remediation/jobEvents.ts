/** What every fix and undo job shares: numbered events, errors as values, hashes of bytes. */
import { createHash } from 'node:crypto';
import type { FixEvent } from '../../shared/remediation';
import { isAbortError, RemediationError } from './types';

/** A fix event before the runner numbers it. */
export type FixEventDraft = FixEvent extends infer E ? (E extends FixEvent ? Omit<E, 'jobId' | 'seq'> : never) : never;

/** An expected failure that comes with one line per detail (the plan's differences, the edited files). */
export class DetailedError extends RemediationError {
  constructor(
    code: string,
    message: string,
    readonly details: string[],
  ) {
    super(code, message);
  }
}

export function messageOf(err: unknown): string {
  if (isAbortError(err)) return 'Cancelled.';
  return (err as Error)?.message ?? String(err);
}

function codeOf(err: unknown): string {
  if (err instanceof RemediationError) return err.code;
  if (isAbortError(err)) return 'cancelled';
  return 'internal';
}

/** The `failed` event's error: code, sentence and, for a DetailedError, its lines. */
export function errorOf(err: unknown): { code: string; message: string; details?: string[] } {
  return {
    code: codeOf(err),
    message: messageOf(err),
    ...(err instanceof DetailedError ? { details: err.details } : {}),
  };
}

export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Numbers a job's events in the order they happen and stamps them with its id. */
export class Sequencer {
  private seq = 0;
  constructor(
    private readonly jobId: string,
    private readonly sink: (e: FixEvent) => void,
  ) {}
  emit(draft: FixEventDraft): void {
    this.sink({ ...draft, jobId: this.jobId, seq: this.seq++ } as FixEvent);
  }
}
