import type { StateCreator } from 'zustand/vanilla';
import { ApiCallError } from '../../../shared/contract';
import type { HostKind } from '../../../shared/findings';
import { guessHostKind } from '../../../shared/guessHostKind';
import type { HostAccess } from '../../../shared/remediation';
import { type AccessCheck, type AccessVia, NO_SECRETS, type SshForm } from '../logic/fixAccess';
import { loadFixAccess, saveFixAccess } from '../logic/fixAccessMemory';
import { lastUndoableFix } from '../logic/fixHistory';
import { jobBusy } from '../logic/fixJob';
import { defaultScriptPhases, fixFindings, phasesFor, togglePhase } from '../logic/fixPhases';
import { friendlyError } from '../logic/friendlyError';
import { chosenHostKind } from './findingsSlice';
import { phasesWithCertificate, suppliedCertificate } from './fixCertificateSlice';
import { askedSecrets, currentAccess, fixTarget, secretsCleared } from './fixShared';
import type { AppState, FixSlice, FixStep, StoreDeps } from './types';

const STEP_ORDER: FixStep[] = ['access', 'inspection', 'plan', 'apply', 'verify'];

/** The Windows drivers run PowerShell on a Windows computer: elsewhere their choices are shown disabled. */
export function windowsDriversAvailable(platform: string | undefined): boolean {
  return platform === 'win32';
}

function defaultVia(kind: HostKind, platform: string | undefined): AccessVia {
  if (kind === 'xrdp') return 'ssh';
  return windowsDriversAvailable(platform) ? 'local' : 'script';
}

/**
 * The Fix screen up to the jobs: which kind of host, how to reach it (the SSH host key first), inspection,
 * plan, the console script. Secrets (passwords, passphrase, pasted key, sudo password) live only in
 * `fixSecrets`, in memory, never in storage: they are cleared once a job has been sent, after a request that
 * carried them failed, and when the screen is left. The jobs themselves are in fixJobsSlice.ts.
 */
/** What every visit to the Fix screen starts from after "how to reach the host": no secrets, nothing inspected. */
function freshFixSteps() {
  return {
    fixSecrets: { ...NO_SECRETS },
    secretsCleared: false,
    secretsAsked: [],
    hostKeyCheck: null,
    trustedHostKey: null,
    replacedHostKey: null,
    scriptPhases: null,
    fixBusy: null,
    fixMessage: null,
    inspection: null,
    plan: null,
    selectedPhases: [],
    fixConfirmed: false,
    script: null,
    scriptMessage: null,
    connectFor: 'inspect',
  } satisfies Partial<FixSlice>;
}

