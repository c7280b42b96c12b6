/**
 * The fix phases are declared once (shared/fixPhases, issue 19) and everything else agrees with the table:
 * every phase id offered anywhere (the finding catalogue the diagnosis copies into each finding, the renderer,
 * the CLI, the fleet, any source file) is declared; every spec with a script has its script file and is
 * registered with the spec's addresses, risks and flags; every spec without a script is advice only; no
 * finding offers a phase whose `addresses` omit it (a `runsLast` restart comes along with the phases that
 * need it, as the planner adds it). Folds in the older phaseCatalogue test.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureDataDir } from '../../../electron/core/dataDir';
import { suggestPhases } from '../../../electron/remediation/planJob';
import { remediationRegistry } from '../../../electron/remediation/registerAll';
import { WINDOWS_SCRIPTS } from '../../../electron/remediation/windows/bundledScripts';
import { ALTERNATIVE_PHASES } from '../../../renderer/app/logic/fixPhases';
import { FINDING_CATALOGUE, FINDING_IDS, FIX_PHASES, type HostKind, isFindingId } from '../../../shared/findings';
import { commandsFor } from '../../../shared/fixCommands';
import { FIX_PHASE_SPECS, phaseSpec, phaseSpecsFor, phasesOffered } from '../../../shared/fixPhases/index';

const ROOT = join(__dirname, '../../..');
const registry = remediationRegistry({ dataDir: ensureDataDir });
const KINDS: HostKind[] = ['windows', 'xrdp'];

/** Phase-like ids in source that are not offered phases, and why. */
const NOT_OFFERED: Record<string, string> = {};

