// fleet.* through the core, as every door calls it. The scanned hosts are closed loopback ports (real
// refusals, no server needed); request payloads are fuzzed (fast-check) against the handlers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Core, type EventSink } from '../../../electron/core/core';
import type { EventName } from '../../../shared/contract';
import type { FleetEvent } from '../../../shared/fleet';
import { closedPort } from '../../peers';

function collector() {
  const events: Array<{ name: EventName; payload: unknown }> = [];
  let onFinished: (() => void) | null = null;
  const sink: EventSink = {
    emit: (name, payload) => {
      events.push({ name, payload });
      if (name === 'fleet.event' && (payload as FleetEvent).type === 'finished') onFinished?.();
    },
  };
  const finished = new Promise<void>((r) => {
    onFinished = r;
  });
  return { events, sink, finished };
}

describe('fleet.* requests', () => {
  it('start → host events → finished; status, open (a run the report works on), report in three formats', async () => {
    const core = new Core({ mode: 'web' });
    const ports = [await closedPort(), await closedPort()];
    const c = collector();
    const text = `# two closed ports\n${ports[0]!.target}\nnot a host!\n${ports[1]!.target}\n${ports[0]!.target}\n`;
    const started = await core.handle('fleet.start', { text, source: 'hosts.txt', timeoutMs: 3000 }, c.sink);
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    const { scanId, hosts, targetErrors, duplicates } = started.value as {
      scanId: string;
      hosts: Array<{ target: string; verdict: string }>;
      targetErrors: Array<{ line: number; source: string }>;
      duplicates: number;
    };
    expect(hosts.map((h) => [h.target, h.verdict])).toEqual(ports.map((p) => [p.target, 'pending']));
    expect(targetErrors).toMatchObject([{ source: 'hosts.txt', line: 3 }]);
    expect(duplicates).toBe(1);
    await c.finished;
    const fleetEvents = c.events.filter((e) => e.name === 'fleet.event').map((e) => e.payload as FleetEvent);
    expect(fleetEvents.filter((e) => e.type === 'host-finished')).toHaveLength(2);
    expect(fleetEvents.at(-1)).toMatchObject({ type: 'finished', scanId, cancelled: false });

    const status = await core.handle('fleet.status', { scanId }, c.sink);
    expect(status).toMatchObject({ ok: true, value: { finished: true, cancelled: false } });
    if (status.ok) {
      for (const h of (status.value as { hosts: Array<{ verdict: string; rootCause: { id: string } }> }).hosts) {
        expect(h).toMatchObject({ verdict: 'error', rootCause: { id: 'tcp-refused' } });
      }
    }

    const opened = await core.handle('fleet.open', { scanId, index: 1 }, c.sink);
    expect(opened.ok).toBe(true);
    const { runId } = (opened as { value: { runId: string } }).value;
    const again = await core.handle('fleet.open', { scanId, index: 1 }, c.sink);
    expect((again as { value: { runId: string } }).value.runId).toBe(runId);
    const single = await core.handle('report.render', { runId, format: 'json' }, c.sink);
    expect(single).toMatchObject({ ok: true });
    expect((single as { value: { content: string } }).value.content).toContain(ports[1]!.target);

    for (const format of ['html', 'csv', 'json'] as const) {
      const r = await core.handle('fleet.report', { scanId, format }, c.sink);
      expect(r.ok, format).toBe(true);
      const v = (r as { value: { filename: string; content: string } }).value;
      expect(v.filename).toMatch(new RegExp(`^rdp-doctor-fleet-\\d{8}-\\d{4}\\.${format}$`));
      expect(v.content).toContain(ports[0]!.target);
    }
    const red = await core.handle('fleet.report', { scanId, format: 'csv', redact: true }, c.sink);
    expect((red as { value: { content: string } }).value.content).not.toContain(ports[0]!.host);
    expect(await core.handle('fleet.cancel', { scanId }, c.sink)).toEqual({ ok: true, value: { cancelled: false } });
    core.dispose();
  });

  it('a list with nothing to scan is a clear error naming the first bad line', async () => {
    const core = new Core({ mode: 'web' });
    const r = await core.handle('fleet.start', { text: '# only\nnot a host!\n10.0.0.0/8\n' }, collector().sink);
    expect(r).toMatchObject({ ok: false, error: { code: 'no-targets' } });
    expect(!r.ok && r.error.message).toMatch(/2 lines could not be read \(line 2: .*not a valid host name/);
    const empty = await core.handle('fleet.start', { text: '\n\n# nothing\n' }, collector().sink);
    expect(!empty.ok && empty.error.message).toMatch(/type or import one name or address per line/);
  });

  it('fuzz: any payload to the fleet requests is answered with a value or a named error, never an internal one', async () => {
    const core = new Core({ mode: 'web' });
    const sink = collector().sink;
    // nothing here may name a real host: a valid `text` would start a scan (and a DNS lookup)
    const notText = (v: unknown) => !(v && typeof v === 'object' && typeof (v as { text?: unknown }).text === 'string');
    const payload = fc.oneof(
      fc.anything().filter(notText),
      fc.record({
        scanId: fc.string({ maxLength: 120 }),
        index: fc.integer(),
        format: fc.string(),
        redact: fc.anything(),
      }),
      // fleet.start bodies that never name a scannable host (no DNS, no network): the schema or the parser refuse them
      fc.record({
        text: fc.oneof(
          fc.constant(''),
          fc.string({ maxLength: 20 }).map((s) => `# ${s.replace(/[\r\n]/g, ' ')}`),
          fc.anything().filter((v) => typeof v !== 'string'),
        ),
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('fleet.start', 'fleet.cancel', 'fleet.status', 'fleet.open', 'fleet.report'),
        payload,
        async (name, body) => {
          const r = await core.handle(name, body, sink);
          if (!r.ok) expect(['invalid-request', 'not-found', 'no-targets', 'not-ready']).toContain(r.error.code);
          else expect(name).toBe('fleet.cancel');
        },
      ),
      { numRuns: 300 },
    );
    core.dispose();
  });
});