export function createFixSlice(deps: StoreDeps): StateCreator<AppState, [], [], FixSlice> {
  /** requests answered after the screen moved on (another host kind, another visit) are ignored */
  let epoch = 0;

  return (set, get) => {
    const access = (): AccessCheck => currentAccess(get());
    const clearSecrets = () => set(secretsCleared(get()));

    const fail = (err: unknown, what: string) => {
      // A secret is good for one attempt: after a failure the technician types it again.
      clearSecrets();
      // The core said which optional secret it needs (a key's passphrase, sudo's password): its field shows.
      set({ secretsAsked: askedSecrets(get().secretsAsked, err instanceof ApiCallError ? err.code : undefined) });
      // A host key that changed since it was trusted stops everything; nothing trusted on screen carries on.
      if (err instanceof ApiCallError && /host-key/.test(err.code))
        set({ trustedHostKey: null, replacedHostKey: null, hostKeyCheck: null });
      set({
        fixBusy: null,
        fixMessage: {
          kind: 'error',
          text: friendlyError(err, what),
          code: err instanceof ApiCallError ? err.code : undefined,
        },
      });
    };

    const target = () => fixTarget(get());

    const inspect = async () => {
      const checked = access();
      if (!checked.ok) {
        set({ fixBusy: null, fixMessage: { kind: 'error', text: checked.message, code: checked.field } });
        return;
      }
      const my = epoch;
      set({ fixBusy: 'inspect', fixMessage: null });
      try {
        const { inspection } = await deps.api().invoke('fix.inspect', {
          target: target(),
          hostKind: get().fixHostKind,
          access: checked.access,
          runId: get().runId ?? undefined,
        });
        if (my !== epoch) return;
        if (get().accessVia === 'ssh') saveFixAccess(deps.storage, target(), get().sshForm);
        // the secrets typed worked: no "Sign in again" until a request has used them up
        set({ inspection, fixStep: 'inspection', fixBusy: null, hostKeyCheck: null, secretsCleared: false });
      } catch (err) {
        if (my !== epoch) return;
        fail(err, 'The host could not be inspected');
      }
    };

    const undoEarlier = async () => {
      const earlier = lastUndoableFix(get().fixHistory, target());
      set({ fixBusy: null });
      if (earlier) await get().runUndo(earlier.jobId, [...earlier.phases].reverse());
    };

    /** After the host key is settled: inspect (the wizard) or undo the earlier fix (step 1). */
    const proceed = () => (get().connectFor === 'undo-earlier' ? undoEarlier() : inspect());

    /** Step 1's connect: settle the SSH host key first (shown before any sign-in), then go on. */
    const connect = async (purpose: 'inspect' | 'undo-earlier') => {
      const s = get();
      if (s.fixBusy || jobBusy(s.undoJob)) return;
      set({ connectFor: purpose });
      if (s.accessVia === 'script') {
        if (purpose === 'inspect') await get().makeScript();
        return;
      }
      const checked = access();
      if (!checked.ok) {
        set({ fixMessage: { kind: 'error', text: checked.message, code: checked.field } });
        return;
      }
      if (checked.access.via !== 'ssh') {
        await proceed();
        return;
      }
      const my = epoch;
      set({ fixBusy: 'host-key', fixMessage: null, hostKeyCheck: null });
      // Only where to connect travels here: the host key is shown before any sign-in, so no secret is sent
      // (an empty password: the core refuses every key while reading it, so nothing signs in).
      const probeAccess: HostAccess = {
        via: 'ssh',
        host: checked.access.host,
        port: checked.access.port,
        user: checked.access.user,
        auth: { method: 'password', password: '' },
      };
      try {
        const hk = await deps.api().invoke('fix.hostKey', { access: probeAccess });
        if (my !== epoch) return;
        const changed = !hk.trusted && typeof hk.knownFingerprint === 'string' && hk.knownFingerprint !== '';
        if (
          changed &&
          !hk.pinnedMismatch &&
          s.replacedHostKey === hk.knownFingerprint &&
          s.trustedHostKey === hk.key.fingerprint
        ) {
          // the replacement was confirmed for exactly these two keys: go on
          set({ hostKeyCheck: null });
          await proceed();
          return;
        }
        if (changed && !hk.pinnedMismatch) {
          // Not a first contact: the key trusted before differs. HostKeyPrompt shows both fingerprints and the
          // risk, and offers "This server was reinstalled — replace the trusted key" behind a confirmation.
          set({ hostKeyCheck: hk, trustedHostKey: null, replacedHostKey: null, fixBusy: null });
          return;
        }
        if (hk.pinnedMismatch) {
          clearSecrets();
          const was = changed ? `; ${hk.knownFingerprint} was trusted before` : '';
          set({
            hostKeyCheck: { ...hk, pinnedMismatch: true },
            trustedHostKey: null,
            replacedHostKey: null,
            fixBusy: null,
            fixMessage: {
              kind: 'error',
              code: 'host-key-mismatch',
              text: `The SSH host key of ${hk.key.host}:${hk.key.port} is not the one trusted before (it now shows ${hk.key.fingerprint}${was}). This may be another machine or an attack, so nothing was done. If the host was reinstalled, remove its old key from RDP Doctor's known hosts first.`,
            },
          });
          return;
        }
        if (hk.trusted || s.trustedHostKey === hk.key.fingerprint) {
          set({ hostKeyCheck: null });
          await proceed();
          return;
        }
        set({ hostKeyCheck: hk, fixBusy: null });
      } catch (err) {
        if (my !== epoch) return;
        fail(err, `Could not reach ${checked.access.host}:${checked.access.port} over SSH`);
      }
    };

    return {
      fixFocus: null,
      fixStep: 'access',
      hostKindGuess: null,
      fixHostKind: 'xrdp',
      accessVia: 'ssh',
      sshForm: { host: '', port: '22', user: '', auth: 'key-file', identityFile: '' },
      winrmForm: { computer: '', useSsl: false, user: '' },
      ...freshFixSteps(),

      openFix: (findingId) => {
        const { result, appInfo } = get();
        if (!result || jobBusy(get().applyJob) || jobBusy(get().undoJob)) return;
        epoch++;
        const guess = guessHostKind(result);
        const platform = appInfo?.platform;
        // The kind the technician chose on the findings screen wins over the guess.
        const chosen = chosenHostKind(get());
        const known = chosen && chosen !== 'unknown' ? chosen : guess.kind;
        const kind: HostKind = known === 'unknown' ? (windowsDriversAvailable(platform) ? 'windows' : 'xrdp') : known;
        const host = result.target?.host ?? '';
        const remembered = loadFixAccess(deps.storage, target());
        set({
          screen: 'fix',
          fixFocus: findingId ? [findingId] : null,
          fixStep: 'access',
          hostKindGuess: guess,
          fixHostKind: kind,
          accessVia: defaultVia(kind, platform),
          sshForm: remembered ?? { host, port: '22', user: '', auth: 'key-file', identityFile: '' },
          winrmForm: { computer: host, useSsl: false, user: '' },
          ...freshFixSteps(),
          applyJob: null,
          undoJob: null,
          fixHistory: [],
        });
        void get().loadFixHistory();
      },

      closeFix: () => {
        if (jobBusy(get().applyJob) || jobBusy(get().undoJob)) return;
        epoch++;
        get().clearPfx();
        set({
          screen: 'findings',
          fixSecrets: { ...NO_SECRETS },
          secretsCleared: false,
          fixBusy: null,
          hostKeyCheck: null,
        });
      },

      setFixHostKind: (kind) => {
        if (kind === get().fixHostKind || get().fixStep !== 'access') return;
        epoch++;
        set({
          fixHostKind: kind,
          accessVia: defaultVia(kind, get().appInfo?.platform),
          fixSecrets: { ...NO_SECRETS },
          hostKeyCheck: null,
          trustedHostKey: null,
          replacedHostKey: null,
          fixBusy: null,
          fixMessage: null,
          inspection: null,
          plan: null,
          script: null,
          scriptMessage: null,
        });
      },

      setAccessVia: (via) => {
        const platform = get().appInfo?.platform;
        if ((via === 'local' || via === 'winrm') && !windowsDriversAvailable(platform)) return;
        if (via === 'ssh' && get().fixHostKind !== 'xrdp') return;
        if ((via === 'local' || via === 'winrm') && get().fixHostKind !== 'windows') return;
        epoch++;
        set({
          accessVia: via,
          fixMessage: null,
          hostKeyCheck: null,
          fixBusy: null,
          fixSecrets: { ...NO_SECRETS },
          secretsCleared: false,
          secretsAsked: [],
        });
      },

      setSshField: (field, value) => {
        const sshForm: SshForm = { ...get().sshForm, [field]: value };
        // Another host or port is another host key: the one trusted on screen no longer applies.
        const keyChanged = field === 'host' || field === 'port';
        set({
          sshForm,
          fixMessage: null,
          ...(keyChanged ? { trustedHostKey: null, replacedHostKey: null, hostKeyCheck: null } : {}),
        });
      },
      setWinrmField: (field, value) => set({ winrmForm: { ...get().winrmForm, [field]: value }, fixMessage: null }),
      setFixSecret: (field, value) => set({ fixSecrets: { ...get().fixSecrets, [field]: value } }),

      undoEarlierFix: async () => {
        const s = get();
        if (s.accessVia === 'script' || !lastUndoableFix(s.fixHistory, target())) return;
        await connect('undo-earlier');
      },

      connectHost: () => connect('inspect'),

      trustHostKey: async () => {
        const hk = get().hostKeyCheck;
        if (!hk || hk.pinnedMismatch || hk.knownFingerprint || get().fixBusy) return;
        // Trusted: the prompt is done with, whatever the sign-in that follows says.
        set({ trustedHostKey: hk.key.fingerprint, hostKeyCheck: null });
        await proceed();
      },

      replaceHostKey: async () => {
        const hk = get().hostKeyCheck;
        if (!hk || hk.pinnedMismatch || !hk.knownFingerprint || get().fixBusy) return;
        set({ trustedHostKey: hk.key.fingerprint, replacedHostKey: hk.knownFingerprint, hostKeyCheck: null });
        await proceed();
      },

      rejectHostKey: () => {
        clearSecrets();
        set({
          hostKeyCheck: null,
          trustedHostKey: null,
          replacedHostKey: null,
          fixMessage: {
            kind: 'info',
            text: 'The host key was not trusted, so RDP Doctor did not sign in. Nothing was done.',
          },
        });
      },

      setScriptPhase: (phase, on) => {
        const s = get();
        if (!s.result) return;
        const offered = phasesFor(fixFindings(s.result.findings, s.fixFocus), s.fixHostKind);
        const chosen = s.scriptPhases ?? defaultScriptPhases(offered);
        // a new choice makes the script shown out of date
        set({ scriptPhases: togglePhase(chosen, phase, on, offered), script: null, scriptMessage: null });
      },

      makeScript: async () => {
        const s = get();
        if (s.fixBusy || !s.result) return;
        const offered = phasesFor(fixFindings(s.result.findings, s.fixFocus), s.fixHostKind);
        const phases = s.plan
          ? s.selectedPhases
          : (s.scriptPhases ?? defaultScriptPhases(offered)).filter((p) => offered.includes(p));
        if (phases.length === 0) {
          set({
            scriptMessage: {
              kind: 'error',
              text: `None of these findings has a fix for ${s.fixHostKind === 'xrdp' ? 'an xrdp' : 'a Windows'} host.`,
            },
          });
          return;
        }
        const my = epoch;
        set({ fixBusy: 'script', scriptMessage: null });
        try {
          const script = await deps.api().invoke('fix.script', { target: target(), hostKind: s.fixHostKind, phases });
          if (my !== epoch) return;
          set({ script, fixBusy: null });
        } catch (err) {
          if (my !== epoch) return;
          set({
            fixBusy: null,
            scriptMessage: { kind: 'error', text: friendlyError(err, 'The script could not be made') },
          });
        }
      },

      copyScript: async () => {
        const script = get().script;
        if (!script) return;
        try {
          await deps.writeClipboard(script.content);
          set({ scriptMessage: { kind: 'info', text: `${script.filename} copied to the clipboard.` } });
        } catch (err) {
          set({ scriptMessage: { kind: 'error', text: friendlyError(err, 'Could not copy the script') } });
        }
      },

      downloadScript: () => {
        const script = get().script;
        if (!script) return;
        deps.download(script.filename, 'text/plain;charset=utf-8', script.content);
        set({ scriptMessage: { kind: 'info', text: `Downloaded ${script.filename}.` } });
      },

      planFix: async () => {
        const s = get();
        if (s.fixBusy || !s.result) return;
        const checked = access();
        if (!checked.ok) {
          set({ fixMessage: { kind: 'error', text: checked.message, code: checked.field } });
          return;
        }
        const certificate = suppliedCertificate(s);
        const focusFindings = s.fixFocus ? fixFindings(s.result.findings, s.fixFocus) : [];
        const focused = phasesWithCertificate(
          s.fixFocus ? phasesFor(focusFindings, s.fixHostKind) : [],
          s.fixHostKind,
          certificate !== undefined,
          focusFindings.map((f) => f.id),
        );
        const my = epoch;
        set({ fixBusy: 'plan', fixMessage: null });
        try {
          const { plan, inspection } = await deps.api().invoke('fix.plan', {
            target: target(),
            hostKind: s.fixHostKind,
            access: checked.access,
            runId: s.runId ?? undefined,
            // "Fix this" on one finding: its phases; the overall button: whatever the findings need.
            phases: focused.length > 0 ? focused : undefined,
            // a checked .pfx: the phase that installs it is planned with its public facts
            ...(certificate ? { certificate } : {}),
          });
          if (my !== epoch) return;
          const phases = plan.phases.filter((p) => p.hostKind === s.fixHostKind);
          set({
            plan: { ...plan, phases },
            inspection: inspection ?? get().inspection,
            selectedPhases: phases.filter((p) => !p.alreadyRight).map((p) => p.phase),
            fixConfirmed: false,
            fixStep: 'plan',
            fixBusy: null,
            secretsCleared: false,
          });
        } catch (err) {
          if (my !== epoch) return;
          fail(err, 'The fix could not be planned');
        }
      },

      togglePhase: (phase, on) => {
        const { plan, selectedPhases } = get();
        if (!plan?.phases.some((p) => p.phase === phase)) return;
        const next = on ? [...new Set([...selectedPhases, phase])] : selectedPhases.filter((p) => p !== phase);
        // Keep the plan's order: it is the order the phases run in.
        set({
          selectedPhases: plan.phases.map((p) => p.phase).filter((p) => next.includes(p)),
          fixConfirmed: false,
        });
      },
      setFixConfirmed: (on) => set({ fixConfirmed: on }),

      goToFixStep: (step) => {
        const s = get();
        if (s.fixBusy || jobBusy(s.applyJob) || jobBusy(s.undoJob)) return;
        // Only back to a step already reached; forward moves go through the actions that fill them.
        if (STEP_ORDER.indexOf(step) >= STEP_ORDER.indexOf(s.fixStep)) return;
        epoch++;
        set({
          fixStep: step,
          fixMessage: null,
          ...(step === 'access' ? { hostKeyCheck: null, secretsCleared: false } : {}),
        });
      },
    };
  };
}
