/**
 * Which clients will connect (issue 21 part 2), pure: from the probe's TLS facts, its certificate and the extra
 * handshakes of cipherEnum.ts to one verdict per client profile (shared/clientProfileTable.ts) — yes, no, or
 * unknown when the evidence is missing (a timeout, a probe cut short, or a client behaviour no source documents).
 */

import type { ClientSuiteCheck, ClientVerdict } from '../../shared/clientProfiles';
import {
  answerFromVersionProbe,
  CLIENT_PROFILES,
  type ClientProfile,
  offerKey,
  type ProfileOffer,
  profileOffers,
} from '../../shared/clientProfileTable';
import type { ProbeResult, TlsVersionName } from '../../shared/probe';

const VERSION_LABEL: Record<TlsVersionName, string> = {
  TLSv1: 'TLS 1.0',
  'TLSv1.1': 'TLS 1.1',
  'TLSv1.2': 'TLS 1.2',
  'TLSv1.3': 'TLS 1.3',
};

type Answer = { offer: ProfileOffer; answer: 'accepted' | 'refused' | 'unknown'; cipher?: string; failure?: string };

function answerOffer(result: ProbeResult, checks: ClientSuiteCheck[], offer: ProfileOffer): Answer {
  const versions = result.tls?.versions ?? [];
  const fromVersions = answerFromVersionProbe(versions, offer);
  if (fromVersions === 'accepted')
    return { offer, answer: 'accepted', cipher: versions.find((v) => v.version === offer.version)?.cipher };
  if (fromVersions === 'refused') {
    const failure = versions.find((v) => v.version === offer.version)?.failure?.kind;
    return { offer, answer: 'refused', failure: failure ?? 'protocol_version' };
  }
  if (fromVersions === 'unknown') return { offer, answer: 'unknown' };
  const check = checks.find((c) => offerKey({ version: c.version, suites: c.offered }) === offerKey(offer));
  if (!check) return { offer, answer: 'unknown' };
  if (check.ok) return { offer, answer: 'accepted', cipher: check.cipher };
  if (['timeout', 'error', 'client_refused'].includes(check.failure ?? 'error')) return { offer, answer: 'unknown' };
  return { offer, answer: 'refused', failure: check.failure };
}

/** Versions oldest first: a rank, not localeCompare, whose first use costs a process ICU's collator (issue 20). */
const VERSION_RANK: Record<TlsVersionName, number> = { TLSv1: 0, 'TLSv1.1': 1, 'TLSv1.2': 2, 'TLSv1.3': 3 };

/** The best working offer: the highest version (what the client would negotiate). */
const best = (answers: Answer[]) =>
  answers
    .filter((a) => a.answer === 'accepted')
    .sort((a, b) => VERSION_RANK[b.offer.version] - VERSION_RANK[a.offer.version])[0];

const refusedWhy = (a: Answer) =>
  a.failure === 'protocol_version' || a.failure === 'closed'
    ? `${VERSION_LABEL[a.offer.version]} refused`
    : `${VERSION_LABEL[a.offer.version]}: none of its suites accepted (${a.failure ?? 'refused'})`;

/** What this client's certificate check will complain about (it then asks the user, as for any untrusted one). */
function certificateWarning(profile: ClientProfile, result: ProbeResult): string | null {
  const cert = result.tls?.certificate;
  if (!cert) return null;
  if (cert.keyType === 'rsa' && cert.keyBits !== null && cert.keyBits < profile.minRsaBits)
    return `its certificate check rejects the ${cert.keyBits}-bit RSA key (wants ${profile.minRsaBits}+), so it warns before connecting`;
  const weakSig = /sha1|md5/i.test(cert.signatureAlgorithm);
  if (weakSig && profile.flagsSha1 === 'ca-signed' && !cert.selfSigned)
    return `its certificate check rejects the ${cert.signatureAlgorithm} signature, so it warns before connecting`;
  return null;
}

export function judgeProfile(profile: ClientProfile, result: ProbeResult): ClientVerdict {
  const row = { profile: profile.id, label: profile.label };
  const checks = result.clients?.checks ?? [];
  const answers = profileOffers(profile).map((o) => answerOffer(result, checks, o));
  const of = (kind: ProfileOffer['kind']) => answers.filter((a) => a.offer.kind === kind);
  const works = best(of('default'));
  if (works) {
    // the suite the probe saw accepted, one of this client's: the real client may settle on another of the overlap
    const suite = works.cipher ? `, e.g. ${works.cipher}` : '';
    const warning = certificateWarning(profile, result);
    return {
      ...row,
      willConnect: 'yes',
      why: `${VERSION_LABEL[works.offer.version]}${suite}${warning ? `; ${warning}` : ''}`,
    };
  }
  const defaults = of('default');
  const refusedDefaults = defaults.filter((a) => a.answer === 'refused').map(refusedWhy);
  const withUpdate = best(of('update'));
  if (withUpdate && profile.withUpdate) {
    return {
      ...row,
      willConnect: 'no',
      why: `needs the update ${profile.withUpdate.name}: ${refusedDefaults.join('; ')}; with the update it would use ${VERSION_LABEL[withUpdate.offer.version]}`,
    };
  }
  const uncertain = best(of('uncertain'));
  if (uncertain)
    return {
      ...row,
      willConnect: 'unknown',
      why: `only ${VERSION_LABEL[uncertain.offer.version]} works here: ${profile.uncertainWhy ?? 'not documented for this client'}`,
    };
  // an untested default, update or uncertain offer could still be the one that works
  if (answers.some((a) => a.answer === 'unknown'))
    return {
      ...row,
      willConnect: 'unknown',
      why: `not every handshake could be made (timeout or probe cut short); ${refusedDefaults.join('; ') || 'nothing refused so far'}`,
    };
  return { ...row, willConnect: 'no', why: refusedDefaults.join('; ') };
}

/** One verdict per profile; [] when the probe never reached the security layer. */
export function judgeClients(result: ProbeResult): ClientVerdict[] {
  if (!result.tls) {
    if (result.negotiation?.supports?.rdp !== true) return [];
    return CLIENT_PROFILES.map((p) => ({
      profile: p.id,
      label: p.label,
      willConnect: 'unknown' as const,
      why: 'the server offers no TLS, only Standard RDP Security: this table judges TLS',
    }));
  }
  return CLIENT_PROFILES.map((p) => judgeProfile(p, result));
}

/** The result with its client table filled in (the diagnosis's part of ProbeResult.clients). */
export function withClientVerdicts(result: ProbeResult): ProbeResult {
  const profiles = judgeClients(result);
  if (profiles.length === 0 && !result.clients) return result;
  return { ...result, clients: { checks: result.clients?.checks ?? [], profiles } };
}
