/**
 * The probe runner: schedules the steps (concurrently where independent), emits a `running` event and a
 * finished event with facts for each, enforces one overall deadline and the caller's AbortSignal, and always
 * returns a ProbeResult (never throws). `findings` stays empty: diagnosis is probeAndDiagnose's job.
 *
 *   target → tcp → negotiation ─┬─ tls → certificate ─┐
 *                               ├─ credssp            ├─→ stability
 *                               ├─ nlaCheck           │   (alone, last)
 *                               └─ rdpSecurity ───────┘
 *
 * The negotiation's connections that selected TLS, CredSSP or Standard RDP Security are handed on (handoff.ts)
 * to the TLS, CredSSP and MCS steps instead of being reopened, and every connection is counted and timed
 * (connectionLog.ts; ProbeResult.connections): about 10 per probe.
 */

import type { ClientSuiteCheck } from '../../shared/clientProfiles';
import { glossFirst } from '../../shared/glossary';
import type {
  ProbeOptions,
  ProbeResult,
  ProtocolName,
  StepEvent,
  StepFacts,
  StepId,
  StepSummary,
} from '../../shared/probe';
import { PROBE_RESULT_SCHEMA_VERSION, STEP_IDS } from '../../shared/probeConstants';
import { APP_VERSION } from '../../shared/version';
import { certificateStep } from './certificate';
import { enumerateClientSuites } from './cipherEnum';
import { ConnectionLog, pathFacts } from './connectionLog';
import { credsspStep } from './credssp';
import { Handoff } from './handoff';
import { negotiationStep } from './negotiation';
import { nlaCheckStep } from './nlaCheck';
import { judgePath } from './pathVerdict';
import { checkProbeOptions } from './probeOptions';
import { rdpSecurityStep } from './rdpSecurity';
import { stabilityStep } from './stability';
import type { Step, StepContext, StepOutcome } from './stepTypes';
import { targetStep } from './target';
import { tcpStep } from './tcp';
import { reconsiderCutVersions, tlsStep } from './tls';

export interface ProbeHooks {
  signal?: AbortSignal;
  onStep?: (event: StepEvent) => void;
}

/** Steps get this long after the deadline to report their own timeout before the runner cuts them off. */
const DEADLINE_GRACE_MS = 150;

export interface ProbeSteps {
  target: Step<unknown>;
  tcp: Step<unknown>;
  negotiation: Step<unknown>;
  tls: Step<unknown>;
  certificate: Step<unknown>;
  credssp: Step<unknown>;
  rdpSecurity: Step<unknown>;
  stability: Step<unknown>;
  nlaCheck: Step<unknown>;
}

export const DEFAULT_STEPS: ProbeSteps = {
  target: targetStep,
  tcp: tcpStep,
  negotiation: negotiationStep,
  tls: tlsStep,
  certificate: certificateStep,
  credssp: credsspStep,
  rdpSecurity: rdpSecurityStep,
  stability: stabilityStep,
  nlaCheck: nlaCheckStep,
};

