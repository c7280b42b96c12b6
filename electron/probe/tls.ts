/**
 * Probe step 4: TLS. After a negotiation that selected TLS (or CredSSP, which runs inside TLS), one handshake
 * per TLS version, in parallel, each on its own connection. Records which versions work, the negotiated
 * version and cipher, and how each failure happened: a server that agrees to TLS and then aborts every
 * handshake is the signature of a certificate whose private key the service cannot use.
 * The certificate seen on the first successful handshake becomes `tls.certificate`.
 */
import type { SecureVersion, TLSSocket } from 'node:tls';
import type { ProtocolName, TlsFacts, TlsVersionName, TlsVersionResult } from '../../shared/probe';
import { certificateFacts } from './certificateFacts';
import type { Negotiated } from './handoff';
import { openSecureChannel, SecureChannelError } from './secureChannel';
import { type Step, type StepContext, stepBudget } from './stepTypes';

export const TLS_VERSIONS: TlsVersionName[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
/** Connect + X.224 + handshake on a LAN is tens of ms; 5 s leaves room for a slow link. */
const TLS_TIMEOUT_MS = 5_000;

/** Which negotiated protocol to follow into TLS: plain TLS when offered, else CredSSP's TLS. */
export function tlsVia(ctx: StepContext): 'tls' | 'hybrid' | 'hybridEx' | null {
  const s = ctx.facts.negotiation?.supports;
  if (!s) return null;
  if (s.tls) return 'tls';
  if (s.hybrid) return 'hybrid';
  if (s.hybridEx) return 'hybridEx';
  return null;
}

interface Try {
  result: TlsVersionResult;
  socket: TLSSocket | null;
  /** the connection ended inside the handshake (reset or EOF): no answer about this version (issue 22) */
  cut: boolean;
}

/**
 * One TLS handshake offering `min`..`max` (one version when they are equal), on a new connection or on the
 * negotiation's own (`negotiated`). The result is labelled with the version the server chose.
 */
async function tryRange(
  ctx: StepContext,
  via: 'tls' | 'hybrid' | 'hybridEx',
  min: TlsVersionName,
  max: TlsVersionName,
  negotiated?: Negotiated,
): Promise<Try> {
  const started = performance.now();
  const ms = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    const { socket } = await openSecureChannel({
      host: ctx.host,
      port: ctx.port,
      address: ctx.address ?? undefined,
      protocol: via,
      signal: ctx.signal,
      trace: ctx.trace,
      timeoutMs: stepBudget(ctx, TLS_TIMEOUT_MS),
      tls: { minVersion: min as SecureVersion, maxVersion: max as SecureVersion },
      ...(negotiated ? { negotiated } : {}),
    });
    const cipher = socket.getCipher();
    const got = socket.getProtocol() ?? max;
    const version = (TLS_VERSIONS as string[]).includes(got) ? (got as TlsVersionName) : max;
    return {
      result: { version, ok: true, negotiatedVersion: got, cipher: cipher?.standardName ?? cipher?.name, ms: ms() },
      socket,
      cut: false,
    };
  } catch (err) {
    const cut = err instanceof SecureChannelError && err.cut !== undefined && !ctx.signal.aborted;
    if (err instanceof SecureChannelError && err.tlsFailure) {
      return { result: { version: max, ok: false, failure: err.tlsFailure, ms: ms() }, socket: null, cut };
    }
    const message = err instanceof Error ? err.message : String(err);
    const kind = cut ? (err as SecureChannelError).cut!.how : 'error';
    return { result: { version: max, ok: false, failure: { kind, message }, ms: ms() }, socket: null, cut };
  }
}

/**
 * A fact is never concluded from a cut connection (issue 22): a handshake whose connection was cut is tried
 * once more on a fresh connection; no more than that, so the probe stays gentle and inside its deadline.
 */
async function settle(
  ctx: StepContext,
  via: 'tls' | 'hybrid' | 'hybridEx',
  min: TlsVersionName,
  max: TlsVersionName,
  negotiated?: Negotiated,
): Promise<Try> {
  const first = await tryRange(ctx, via, min, max, negotiated);
  if (!first.cut || ctx.signal.aborted || ctx.deadline - Date.now() < RETRY_MIN_LEFT_MS) return first;
  const again = await tryRange(ctx, via, min, max);
  return { ...again, result: { ...again.result, retried: true } };
}

/** Below this much time left, a retry could not finish: the version stays unknown instead. */
const RETRY_MIN_LEFT_MS = 300;

