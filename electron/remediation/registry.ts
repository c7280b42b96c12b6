/** The one registry of inspectors, phases, transports and script writers, filled by registerAll.ts. */
import { FIX_PHASES, type HostKind } from '../../shared/findings';
import type { HostAccessResolved } from '../../shared/remediation';
import {
  type Inspector,
  type Phase,
  RemediationError,
  type RemediationRegistry,
  type ScriptWriter,
  type TransportFactory,
} from './types';

export class Registry implements RemediationRegistry {
  private readonly inspectors = new Map<HostKind, Inspector>();
  private readonly phases = new Map<string, Phase>();
  private readonly transports = new Map<HostAccessResolved['via'], TransportFactory>();
  private readonly writers = new Map<string, ScriptWriter>();

  addInspector(inspector: Inspector): void {
    this.inspectors.set(inspector.hostKind, inspector);
  }
  addPhase(phase: Phase): void {
    if (this.phases.has(phase.id)) throw new Error(`Fix phase ${phase.id} registered twice`);
    this.phases.set(phase.id, phase);
  }
  addTransport(via: HostAccessResolved['via'], factory: TransportFactory): void {
    this.transports.set(via, factory);
  }
  addScriptWriter(writer: ScriptWriter): void {
    this.writers.set(`${writer.hostKind}:${writer.format}`, writer);
  }

  inspector(kind: HostKind): Inspector {
    const found = this.inspectors.get(kind);
    if (!found) throw new RemediationError('unsupported-host-kind', `This build cannot inspect ${kind} hosts yet.`);
    return found;
  }

  phase(id: string): Phase | undefined {
    return this.phases.get(id);
  }

  /** Phases of one host kind, in registration order (the order they should run in). */
  phasesFor(kind: HostKind): Phase[] {
    return [...this.phases.values()].filter((p) => p.hostKind === kind);
  }

  transport(via: HostAccessResolved['via']): TransportFactory {
    const found = this.transports.get(via);
    if (!found) throw new RemediationError('unsupported-transport', `This build cannot reach hosts via ${via} yet.`);
    return found;
  }

  scriptWriter(kind: HostKind, format: 'sh' | 'ps1'): ScriptWriter {
    const found = this.writers.get(`${kind}:${format}`);
    if (!found) {
      throw new RemediationError(
        'unsupported-script',
        `No ${format} console script for ${kind} hosts (${kind === 'xrdp' ? 'use sh' : 'use ps1'}).`,
      );
    }
    return found;
  }

  /**
   * The phase ids asked for, validated and put in run order. Unknown ids, ids of another host kind and
   * advice-only phases are refused with a clear message.
   */
  resolvePhases(kind: HostKind, ids: readonly string[]): Phase[] {
    const wanted = new Set(ids);
    for (const id of wanted) {
      const phase = this.phases.get(id);
      if (!phase && FIX_PHASES[id]?.adviceOnly) {
        throw new RemediationError(
          'advice-only',
          `"${id}" (${FIX_PHASES[id]?.title}) is advice only: RDP Doctor shows its commands with the finding but does not run it.`,
        );
      }
      if (!phase) {
        const known = this.phasesFor(kind).map((p) => p.id);
        throw new RemediationError(
          'unknown-phase',
          `Unknown fix phase "${id}" for ${kind} hosts. Known: ${known.join(', ') || 'none'}.`,
        );
      }
      if (phase.hostKind !== kind) {
        throw new RemediationError('wrong-host-kind', `Fix phase "${id}" is for ${phase.hostKind} hosts, not ${kind}.`);
      }
    }
    return this.phasesFor(kind).filter((p) => wanted.has(p.id));
  }
}