export async function runProbe(
  options: ProbeOptions,
  hooks: ProbeHooks = {},
  stepsImpl: ProbeSteps = DEFAULT_STEPS,
): Promise<ProbeResult> {
  const started = Date.now();
  const steps = Object.fromEntries(
    STEP_IDS.map((id) => [id, { status: 'waiting', durationMs: null, summary: '' } satisfies StepSummary]),
  ) as Record<StepId, StepSummary>;
  const facts: StepFacts = {};
  const emit = (event: StepEvent) => {
    try {
      hooks.onStep?.(event);
    } catch {
      // a listener's bug must not break the probe
    }
  };

  // checked here without zod (probeOptions.ts): the probe's hot path loads no schema
  const parsedOptions = checkProbeOptions(options);
  const controller = new AbortController();
  let aborted = false;
  const onOuterAbort = () => {
    aborted = true;
    controller.abort();
  };
  if (hooks.signal?.aborted) onOuterAbort();
  else hooks.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const timeoutMs = parsedOptions.ok ? parsedOptions.value.timeoutMs : 10_000;
  const deadline = started + timeoutMs;
  const deadlineTimer = setTimeout(() => {
    aborted = true;
    controller.abort();
  }, timeoutMs);
  const signal = controller.signal;
  // resolves a little after the abort, so a step that ignores the signal cannot hold the probe
  let graceTimer: NodeJS.Timeout | undefined;
  let settled = false;
  const cutOff = new Promise<'cut'>((resolve) => {
    const fire = () => {
      // the final cleanup abort must not keep the process alive for the grace period
      if (!settled) graceTimer = setTimeout(() => resolve('cut'), DEADLINE_GRACE_MS);
    };
    if (signal.aborted) fire();
    else signal.addEventListener('abort', fire, { once: true });
  });

  const finish = (id: StepId, raw: StepOutcome<unknown>, durationMs: number | null) => {
    // jargon in a step's one-line summary gets its plain gloss on first use (shared/glossary.ts)
    const outcome = { ...raw, summary: glossFirst(raw.summary) };
    steps[id] = {
      status: outcome.status,
      durationMs,
      summary: outcome.summary,
      ...(outcome.error ? { error: outcome.error } : {}),
    };
    const stepFacts = outcome.facts !== undefined ? ({ [id]: outcome.facts } as StepFacts) : undefined;
    if (stepFacts) Object.assign(facts, stepFacts);
    emit({
      step: id,
      status: outcome.status,
      durationMs,
      summary: outcome.summary,
      ...(outcome.error ? { error: outcome.error } : {}),
      ...(stepFacts ? { facts: stepFacts } : {}),
    });
    return outcome;
  };
  const skip = (id: StepId, summary: string) => finish(id, { status: 'skipped', summary }, null);

  const run = async (id: StepId): Promise<StepOutcome<unknown>> => {
    if (signal.aborted) {
      return skip(id, hooks.signal?.aborted ? 'the probe was cancelled' : 'the probe ran out of time before this step');
    }
    if (!parsedOptions.ok) return skip(id, 'invalid probe options');
    const opts = parsedOptions.value;
    const t0 = performance.now();
    // A running step says how long it may wait at most (its own timeout, cut by the probe's deadline).
    const waitMs = Math.min(maxWaitMs(id, opts, facts), Math.max(0, deadline - Date.now()));
    const waiting = waitMs >= 1000 ? `waits at most ${Math.round(waitMs / 1000)} s` : '';
    emit({ step: id, status: 'running', durationMs: null, summary: waiting });
    steps[id] = { status: 'running', durationMs: null, summary: waiting };
    const ctx: StepContext = {
      options: opts,
      host: facts.target?.host ?? opts.target,
      port: facts.target?.port ?? 3389,
      address: facts.tcp?.address ?? null,
      signal,
      deadline,
      facts,
      handoff,
      connections,
      trace: { log: connections, step: id },
    };
    let outcome: StepOutcome<unknown>;
    try {
      const raced = await Promise.race([stepsImpl[id](ctx), cutOff]);
      if (raced === 'cut') {
        const cancelled = hooks.signal?.aborted === true;
        const message = cancelled
          ? 'the probe was cancelled'
          : `the probe's ${timeoutMs} ms deadline passed during this step`;
        outcome = {
          status: 'failed',
          summary: message,
          error: { code: cancelled ? 'CANCELLED' : 'DEADLINE', message },
        };
      } else {
        outcome = raced;
      }
    } catch (err) {
      const message = `internal error in this step: ${err instanceof Error ? err.message : String(err)}`;
      outcome = { status: 'failed', summary: message, error: { code: 'INTERNAL', message } };
    }
    const done = finish(id, outcome, Math.round((performance.now() - t0) * 10) / 10);
    // Only the credential check needs the password: drop it from the options every other step still sees.
    if (id === 'nlaCheck') delete opts.credentials;
    return done;
  };

  // the client-profile handshakes (cipherEnum.ts), after the TLS step; not a step of its own in the live table
  let clientChecks: ClientSuiteCheck[] | undefined;
  const enumerateClients = async () => {
    if (signal.aborted || !parsedOptions.ok || !facts.tls) return;
    const opts = parsedOptions.value;
    clientChecks = await enumerateClientSuites({
      options: opts,
      host: facts.target?.host ?? opts.target,
      port: facts.target?.port ?? 3389,
      address: facts.tcp?.address ?? null,
      signal,
      deadline,
      facts,
      connections,
      trace: { log: connections },
    });
  };

  const handoff = new Handoff();
  const connections = new ConnectionLog();
  try {
    if (!parsedOptions.ok) {
      const message = `invalid probe options: ${parsedOptions.issues.join('; ')}`;
      finish('target', { status: 'failed', summary: message, error: { code: 'OPTIONS_INVALID', message } }, null);
      for (const id of STEP_IDS) if (id !== 'target') skip(id, 'invalid probe options');
    } else {
      await schedule(run, skip, () => facts, enumerateClients);
    }
  } finally {
    settled = true;
    clearTimeout(graceTimer);
    clearTimeout(deadlineTimer);
    hooks.signal?.removeEventListener('abort', onOuterAbort);
    // anything still holding a socket lets go now
    handoff.closeAll();
    controller.abort();
  }

  const path = pathFacts(connections);
  if (reconsiderCutVersions(facts.tls, judgePath(path)?.unstable === true) && steps.tls.status === 'failed') {
    // the step's own verdict ("aborted every handshake") came before the path was known to drop connections
    const message =
      'TLS unknown: the handshakes that failed were cut by a path that drops connections the server answers elsewhere';
    steps.tls = { ...steps.tls, status: 'warning', summary: message, error: { code: 'TLS_VERSIONS_UNKNOWN', message } };
  }
  const finishedAt = Date.now();
  return {
    schemaVersion: PROBE_RESULT_SCHEMA_VERSION,
    tool: { name: 'rdp-doctor', version: APP_VERSION },
    input: options.target,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finishedAt).toISOString(),
    durationMs: finishedAt - started,
    aborted,
    steps,
    target: facts.target ?? null,
    tcp: facts.tcp ?? null,
    negotiation: facts.negotiation ?? null,
    tls: facts.tls ?? null,
    credssp: facts.credssp ?? null,
    rdpSecurity: facts.rdpSecurity ?? null,
    stability: facts.stability ?? null,
    nlaCheck: facts.nlaCheck ?? null,
    connections: connections.opened,
    path,
    // the verdicts per profile are the diagnosis's (diagnosis/clientProfiles.ts)
    ...(clientChecks ? { clients: { checks: clientChecks, profiles: [] } } : {}),
    findings: [],
  };
}

