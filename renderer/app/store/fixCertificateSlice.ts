import type { StateCreator } from 'zustand/vanilla';
import type { HostKind } from '../../../shared/findings';
import { phaseSpec, phaseSpecsFor } from '../../../shared/fixPhases';
import { PFX_MAX_BYTES, type SuppliedCertificate } from '../../../shared/remediation';
import { friendlyError } from '../logic/friendlyError';
import { fixTarget } from './fixShared';
import type { AppState, FixCertificateSlice, StoreDeps } from './types';

/**
 * A certificate from the company CA for the Fix screen (issue 21): the chosen .pfx (at most 100 KiB) and its
 * password stay in memory only; the password is a secret like the others (never stored, cleared when the screen
 * is left and once a job has been sent). `fix.checkCertificate` opens it in the core — nothing reaches the host —
 * and its public facts (or every reason it is refused) show before the technician adds it to the plan.
 */
export function createFixCertificateSlice(deps: StoreDeps): StateCreator<AppState, [], [], FixCertificateSlice> {
  let asked = 0;
  return (set, get) => ({
    fixPfx: null,
    fixPfxPassword: '',
    fixPfxCheck: null,
    fixPfxBusy: false,
    fixPfxMessage: null,

    choosePfx: (fileName, bytes) => {
      asked++;
      if (bytes.length > PFX_MAX_BYTES) {
        set({
          fixPfx: null,
          fixPfxCheck: null,
          fixPfxMessage: `${fileName} is ${Math.ceil(bytes.length / 1024)} KiB: a .pfx larger than ${PFX_MAX_BYTES / 1024} KiB is not a server certificate. Choose the server's .pfx.`,
        });
        return;
      }
      if (bytes.length === 0) {
        set({ fixPfx: null, fixPfxCheck: null, fixPfxMessage: `${fileName} is empty.` });
        return;
      }
      set({
        fixPfx: { fileName, pfxBase64: toBase64(bytes), size: bytes.length },
        fixPfxCheck: null,
        fixPfxMessage: null,
      });
    },

    setPfxPassword: (value) => set({ fixPfxPassword: value, fixPfxCheck: null }),

    checkPfx: async () => {
      const s = get();
      if (!s.fixPfx || s.fixPfxBusy) return;
      const my = ++asked;
      set({ fixPfxBusy: true, fixPfxMessage: null, fixPfxCheck: null });
      try {
        const check = await deps.api().invoke('fix.checkCertificate', {
          target: fixTarget(s),
          certificate: { fileName: s.fixPfx.fileName, pfxBase64: s.fixPfx.pfxBase64, password: s.fixPfxPassword },
        });
        if (my !== asked) return;
        set({ fixPfxCheck: check, fixPfxBusy: false });
      } catch (err) {
        if (my !== asked) return;
        set({ fixPfxBusy: false, fixPfxMessage: friendlyError(err, 'The .pfx could not be checked') });
      }
    },

    clearPfx: () => {
      asked++;
      set({ fixPfx: null, fixPfxPassword: '', fixPfxCheck: null, fixPfxBusy: false, fixPfxMessage: null });
    },
  });
}

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** The certificate to send with fix.plan / fix.start: only one the core checked and found nothing against. */
export function suppliedCertificate(s: AppState): SuppliedCertificate | undefined {
  if (!s.fixPfx || !s.fixPfxCheck?.certificate || s.fixPfxCheck.problems.length) return undefined;
  const { fileName, pfxBase64 } = s.fixPfx;
  return { fileName, pfxBase64, password: s.fixPfxPassword };
}

/**
 * The panel shows when this kind of host has a phase that installs a supplied certificate and a finding (from
 * the probe or the host) is one it addresses — the certificate is what is wrong — or a .pfx is already chosen.
 */
export function offersCertificate(s: AppState): boolean {
  const installs = phaseSpecsFor(s.fixHostKind).filter((p) => p.needs === 'certificate' && !p.adviceOnly);
  if (!installs.length) return false;
  if (s.fixPfx) return true;
  const found = new Set([...(s.result?.findings ?? []), ...(s.inspection?.findings ?? [])].map((f) => f.id));
  return installs.some((p) => p.addresses.some((id) => found.has(id)));
}

/**
 * The phases asked for with "Fix this": without a checked certificate, none that needs one (the core would
 * refuse the plan); with one, the phases that install it come along in place of the others addressing the same
 * findings (no new self-signed certificate beside it), as the core's suggestion does.
 */
export function phasesWithCertificate(
  phases: string[],
  kind: HostKind,
  withCertificate: boolean,
  findingIds: readonly string[] = [],
): string[] {
  if (!withCertificate) return phases.filter((id) => phaseSpec(id)?.needs !== 'certificate');
  if (!phases.length) return phases;
  const installs = phaseSpecsFor(kind).filter((p) => p.needs === 'certificate' && !p.adviceOnly);
  const covered = new Set(installs.flatMap((p) => p.addresses).filter((id) => findingIds.includes(id)));
  const kept = phases.filter((id) => {
    const spec = phaseSpec(id);
    return spec?.needs || spec?.runsLast || !spec?.addresses.some((a) => covered.has(a));
  });
  const ids = new Set([...kept, ...installs.map((p) => p.id)]);
  // in table order: the order they run in
  return phaseSpecsFor(kind)
    .map((p) => p.id)
    .filter((id) => ids.has(id));
}
