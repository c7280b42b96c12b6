/**
 * The core behind every door (Electron IPC, web-mode WebSocket, tests): validates a request against
 * the shared contract, runs its handler, validates the answer, and turns failures into values.
 * No Electron import here.
 */
import {
  type ApiError,
  type EventName,
  type EventOf,
  isRequestName,
  type ParsedRequestOf,
  type RequestName,
  type ResponseOf,
  requests,
} from '../../shared/contract';
import { appHandlers } from './handlers/app';
import { codesHandlers } from './handlers/codes';
import { fixHandlers } from './handlers/fix';
import { fleetHandlers } from './handlers/fleet';
import { probeHandlers } from './handlers/probe';
import { reportHandlers } from './handlers/report';
import { RunStore } from './runStore';

/** Where a handler sends its events: the one client that asked. */
export interface EventSink {
  emit<K extends EventName>(name: K, payload: EventOf<K>): void;
}

export interface CoreContext {
  sink: EventSink;
  mode: 'electron' | 'web';
  runs: RunStore;
}

export type Handler<K extends RequestName> = (req: ParsedRequestOf<K>, ctx: CoreContext) => Promise<ResponseOf<K>>;
export type HandlerMap = { [K in RequestName]: Handler<K> };

export type CoreReply = { ok: true; value: unknown } | { ok: false; error: ApiError };

/** A failure meant for the user: its code and message cross the boundary as they are. */
export class CoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CoreError';
  }
}

export interface CoreOptions {
  mode: 'electron' | 'web';
  /** replace handlers that need the host (e.g. report.save needs Electron's dialog) */
  overrides?: Partial<HandlerMap>;
}

export class Core {
  readonly runs = new RunStore();
  private readonly handlers: HandlerMap;

  constructor(private readonly options: CoreOptions) {
    this.handlers = {
      ...appHandlers,
      ...probeHandlers,
      ...codesHandlers,
      ...reportHandlers,
      ...fixHandlers,
      ...fleetHandlers,
      ...options.overrides,
    } as HandlerMap;
  }

  get mode(): 'electron' | 'web' {
    return this.options.mode;
  }

  /** Never throws: every outcome is a CoreReply. */
  async handle(name: unknown, payload: unknown, sink: EventSink): Promise<CoreReply> {
    if (!isRequestName(name)) {
      return {
        ok: false,
        error: { code: 'unknown-request', message: `Unknown request "${String(name).slice(0, 64)}".` },
      };
    }
    const spec = requests[name];
    const parsed = spec.req.safeParse(payload ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` (${issue.path.join('.')})` : '';
      return {
        ok: false,
        error: {
          code: 'invalid-request',
          message: `Invalid ${name} request${where}: ${issue?.message ?? 'malformed'}.`,
        },
      };
    }
    try {
      const handler = this.handlers[name] as Handler<typeof name>;
      const value = await handler(parsed.data as never, { sink, mode: this.options.mode, runs: this.runs });
      const checked = spec.res.safeParse(value);
      if (!checked.success) {
        return { ok: false, error: { code: 'internal', message: `The core produced an invalid ${name} answer.` } };
      }
      return { ok: true, value: checked.data };
    } catch (err) {
      if (err instanceof CoreError) return { ok: false, error: { code: err.code, message: err.message } };
      return {
        ok: false,
        error: { code: 'internal', message: `Internal error in ${name}: ${(err as Error)?.message ?? String(err)}` },
      };
    }
  }

  /** Stops every running probe (window closed, server stopping). */
  dispose(): void {
    this.runs.cancelAll();
  }
}