function offers(): Array<{ finding: string; kind: HostKind; phase: string }> {
  return FINDING_IDS.flatMap((finding) =>
    KINDS.flatMap((kind) => FINDING_CATALOGUE[finding].fixPhases[kind].map((phase) => ({ finding, kind, phase }))),
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('every phase id offered anywhere is declared', () => {
  it('the ids are unique and name their host kind', () => {
    const ids = FIX_PHASE_SPECS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of FIX_PHASE_SPECS)
      expect(s.id.startsWith(s.hostKind === 'windows' ? 'win-' : 'xrdp-'), s.id).toBe(true);
  });

  it('the finding catalogue (which every finding copies) offers declared phases of its own host kind', () => {
    for (const o of offers()) expect(phaseSpec(o.phase)?.hostKind, `${o.finding} → ${o.phase}`).toBe(o.kind);
  });

  it('FIX_PHASES and the copyable commands are the table', () => {
    expect(Object.keys(FIX_PHASES).sort()).toEqual(FIX_PHASE_SPECS.map((s) => s.id).sort());
    for (const s of FIX_PHASE_SPECS) {
      expect(FIX_PHASES[s.id]).toMatchObject({ title: s.title, summary: s.summary, hostKind: s.hostKind });
      expect(!!FIX_PHASES[s.id]?.adviceOnly, s.id).toBe(!!s.adviceOnly);
      expect(commandsFor(s.id, { port: 3389, thumbprint: null, keyPath: null, host: null }), s.id).not.toBeNull();
    }
  });

  it('the renderer’s alternative pairs are runnable phases of one kind that share a finding', () => {
    for (const [a, b] of ALTERNATIVE_PHASES) {
      const sa = phaseSpec(a);
      const sb = phaseSpec(b);
      expect(sa && sb && !sa.adviceOnly && !sb.adviceOnly, `${a} / ${b}`).toBe(true);
      expect(sa?.hostKind).toBe(sb?.hostKind);
      expect(
        sa?.addresses.some((f) => sb?.addresses.includes(f)),
        `${a} / ${b}`,
      ).toBe(true);
    }
  });

  it('every phase-like id in the source (core, CLI, fleet, renderer, shared) is declared, a finding, or said why not', () => {
    const undeclared: string[] = [];
    for (const dir of ['electron', 'renderer', 'shared']) {
      for (const file of sourceFiles(join(ROOT, dir))) {
        for (const m of readFileSync(file, 'utf8').matchAll(/['"`]((?:win|xrdp)-[a-z0-9]+(?:-[a-z0-9]+)*)['"`]/g)) {
          const id = m[1] as string;
          if (!phaseSpec(id) && !isFindingId(id) && !NOT_OFFERED[id]) undeclared.push(`${relative(ROOT, file)}: ${id}`);
        }
      }
    }
    expect(undeclared).toEqual([]);
  });
});

describe('specs, scripts and the registry agree', () => {
  it.each(FIX_PHASE_SPECS.map((s) => [s.id, s] as const))('%s', (id, spec) => {
    const registered = registry.phase(id);
    if (spec.adviceOnly) {
      expect(spec.script, `${id} is advice only yet names a script`).toBeUndefined();
      expect(registered, `${id} is advice only but a phase is registered`).toBeUndefined();
      return;
    }
    expect(registered, `${id} is declared runnable but no phase is registered`).toBeDefined();
    expect(registered?.hostKind).toBe(spec.hostKind);
    expect(registered?.addresses).toEqual(spec.addresses);
    expect(registered?.risks).toEqual(spec.risks);
    expect(!!registered?.runsLast, 'runsLast').toBe(!!spec.runsLast);
    expect(!!registered?.selfContained, 'selfContained').toBe(!!spec.selfContained);
    // every runnable phase of every kind is its spec and its script (issue 19): none written by hand
    expect(spec.script, `${id} is neither advice only nor has a script`).toBeDefined();
    const file = join(ROOT, 'electron/remediation', spec.hostKind, 'scripts', spec.script as string);
    expect(existsSync(file), `${file} is missing`).toBe(true);
    if (spec.hostKind === 'windows') expect(WINDOWS_SCRIPTS[spec.script as string], 'bundled').toBeDefined();
  });

  it('every registered phase is declared, and each kind registers in table order', () => {
    for (const kind of KINDS) {
      const registered = registry.phasesFor(kind).map((p) => p.id);
      expect(registered).toEqual(
        phaseSpecsFor(kind)
          .filter((s) => !s.adviceOnly)
          .map((s) => s.id),
      );
    }
  });
});

describe('no finding offers a phase whose addresses omit it', () => {
  it('each offer is addressed, or is the restart coming along with a phase that needs it', () => {
    const wrong = offers()
      .filter(({ finding, phase }) => {
        const spec = phaseSpec(phase);
        return !spec?.addresses.includes(finding) && !spec?.runsLast;
      })
      .map(({ finding, phase }) => `${finding} → ${phase}`);
    expect(wrong).toEqual([]);
  });

  it('and every phase addressing a finding is offered for it', () => {
    for (const s of FIX_PHASE_SPECS)
      for (const f of s.addresses) {
        expect(isFindingId(f), `${s.id} addresses unknown finding ${f}`).toBe(true);
        if (isFindingId(f)) expect(FINDING_CATALOGUE[f].fixPhases[s.hostKind], `${f}`).toContain(s.id);
      }
    for (const s of FIX_PHASE_SPECS)
      for (const f of s.firstFor ?? []) {
        expect(s.addresses, `${s.id} is first for ${f}, which it does not address`).toContain(f);
        if (isFindingId(f)) expect(FINDING_CATALOGUE[f].fixPhases[s.hostKind][0]).toBe(s.id);
      }
  });

  it('without an inspection the core suggests the runnable phases the catalogue offers', () => {
    for (const finding of FINDING_IDS)
      for (const kind of KINDS) {
        // (a phase that needs a supplied .pfx is suggested only with one: see the next test)
        const kept = phasesOffered(finding, kind).filter((id) => !phaseSpec(id)?.adviceOnly && !phaseSpec(id)?.needs);
        // the restart that only a .pfx install brought along goes with it (win-bind-trusted-cert beside the
        // self-contained win-regenerate-self-signed-cert)
        const restartNeeded = kept.some((id) => {
          const s = phaseSpec(id);
          return !s?.selfContained && !s?.runsLast;
        });
        const offered = kept.filter(
          (id) => restartNeeded || !phaseSpec(id)?.runsLast || phaseSpec(id)?.addresses.includes(finding),
        );
        const suggested = suggestPhases(registry, kind, [finding]);
        // the core never picks a restart by itself (no-response: the technician chooses it)
        const alone = offered.every((id) => phaseSpec(id)?.runsLast);
        // (the same phases; the core lists them in run order, the catalogue in the order it offers them)
        expect([...suggested].sort(), `${finding} (${kind})`).toEqual(alone ? [] : [...offered].sort());
      }
  });

  it('with a supplied certificate the phases that install it are suggested, in place of those for the same findings', () => {
    const certificate = {
      sha1Thumbprint: 'A'.repeat(40),
      sha256Fingerprint: 'B'.repeat(64),
      subject: 'CN=srv',
      issuer: 'CN=CA',
      sans: ['srv'],
      notBefore: '2026-01-01T00:00:00.000Z',
      notAfter: '2027-01-01T00:00:00.000Z',
      keyBits: 2048,
      chainLength: 0,
    };
    for (const kind of KINDS) {
      const installs = FIX_PHASE_SPECS.filter(
        (s) => s.hostKind === kind && s.needs === 'certificate' && registry.phase(s.id),
      );
      if (!installs.length) continue;
      for (const finding of ['tls-cert-expired', 'tls-cert-self-signed']) {
        const suggested = suggestPhases(registry, kind, [finding], null, { certificate });
        for (const s of installs) expect(suggested, `${finding} (${kind})`).toContain(s.id);
        // no new self-signed certificate beside the one supplied
        for (const id of suggested) {
          const spec = phaseSpec(id);
          if (spec?.needs || spec?.runsLast) continue;
          expect(spec?.addresses.includes(finding), `${id} for ${finding}`).toBe(false);
        }
      }
      // and never without one
      expect(suggestPhases(registry, kind, ['tls-cert-expired']).some((id) => phaseSpec(id)?.needs)).toBe(false);
    }
  });

  it('win-regenerate-self-signed-cert is offered for tls-handshake-failed and addresses it', () => {
    expect(FINDING_CATALOGUE['tls-handshake-failed'].fixPhases.windows).toContain('win-regenerate-self-signed-cert');
    expect(registry.phase('win-regenerate-self-signed-cert')?.addresses).toContain('tls-handshake-failed');
  });

  it('a stopped xrdp has a real phase: xrdp-start-service addresses tcp-refused and xrdp-service-stopped', () => {
    expect(FINDING_CATALOGUE['tcp-refused'].fixPhases.xrdp).toEqual(['xrdp-start-service']);
    expect(FINDING_CATALOGUE['xrdp-service-stopped'].fixPhases.xrdp).toEqual(['xrdp-start-service']);
    expect(registry.phase('xrdp-start-service')?.addresses).toEqual(['xrdp-service-stopped', 'tcp-refused']);
    expect(FIX_PHASES['xrdp-start-service-open-firewall']).toBeUndefined();
  });

  it('phases that take effect by themselves bring no restart; the others bring it last', () => {
    expect(FINDING_CATALOGUE['nla-unsupported'].fixPhases.windows).toEqual(['win-set-nla']);
    // the .pfx install takes effect when TermService restarts: it brings the restart (the self-signed one restarts by itself)
    expect(FINDING_CATALOGUE['tls-cert-expired'].fixPhases.windows).toEqual([
      'win-regenerate-self-signed-cert',
      'win-bind-trusted-cert',
      'win-restart-termservice',
    ]);
    expect(FINDING_CATALOGUE['tls-legacy-only'].fixPhases.xrdp).toEqual(['xrdp-set-ssl-protocols', 'xrdp-restart']);
    expect(FINDING_CATALOGUE['no-response'].fixPhases.windows).toEqual([
      'win-find-port-owner',
      'win-restart-termservice',
    ]);
  });
});

describe('advice only', () => {
  it('asking for an advice-only phase by id: a clear refusal, not "unknown phase"', () => {
    expect(() => registry.resolvePhases('xrdp', ['xrdp-find-port-owner'])).toThrow(
      '"xrdp-find-port-owner" (Find what owns the Remote Desktop port) is advice only',
    );
  });
});
