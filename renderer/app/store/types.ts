import type { DecodeResult } from '../../../shared/codes';
import type { RdpDoctorApi, ReportFormat, ResponseOf } from '../../../shared/contract';
import type { HostKind } from '../../../shared/findings';
import type { FleetEvent, FleetHost, FleetReportFormat, TargetError } from '../../../shared/fleet';
import type { HostKindGuess } from '../../../shared/guessHostKind';
import type { ProbeEvent, ProbeResult } from '../../../shared/probe';
import type { AuditEntry, FixEvent, FixPlan, Inspection, SuppliedCertificateFacts } from '../../../shared/remediation';
import type { AccessVia, FixSecrets, SshForm, WinrmForm } from '../logic/fixAccess';
import type { FixJob } from '../logic/fixJob';
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
  /** web mode's "Print to PDF…": opens the browser's print dialog on this HTML */
  printHtml?: (html: string) => void;
  /** "Copy summary" */
  writeClipboard: (text: string) => Promise<void>;
  /** extra time past the probe's own deadline before the UI stops waiting for events */
  watchdogGraceMs: number;
  /** also keep recent hosts in the core's settings file (default: on for the app's own store) */
  rememberInCore?: boolean;
  /** web mode: tells when the connection to the core drops */
  onConnectionState: (listener: (s: 'connecting' | 'open' | 'closed') => void) => () => void;
}

export type Screen = 'start' | 'live' | 'findings' | 'fleet' | 'fix';
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
  /**
   * the shown result was opened from the "Many computers" list: it is judged without the codes typed for
   * one computer, and the findings screen offers "Back to the list"
   */
  fromFleet: boolean;
  /** where the list was scrolled when a host was opened, restored on "Back to the list" */
  fleetScrollY: number | null;
  backToFleetList(): void;
  setFleetExportFormat(format: FleetReportFormat): void;
  setFleetRedact(on: boolean): void;
  exportFleet(): Promise<void>;
}

/** The Fix screen's steps, in order. */
export type FixStep = 'access' | 'inspection' | 'plan' | 'apply' | 'verify';
export type FixBusy = 'host-key' | 'inspect' | 'plan' | 'start' | 'cancel' | 'undo' | 'script' | 'recheck' | null;
export type FixMessage = { kind: 'error' | 'info'; text: string; code?: string } | null;
export type HostKeyCheck = ResponseOf<'fix.hostKey'>;
export type FixScript = ResponseOf<'fix.script'>;