/**
 * The longest each step waits on the network, from the steps' own timeouts (target.ts DNS 4 s, tcp.ts 4 s per
 * address, negotiation.ts and tls.ts 5 s, credssp.ts 8 s, rdpSecurity.ts 5 s, stability.ts 2 s a sample).
 */
export function maxWaitMs(
  id: StepId,
  opts: { stabilitySamples: number; credentials?: unknown },
  facts: StepFacts,
): number {
  switch (id) {
    case 'target':
      return 4_000;
    case 'tcp':
      return 4_000 * Math.max(1, facts.target?.addresses.length ?? 1);
    case 'negotiation':
    case 'tls':
    case 'rdpSecurity':
      return 5_000;
    case 'credssp':
      return 8_000;
    case 'nlaCheck':
      return opts.credentials ? 8_000 : 0;
    case 'stability':
      return 2_000 * opts.stabilitySamples;
    default:
      return 0;
  }
}

/** The negotiation's request for `p` was cut, and its retry too (issue 22): nothing is known about `p`. */
export function linkDropped(facts: StepFacts, p: ProtocolName): boolean {
  const a = facts.negotiation?.attempts.find((x) => x.requested === p);
  return a?.outcome === 'closed' && (a.error?.code === 'X224_CLOSED' || a.error?.code === 'X224_RESET');
}

type Run = (id: StepId) => Promise<StepOutcome<unknown>>;
type Skip = (id: StepId, summary: string) => StepOutcome<unknown>;

async function schedule(
  run: Run,
  skip: Skip,
  facts: () => StepFacts,
  enumerateClients: () => Promise<void> = async () => {},
): Promise<void> {
  const target = await run('target');
  if (target.status === 'failed' || target.status === 'skipped') {
    for (const id of STEP_IDS) if (id !== 'target') skip(id, 'needs a valid, resolvable target');
    return;
  }
  const tcp = await run('tcp');
  if (tcp.status === 'failed' || tcp.status === 'skipped') {
    for (const id of STEP_IDS) if (id !== 'target' && id !== 'tcp') skip(id, 'needs a TCP connection');
    return;
  }
  const afterNegotiation = async () => {
    const neg = await run('negotiation');
    const s = facts().negotiation?.supports;
    if (neg.status === 'failed' && !(s && Object.values(s).some((v) => v === true))) {
      for (const id of ['tls', 'certificate', 'credssp', 'rdpSecurity', 'nlaCheck'] as const) {
        skip(id, 'needs an RDP server that answers the negotiation');
      }
      return;
    }
    await Promise.all([
      (async () => {
        await run('tls');
        await run('certificate');
        await enumerateClients();
      })(),
      run('credssp'),
      run('nlaCheck'),
      s?.rdp === true
        ? run('rdpSecurity')
        : Promise.resolve(
            skip(
              'rdpSecurity',
              linkDropped(facts(), 'rdp')
                ? 'unknown: the link dropped the Standard RDP Security request and its retry'
                : 'the server does not offer Standard RDP Security',
            ),
          ),
    ]);
  };
  // Stability runs last, on its own: the other steps' parallel connections would otherwise fill a small accept
  // backlog (xrdp's) and turn our own load into a 1 s SYN retransmit that looks like a flaky network.
  await afterNegotiation();
  await run('stability');
}
