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
import { CoreError } from './coreError';
import { ensureDataDir } from './dataDir';
import { appHandlers } from './handlers/app';
import { codesHandlers } from './handlers/codes';
import { fixHandlers } from './handlers/fix';
import { fleetHandlers } from './handlers/fleet';
import { probeHandlers } from './handlers/probe';
import { reportHandlers } from './handlers/report';
import { settingsHandlers } from './handlers/settings';
import { RunStore } from './runStore';
import { SettingsStore } from './settings';

/** Where a handler sends its events: the one client that asked. */
export interface EventSink {
  emit<K extends EventName>(name: K, payload: EventOf<K>): void;
}

export interface CoreContext {
  sink: EventSink;
  mode: 'electron' | 'web';
  runs: RunStore;
  /** the settings file, opened on first use (in the data folder) */
  settings: () => SettingsStore;
}

export type Handler<K extends RequestName> = (req: ParsedRequestOf<K>, ctx: CoreContext) => Promise<ResponseOf<K>>;
export type HandlerMap = { [K in RequestName]: Handler<K> };

export type CoreReply = { ok: true; value: unknown } | { ok: false; error: ApiError };

/**
 * Every request of the contract has its handler: `satisfies` (not a cast) makes a request added to
 * shared/contract.ts without one a compile error here.
 */
const defaultHandlers = {
  ...appHandlers,
  ...probeHandlers,
  ...codesHandlers,
  ...reportHandlers,
  ...fixHandlers,
  ...settingsHandlers,
  ...fleetHandlers,
} satisfies HandlerMap;

export interface CoreOptions {
  mode: 'electron' | 'web';
  /** replace handlers that need the host (e.g. report.save needs Electron's dialog) */
  overrides?: Partial<HandlerMap>;
  /** the data folder for settings (default: electron/core/dataDir.ts) */
  dataDir?: string;
}

export class Core {
  readonly runs = new RunStore();
  private readonly handlers: HandlerMap;
  private settingsStore: SettingsStore | null = null;

  constructor(private readonly options: CoreOptions) {
    this.handlers = { ...defaultHandlers, ...options.overrides };
  }

  /** The settings file, opened on first use so that a Core that never needs it never touches the disk. */
  settings(): SettingsStore {
    this.settingsStore ??= new SettingsStore(this.options.dataDir ?? ensureDataDir());
    return this.settingsStore;
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
      const value = await handler(parsed.data as never, {
        sink,
        mode: this.options.mode,
        runs: this.runs,
        settings: () => this.settings(),
      });
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