export interface FixSlice {
  /** the findings "Fix this" was pressed on; null = every finding with a fix */
  fixFocus: string[] | null;
  fixStep: FixStep;
  hostKindGuess: HostKindGuess | null;
  fixHostKind: HostKind;
  accessVia: AccessVia;
  sshForm: SshForm;
  winrmForm: WinrmForm;
  /** in memory only, cleared once a job has used them (and when the Fix screen is left) */
  fixSecrets: FixSecrets;
  /** the secrets were used (or a request carrying them failed) and cleared: the next request needs them again */
  secretsCleared: boolean;
  /** optional secrets the core asked for (an encrypted key file, sudo wanting a password): their fields show */
  secretsAsked: ('passphrase' | 'sudoPassword')[];
  /** the SSH host key seen by `fix.hostKey`, waiting for "Trust this key" when not trusted */
  hostKeyCheck: HostKeyCheck | null;
  /** the fingerprint the technician trusted on screen; sent as `trustHostKey` */
  trustedHostKey: string | null;
  /** the phases the console script runs (the picker); null = the default (one of two alternatives) */
  scriptPhases: string[] | null;
  setScriptPhase(phase: string, on: boolean): void;
  /** the old fingerprint the technician chose to replace (server reinstalled); sent as `replaceHostKey` */
  replacedHostKey: string | null;
  fixBusy: FixBusy;
  fixMessage: FixMessage;
  inspection: Inspection | null;
  plan: FixPlan | null;
  selectedPhases: string[];
  fixConfirmed: boolean;
  script: FixScript | null;
  scriptMessage: FixMessage;
  /** what connecting is for: the inspection (the wizard), or undoing an earlier fix from step 1 */
  connectFor: 'inspect' | 'undo-earlier';
  openFix(findingId?: string): void;
  closeFix(): void;
  setFixHostKind(kind: HostKind): void;
  setAccessVia(via: AccessVia): void;
  setSshField<K extends keyof SshForm>(field: K, value: SshForm[K]): void;
  setWinrmField<K extends keyof WinrmForm>(field: K, value: WinrmForm[K]): void;
  setFixSecret(field: keyof FixSecrets, value: string): void;
  /** step 1 → 2: checks the SSH host key first, then inspects */
  connectHost(): Promise<void>;
  trustHostKey(): Promise<void>;
  /** the server was reinstalled: replace the key trusted before with the one it shows now (confirmed) */
  replaceHostKey(): Promise<void>;
  rejectHostKey(): void;
  makeScript(): Promise<void>;
  copyScript(): Promise<void>;
  downloadScript(): void;
  /** step 2 → 3 */
  planFix(): Promise<void>;
  togglePhase(phase: string, on: boolean): void;
  setFixConfirmed(on: boolean): void;
  /** step 1: undo the newest earlier fix on this target that still has changes (checks the host key first) */
  undoEarlierFix(): Promise<void>;
  goToFixStep(step: FixStep): void;
}

/** A certificate from the company CA for the Fix screen (fixCertificateSlice.ts, issue 21). */
export interface FixCertificateSlice {
  /** the chosen .pfx, in memory only */
  fixPfx: { fileName: string; pfxBase64: string; size: number } | null;
  /** its password: a secret, in memory only, cleared when the screen is left and once a job was sent */
  fixPfxPassword: string;
  /** what the core said of it: its public facts (when it opened) and every reason it would be refused */
  fixPfxCheck: { certificate: SuppliedCertificateFacts | null; problems: string[] } | null;
  fixPfxBusy: boolean;
  /** a refusal before the core saw it (too large, empty) or a failed check, in words */
  fixPfxMessage: string | null;
  choosePfx(fileName: string, bytes: Uint8Array): void;
  setPfxPassword(value: string): void;
  checkPfx(): Promise<void>;
  clearPfx(): void;
}

/** The Fix screen's jobs (fixJobsSlice.ts): apply, undo, their events, the audit log's history. */
export interface FixJobsSlice {
  applyJob: FixJob | null;
  undoJob: FixJob | null;
  /** the audit log's entries for this target (to undo a fix made earlier); empty until loaded */
  fixHistory: AuditEntry[];
  loadFixHistory(): Promise<void>;
  /** step 3 → 4 */
  startFix(): Promise<void>;
  cancelFix(): Promise<void>;
  /** undo the job of step 4 (its applied phases, last first) */
  undoFix(): Promise<void>;
  /**
   * undo a job by id (this visit's, or an earlier one from the audit log); `force` after the technician
   * confirmed overwriting what was edited since the fix (an `undo-conflict`)
   */
  runUndo(jobId: string, phases: string[], force?: boolean): Promise<void>;
  /** the last undo asked for (to confirm "Undo anyway" after an `undo-conflict`) */
  lastUndoRequest: { jobId: string; phases: string[] } | null;
  /** the undo again, overwriting the later edits it named */
  undoAnyway(): Promise<void>;
  /** step 5's "Check again": verifies the applied job again in place (fix.verifyAgain) */
  verifyFixAgain(): Promise<void>;
  handleFixEvent(ev: FixEvent): void;
  fixConnectionLost(): void;
}

export type AppState = TargetSlice &
  RunSlice &
  FindingsSlice &
  ReportSlice &
  FleetSlice &
  FixSlice &
  FixJobsSlice &
  FixCertificateSlice;
