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

async function tryVersion(
  ctx: StepContext,
  via: 'tls' | 'hybrid' | 'hybridEx',
  version: TlsVersionName,
): Promise<{ result: TlsVersionResult; socket: TLSSocket | null }> {
  const started = performance.now();
  const ms = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    const { socket } = await openSecureChannel({
      host: ctx.host,
      port: ctx.port,
      address: ctx.address ?? undefined,
      protocol: via,
      signal: ctx.signal,
      timeoutMs: stepBudget(ctx, TLS_TIMEOUT_MS),
      tls: { minVersion: version as SecureVersion, maxVersion: version as SecureVersion },
    });
    const cipher = socket.getCipher();
    return {
      result: {
        version,
        ok: true,
        negotiatedVersion: socket.getProtocol() ?? version,
        cipher: cipher?.standardName ?? cipher?.name,
        ms: ms(),
      },
      socket,
    };
  } catch (err) {
    if (err instanceof SecureChannelError && err.tlsFailure) {
      return { result: { version, ok: false, failure: err.tlsFailure, ms: ms() }, socket: null };
    }
    const message = err instanceof Error ? err.message : String(err);
    return { result: { version, ok: false, failure: { kind: 'error', message }, ms: ms() }, socket: null };
  }
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
          : 'the server offers no TLS (Standard RDP Security only)';
    return { status: 'skipped', summary };
  }
  const tries = await Promise.all(TLS_VERSIONS.map((v) => tryVersion(ctx, via, v)));
  let certificate: TlsFacts['certificate'] = null;
  let certError: string | null = null;
  for (const t of tries) {
    if (!t.socket) continue;
    if (!certificate) {
      try {
        const peer = t.socket.getPeerCertificate(true);
        if (peer?.raw) {
          certificate = certificateFacts(new Uint8Array(peer.raw), ctx.host, {
            authorized: t.socket.authorized,
            authorizationError: t.socket.authorizationError ? String(t.socket.authorizationError) : undefined,
          });
        }
      } catch (err) {
        certError = err instanceof Error ? err.message : String(err);
      }
    }
    t.socket.destroy();
  }
  const versions = tries.map((t) => t.result);
  const facts: TlsFacts = { via, versions, certificate };
  const working = versions.filter((v) => v.ok);
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
  return { status: 'passed', summary, facts };
};

export type { ProtocolName };