const tryVersion = (ctx: StepContext, via: 'tls' | 'hybrid' | 'hybridEx', v: TlsVersionName) => settle(ctx, via, v, v);

/** "the server chose TLSv1.3 when TLSv1.2 was offered too" — a version the probe did not need to try alone. */
function notChosen(version: TlsVersionName, chosen: string, ms: number): TlsVersionResult {
  return {
    version,
    ok: false,
    failure: {
      kind: 'protocol_version',
      message: `not chosen: offered together with ${chosen}, the server picked ${chosen}`,
    },
    ms,
  };
}

/**
 * Every version's verdict with as few connections as the answers allow (issue 13): the negotiation's own
 * connection does the modern handshake (TLS 1.2–1.3, what a current client offers); the server's choice shows
 * whether 1.3 works. TLS 1.2 gets its own handshake only when 1.3 was chosen, and 1.0/1.1 share one (1.0 alone
 * only when 1.1 was chosen). When the first handshake fails, each version is tried alone, as before, so an
 * aborted or version-picky server is judged per version.
 */
async function versionsWithFewConnections(
  ctx: StepContext,
  via: 'tls' | 'hybrid' | 'hybridEx',
  negotiated: Negotiated,
): Promise<Try[] | null> {
  const modern = await settle(ctx, via, 'TLSv1.2', 'TLSv1.3', negotiated);
  if (!modern.result.ok) return null;
  const tries: Try[] = [modern];
  const chosen = modern.result.version;
  if (chosen === 'TLSv1.3') tries.push(await tryVersion(ctx, via, 'TLSv1.2'));
  else if (chosen === 'TLSv1.2')
    tries.push({ result: notChosen('TLSv1.3', 'TLSv1.2', modern.result.ms), socket: null, cut: false });
  else return null;
  const legacy = await settle(ctx, via, 'TLSv1', 'TLSv1.1');
  if (legacy.result.ok && legacy.result.version === 'TLSv1.1') {
    tries.push(legacy, await tryVersion(ctx, via, 'TLSv1'));
  } else if (legacy.result.ok) {
    tries.push(legacy, { result: notChosen('TLSv1.1', 'TLSv1', legacy.result.ms), socket: null, cut: false });
  } else {
    // refused (or cut) as a pair: the same answer holds for each
    const { failure, retried } = legacy.result;
    for (const version of ['TLSv1', 'TLSv1.1'] as const) {
      tries.push({
        result: {
          version,
          ok: false,
          ...(failure ? { failure } : {}),
          ...(retried ? { retried } : {}),
          ms: legacy.result.ms,
        },
        socket: null,
        cut: legacy.cut,
      });
    }
  }
  const order = (t: Try) => TLS_VERSIONS.indexOf(t.result.version);
  return tries.sort((a, b) => order(a) - order(b));
}

