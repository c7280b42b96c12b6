/**
 * What a request handler is and what it gets: in its own file so that core.ts imports the handlers and the
 * handlers import only this (no cycle between core.ts and core/handlers/*).
 */
import type { EventName, EventOf, ParsedRequestOf, RequestName, ResponseOf } from '../../shared/contract';
import type { FixService } from '../remediation/fixService';
import type { JobStore } from './jobStore';
import type { RunStore } from './runStore';
import type { SettingsStore } from './settings';

/** Where a handler sends its events: the one client that asked. */
export interface EventSink {
  emit<K extends EventName>(name: K, payload: EventOf<K>): void;
}

export interface CoreContext {
  sink: EventSink;
  mode: 'electron' | 'web';
  /** every background job of this core: probe runs, fix jobs, fleet scans */
  jobs: JobStore;
  /** the probe runs among them, with their results */
  runs: RunStore;
  /** the one way into the remediation tier */
  fix: FixService;
  /** the settings file, opened on first use (in the data folder) */
  settings: () => SettingsStore;
}

export type Handler<K extends RequestName> = (req: ParsedRequestOf<K>, ctx: CoreContext) => Promise<ResponseOf<K>>;
export type HandlerMap = { [K in RequestName]: Handler<K> };
