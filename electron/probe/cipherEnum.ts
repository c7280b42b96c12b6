/**
 * The short cipher enumeration behind "which clients will connect" (issue 21 part 2). After the TLS step, each
 * client profile's (version, suite list) is answered from the version probes when they already tell (the version
 * is refused, or the server chose a suite the profile offers too); only the rest get a handshake of their own,
 * X.224 + RDP_NEG as the real client sends it, then a ClientHello with exactly that version and those suites.
 * Identical offers share one handshake. A healthy xrdp needs one (Windows 7's TLS 1.2 list, which lacks the
 * ECDHE_RSA GCM suites xrdp prefers); sslscan would make about a hundred.
 * Every handshake goes through the per-destination gate (at most two opening at once), honours the probe's
 * AbortSignal and ends before its deadline; one that cannot finish is recorded as such, never guessed.
 */
import type { SecureVersion } from 'node:tls';
import type { ClientSuiteCheck } from '../../shared/clientProfiles';
import {
  answerFromVersionProbe,
  CLIENT_PROFILES,
  offerKey,
  profileOffers,
  SUITE_OPENSSL_NAME,
} from '../../shared/clientProfileTable';
import type { TlsVersionName } from '../../shared/probe';
import { openSecureChannel, SecureChannelError } from './secureChannel';
import { type StepContext, stepBudget } from './stepTypes';
import { tlsVia } from './tls';

/** As the TLS step's handshakes: connect + X.224 + handshake on a LAN is tens of ms. */
const CHECK_TIMEOUT_MS = 5_000;

export interface PlannedCheck {
  version: TlsVersionName;
  offered: string[];
  profiles: string[];
}

/** Every profile's offers with their keys, made once per process: the table is constant, and a scan plans per host. */
let allOffers: { profile: string; offer: ReturnType<typeof profileOffers>[number]; key: string }[] | undefined;
function everyOffer() {
  allOffers ??= CLIENT_PROFILES.flatMap((profile) =>
    profileOffers(profile).map((offer) => ({ profile: profile.id, offer, key: offerKey(offer) })),
  );
  return allOffers;
}

/** The handshakes the table still needs, from the TLS step's facts (pure). */
export function planClientChecks(versions: Parameters<typeof answerFromVersionProbe>[0]): PlannedCheck[] {
  const planned = new Map<string, PlannedCheck>();
  for (const { profile, offer, key } of everyOffer()) {
    if (answerFromVersionProbe(versions, offer) !== 'check') continue;
    const p = planned.get(key) ?? { version: offer.version, offered: offer.suites, profiles: [] };
    if (!p.profiles.includes(profile)) p.profiles.push(profile);
    planned.set(key, p);
  }
  return [...planned.values()];
}

/** The OpenSSL cipher string offering exactly `suites`; @SECLEVEL=0 so our own OpenSSL refuses nothing. */
export function cipherString(suites: string[]): string {
  const names = suites.map((s) => SUITE_OPENSSL_NAME[s]).filter((n): n is string => Boolean(n));
  return `${names.join(':')}:@SECLEVEL=0`;
}

async function runCheck(ctx: StepContext, via: 'tls' | 'hybrid' | 'hybridEx', p: PlannedCheck) {
  const started = performance.now();
  const ms = () => Math.round((performance.now() - started) * 10) / 10;
  const base = { version: p.version, offered: p.offered, profiles: p.profiles };
  try {
    const { socket } = await openSecureChannel({
      host: ctx.host,
      port: ctx.port,
      address: ctx.address ?? undefined,
      protocol: via,
      signal: ctx.signal,
      trace: ctx.trace,
      timeoutMs: stepBudget(ctx, CHECK_TIMEOUT_MS),
      tls: {
        minVersion: p.version as SecureVersion,
        maxVersion: p.version as SecureVersion,
        ciphers: cipherString(p.offered),
      },
    });
    const cipher = socket.getCipher();
    socket.destroy();
    return { ...base, ok: true, cipher: cipher?.standardName ?? cipher?.name, ms: ms() } satisfies ClientSuiteCheck;
  } catch (err) {
    const failure =
      err instanceof SecureChannelError && err.tlsFailure
        ? err.tlsFailure.kind
        : err instanceof SecureChannelError
          ? err.code
          : 'error';
    return { ...base, ok: false, failure, ms: ms() } satisfies ClientSuiteCheck;
  }
}

/** The handshakes for the client table; [] when there is no TLS to test or nothing left to ask. */
export async function enumerateClientSuites(ctx: StepContext): Promise<ClientSuiteCheck[]> {
  const via = tlsVia(ctx);
  const versions = ctx.facts.tls?.versions;
  if (!via || !versions || ctx.signal.aborted) return [];
  const planned = planClientChecks(versions);
  // in parallel: the connection gate keeps it to two opening at once, as xrdp's accept backlog needs
  return Promise.all(planned.map((p) => runCheck(ctx, via, p)));
}