export const tlsStep: Step<TlsFacts> = async (ctx) => {
  const via = tlsVia(ctx);
  if (!via) {
    const asked = ctx.facts.negotiation?.attempts.find((a) => a.requested === 'tls');
    const summary =
      asked?.outcome === 'selected' && asked.selected === 'rdp'
        ? 'asked for TLS, the server selected Standard RDP Security instead: RDP security only by configuration, or a server that cannot load its certificate or key'
        : asked?.outcome === 'failure'
          ? `asked for TLS, the server refused: ${asked.failureName}`
          : asked?.outcome === 'closed' && /^X224_(CLOSED|RESET)$/.test(asked.error?.code ?? '')
            ? 'TLS unknown: the link dropped the TLS request and its retry'
            : 'the server offers no TLS (Standard RDP Security only)';
    return { status: 'skipped', summary };
  }
  const negotiated = ctx.handoff?.take(via, ctx.trace) ?? null;
  const tries =
    (negotiated && (await versionsWithFewConnections(ctx, via, negotiated))) ||
    (await Promise.all(TLS_VERSIONS.map((v) => tryVersion(ctx, via, v))));
  let certificate: TlsFacts['certificate'] = null;
  let certError: string | null = null;
  for (const t of tries) {
    if (!t.socket) continue;
    if (!certificate) {
      try {
        // the X509Certificate's DER only: getPeerCertificate(true) would build a JS object of the whole chain
        const peer = t.socket.getPeerX509Certificate();
        if (peer?.raw) {
          certificate = certificateFacts(
            new Uint8Array(peer.raw),
            ctx.host,
            {
              authorized: t.socket.authorized,
              authorizationError: t.socket.authorizationError ? String(t.socket.authorizationError) : undefined,
            },
            peer,
          );
        }
      } catch (err) {
        certError = err instanceof Error ? err.message : String(err);
      }
    }
    t.socket.destroy();
  }
  const versions = withStatus(tries, (ctx.connections?.passed.tls ?? 0) > 0);
  const facts: TlsFacts = { via, versions, certificate };
  const working = versions.filter((v) => v.ok);
  const unknown = versions.filter((v) => v.status === 'unknown');
  const unsettled = unknown.length
    ? `; ${unknown.map((v) => v.version.replace('TLSv', 'TLS ')).join(', ')} unknown: the link dropped the connection and its retry`
    : '';
  if (working.length === 0) {
    const kinds = [...new Set(versions.map((v) => v.failure?.kind ?? 'error'))];
    const allAborted = versions.every(
      (v) => v.failure && ['internal_error', 'reset', 'closed', 'alert', 'handshake_failure'].includes(v.failure.kind),
    );
    const message = allAborted
      ? `the server agreed to TLS but aborted every handshake (${kinds.join(', ')}): typically a certificate whose private key the RDP service cannot use`
      : `no TLS version worked (${versions.map((v) => `${v.version}: ${v.failure?.kind}`).join(', ')})`;
    return {
      status: 'failed',
      summary: message,
      error: { code: allAborted ? 'TLS_ALL_ABORTED' : 'TLS_NO_VERSION', message },
      facts,
    };
  }
  const names = working.map((v) => v.version.replace('TLSv', '')).join(', ');
  const best = working.at(-1)!;
  const summary =
    `TLS ${names} via ${via === 'tls' ? 'TLS' : 'CredSSP'}; best ${best.negotiatedVersion} ${best.cipher ?? ''}`.trim();
  const again = versions.filter((v) => v.retried && v.status !== 'unknown');
  const settledOnRetry = again.length
    ? `; ${again.map((v) => v.version.replace('TLSv', 'TLS ')).join(', ')} settled on a retry after a dropped connection`
    : '';
  if (unknown.length) {
    const message = `${summary}${settledOnRetry}${unsettled}`;
    return { status: 'warning', summary: message, error: { code: 'TLS_VERSIONS_UNKNOWN', message }, facts };
  }
  if (certError)
    return {
      status: 'warning',
      summary: `${summary}; certificate unreadable: ${certError}`,
      error: { code: 'TLS_CERT_UNREADABLE', message: certError },
      facts,
    };
  const modern = working.some((v) => v.version === 'TLSv1.2' || v.version === 'TLSv1.3');
  if (!modern) {
    const message = `${summary}: only TLS 1.0/1.1, which current Windows clients may refuse`;
    return { status: 'warning', summary: message, error: { code: 'TLS_LEGACY_ONLY', message }, facts };
  }
  return { status: 'passed', summary: summary + settledOnRetry, facts };
};

/**
 * How sure each verdict is. A version whose connection was cut (and its retry too) is `unknown` when the server
 * answered TLS correctly on some other connection: the path dropped it, so nothing is concluded. When no
 * handshake got anywhere, the cuts are the server's own doing (it drops every handshake at the same point) and
 * stay failures, as the server problem they are.
 */
export function withStatus(tries: Try[], passedElsewhere: boolean): TlsVersionResult[] {
  const answered = passedElsewhere || tries.some((t) => t.result.ok || !t.cut);
  return tries.map(({ result, cut }) => {
    if (result.ok) return { ...result, status: 'offered' };
    if (cut && answered) return asUnknown({ ...result, cut });
    return { ...result, status: 'not-offered', ...(cut ? { cut } : {}) };
  });
}

function asUnknown(v: TlsVersionResult): TlsVersionResult {
  return {
    ...v,
    status: 'unknown',
    unknownReason: 'the connection was cut inside the TLS handshake, and so was its one retry: the link dropped it',
  };
}

/**
 * Once the whole probe has shown the path cutting connections that the server answers elsewhere, a version whose
 * every connection was cut says nothing about the server either (even when, by chance, no TLS handshake of this
 * probe got through): unknown, not "not offered".
 */
export function reconsiderCutVersions(tls: TlsFacts | undefined, pathUnstable: boolean): boolean {
  if (!tls || !pathUnstable) return false;
  let changed = false;
  tls.versions = tls.versions.map((v) => {
    if (!v.cut || v.ok || v.status === 'unknown') return v;
    changed = true;
    return asUnknown(v);
  });
  return changed;
}

export type { ProtocolName };
