import type { DecodeResult } from '../../../shared/codes';
import type { RdpDoctorApi, ReportFormat, ResponseOf } from '../../../shared/contract';
import type { HostKind } from '../../../shared/findings';
import type { FleetEvent, FleetHost, FleetReportFormat, TargetError } from '../../../shared/fleet';
import type { ProbeEvent, ProbeResult } from '../../../shared/probe';
import type { FleetFilter, FleetSort, FleetSortKey } from '../logic/fleetTable';
import type { StepRows } from '../logic/steps';

/** What the store needs from the outside world; tests pass fakes, the app passes the real ones. */
export interface StoreDeps {
  api: () => RdpDoctorApi;
  /** where recent hosts live; null = remember nothing */
  storage: Storage | null;
  /** delay before decoding what is typed in the code field */
  decodeDebounceMs: number;
  /** web mode: hand a rendered report to the browser */
  download: (filename: string, mime: string, content: string) => void;
  /** "Copy summary" */
  writeClipboard: (text: string) => Promise<void>;
  /** extra time past the probe's own deadline before the UI stops waiting for events */
  watchdogGraceMs: number;
  /** also keep recent hosts in the core's settings file (default: on for the app's own store) */
  rememberInCore?: boolean;
  /** web mode: tells when the connection to the core drops */
  onConnectionState: (listener: (s: 'connecting' | 'open' | 'closed') => void) => () => void;
}

export type Screen = 'start' | 'live' | 'findings' | 'fleet';
export type AppInfo = ResponseOf<'app.info'>;

export interface TargetSlice {
  host: string;
  codesText: string;
  decode: DecodeResult | null;
  decodePending: boolean;
  checkCredentials: boolean;
  user: string;
  /** held only until the probe starts, then cleared */
  password: string;
  recentHosts: string[];
  /** a friendly message shown on the start screen (bad input, a probe that could not start, a cancel) */
  startMessage: { kind: 'error' | 'info'; text: string } | null;
  setHost(host: string): void;
  setCodesText(text: string): void;
  setCheckCredentials(on: boolean): void;
  setUser(user: string): void;
  setPassword(password: string): void;
  forgetRecentHosts(): void;
}

export type RunState = 'idle' | 'starting' | 'running' | 'finished' | 'failed' | 'cancelled';

export interface RunSlice {
  screen: Screen;
  runId: string | null;
  /** the target as sent to the core */
  runTarget: string;
  runState: RunState;
  steps: StepRows;
  runError: string | null;
  /** the web-mode connection to the core dropped: nothing more will arrive */
  connectionLost: boolean;
  setConnectionLost(): void;
  startProbe(): Promise<void>;
  cancelProbe(): Promise<void>;
  /** every probe.event goes through here; events of other runs are ignored */
  handleProbeEvent(ev: ProbeEvent): void;
  /** back to the start screen, keeping what was typed */
  newCheck(): void;
}

export interface FindingsSlice {
  result: ProbeResult | null;
  detailsOpen: boolean;
  setDetailsOpen(open: boolean): void;
  /** the technician's correction of the host kind guess, for this result only (null = the guess stands) */
  hostKindChoice: { result: ProbeResult; kind: HostKind | 'unknown' } | null;
  setHostKind(kind: HostKind | 'unknown'): void;
}

export type ExportFormat = ReportFormat | 'pdf';

export interface ReportSlice {
  appInfo: AppInfo | null;
  appInfoError: string | null;
  exportFormat: ExportFormat;
  redact: boolean;
  exportBusy: boolean;
  reportMessage: { kind: 'error' | 'info'; text: string } | null;
  loadAppInfo(): Promise<void>;
  setExportFormat(f: ExportFormat): void;
  setRedact(on: boolean): void;
  exportReport(): Promise<void>;
  copySummary(): Promise<void>;
}

export type FleetState = 'idle' | 'starting' | 'running' | 'finished' | 'cancelled' | 'failed';

/** "Many computers" (issue 14): see fleetSlice.ts. */
export interface FleetSlice {
  fleetText: string;
  /** the imported file's name, or "pasted list" */
  fleetSource: string;
  fleetScanId: string | null;
  fleetState: FleetState;
  /** every host in scan order (index = position) */
  fleetHosts: FleetHost[];
  fleetDone: number;
  /** indexes of the hosts being checked right now */
  fleetChecking: number[];
  fleetStartedAt: number | null;
  fleetFinishedAt: number | null;
  fleetTargetErrors: TargetError[];
  fleetDuplicates: number;
  fleetMessage: { kind: 'error' | 'info'; text: string } | null;
  fleetSort: FleetSort;
  fleetFilter: FleetFilter;
  fleetExportFormat: FleetReportFormat;
  fleetRedact: boolean;
  fleetExportBusy: boolean;
  showFleet(): void;
  showSingle(): void;
  setFleetText(text: string): void;
  importFleetFile(name: string, text: string): void;
  startFleet(): Promise<void>;
  cancelFleet(): Promise<void>;
  handleFleetEvent(ev: FleetEvent): void;
  setFleetSort(key: FleetSortKey): void;
  setFleetFilter(filter: Partial<FleetFilter>): void;
  /** the host's findings in the findings screen (its report and the fix wizard work on it as on any run) */
  openFleetHost(index: number): Promise<void>;
  setFleetExportFormat(format: FleetReportFormat): void;
  setFleetRedact(on: boolean): void;
  exportFleet(): Promise<void>;
}

export type AppState = TargetSlice & RunSlice & FindingsSlice & ReportSlice & FleetSlice;
