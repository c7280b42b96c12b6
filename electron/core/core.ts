/**
 * The core behind every door (Electron IPC, web-mode WebSocket, tests): validates a request against
 * the shared contract, runs its handler, validates the answer, and turns failures into values.
 * No Electron import here.
 */
import { type ApiError, isRequestName, requests } from '../../shared/contract';
import type { FixService } from '../remediation/fixService';
import { CoreError } from './coreError';
import { fixServiceOver } from './coreFixService';
import { ensureDataDir } from './dataDir';
import type { CoreContext, EventSink, Handler, HandlerMap } from './handler';
import { appHandlers } from './handlers/app';
import { codesHandlers } from './handlers/codes';
import { fixHandlers } from './handlers/fix';
import { fleetHandlers } from './handlers/fleet';
import { probeHandlers } from './handlers/probe';
import { reportHandlers } from './handlers/report';
import { settingsHandlers } from './handlers/settings';
import { JobStore } from './jobStore';
import { RunStore } from './runStore';
import { SettingsStore } from './settings';

export type { CoreContext, EventSink, Handler, HandlerMap };

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
  /** every background job: probe runs, fix and undo jobs, fleet scans */
  readonly jobs = new JobStore();
  readonly runs = new RunStore(this.jobs);
  readonly fix: FixService;
  private readonly handlers: HandlerMap;
  private settingsStore: SettingsStore | null = null;

  constructor(private readonly options: CoreOptions) {
    this.handlers = { ...defaultHandlers, ...options.overrides };
    this.fix = fixServiceOver(this.jobs, () => this.options.dataDir ?? ensureDataDir());
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
      const ctx: CoreContext = {
        sink,
        mode: this.options.mode,
        jobs: this.jobs,
        runs: this.runs,
        fix: this.fix,
        settings: () => this.settings(),
      };
      const value = await handler(parsed.data as never, ctx);
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

  /** Stops every running probe and fleet scan (window closed, server stopping); fix jobs run on to their end. */
  dispose(): void {
    this.jobs.cancelAll(['probe', 'fleet']);
  }
}
