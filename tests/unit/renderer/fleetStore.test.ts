// The "Many computers" store slice against a FAKE contract (fakeApi.ts), and the table's sort and filter.
import { describe, expect, it } from 'vitest';
import { pendingHost } from '../../../electron/probe/fleet/summarizeHost';
import { filterHosts, nextSort, progressText, sortHosts } from '../../../renderer/app/logic/fleetTable';
import { createAppStore } from '../../../renderer/app/store/createAppStore';
import { FLEET_TEXT_MAX, type FleetHost } from '../../../shared/fleet';
import { fakeApi } from './fakeApi';
import { finding, result } from './fixtures';

const host = (index: number, target: string, over: Partial<FleetHost> = {}): FleetHost => ({
  ...pendingHost(index, target),
  verdict: 'ok',
  ...over,
});

function setup() {
  const api = fakeApi();
  const downloads: string[] = [];
  const store = createAppStore({
    api: () => api,
    storage: null,
    decodeDebounceMs: 0,
    download: (filename) => downloads.push(filename),
    writeClipboard: async () => {},
    watchdogGraceMs: 60_000,
    onConnectionState: () => () => {},
  });
  return { api, store, downloads };
}

describe('fleet slice', () => {
  it('holds events that overtake the start reply, then follows the scan to the end', async () => {
    const { api, store } = setup();
    const a = host(0, 'srv01', {
      verdict: 'error',
      rootCause: { id: 'tcp-refused', title: 'Nothing is listening', severity: 'error' },
    });
    const b = host(1, 'srv02', { certDaysLeft: 12 });
    api.handlers['fleet.start'] = (req) => {
      expect(req).toMatchObject({ text: 'srv01\nsrv02\nbad!', source: 'pasted list' });
      api.emit('fleet.event', { type: 'host-started', scanId: 's1', index: 0, target: 'srv01' });
      api.emit('fleet.event', { type: 'host-started', scanId: 's1', index: 1, target: 'srv02' });
      api.emit('fleet.event', { type: 'host-finished', scanId: 's1', host: a, done: 1 });
      return {
        scanId: 's1',
        hosts: [pendingHost(0, 'srv01'), pendingHost(1, 'srv02')],
        targetErrors: [{ source: 'pasted list', line: 3, text: 'bad!', message: 'not a valid host name' }],
        duplicates: 0,
      };
    };
    api.handlers['fleet.status'] = () => ({ hosts: [a, b], finished: true, cancelled: false });
    store.getState().showFleet();
    store.getState().setFleetText('srv01\nsrv02\nbad!');
    await store.getState().startFleet();
    let s = store.getState();
    expect(s.screen).toBe('fleet');
    expect(s.fleetState).toBe('running');
    expect(s.fleetHosts.map((h) => h.verdict)).toEqual(['error', 'pending']);
    expect(s.fleetTargetErrors).toHaveLength(1);
    expect(s.fleetChecking).toEqual([1]);
    api.emit('fleet.event', { type: 'host-finished', scanId: 'other', host: b, done: 2 });
    expect(store.getState().fleetDone).toBe(1);
    api.emit('fleet.event', { type: 'finished', scanId: 's1', cancelled: false, durationMs: 900 });
    await new Promise((r) => setTimeout(r, 0));
    s = store.getState();
    expect(s.fleetState).toBe('finished');
    expect(s.fleetHosts).toEqual([a, b]);
    expect(s.fleetDone).toBe(2);
    expect(s.fleetChecking).toEqual([]);
  });

  it('opens a host as a run in the findings screen, and exports the fleet report', async () => {
    const { api, store, downloads } = setup();
    const r = result({ input: 'srv01', findings: [finding('tcp-refused')] });
    api.handlers['fleet.start'] = () => ({
      scanId: 's2',
      hosts: [pendingHost(0, 'srv01')],
      targetErrors: [],
      duplicates: 0,
    });
    api.handlers['fleet.open'] = () => ({ runId: 'run-7', result: r });
    api.handlers['fleet.report'] = (req) => {
      expect(req).toEqual({ scanId: 's2', format: 'csv', redact: true });
      return { filename: 'rdp-doctor-fleet-20261127-1200.csv', mime: 'text/csv', content: 'target\r\n' };
    };
    store.getState().setFleetText('srv01');
    await store.getState().startFleet();
    await store.getState().openFleetHost(0);
    const s = store.getState();
    expect(s).toMatchObject({
      screen: 'findings',
      runId: 'run-7',
      runState: 'finished',
      result: r,
      runTarget: 'srv01',
    });
    store.getState().showFleet();
    // the tabs bring back the host's findings, where the user left them
    store.getState().showSingle();
    expect(store.getState().screen).toBe('findings');
    store.getState().showFleet();
    store.getState().setFleetExportFormat('csv');
    store.getState().setFleetRedact(true);
    await store.getState().exportFleet();
    expect(downloads).toEqual(['rdp-doctor-fleet-20261127-1200.csv']);
    expect(store.getState().fleetMessage?.text).toMatch(/Downloaded/);
  });

  it('says what is wrong instead of starting: an empty list, a file too long, a refused start', async () => {
    const { api, store } = setup();
    await store.getState().startFleet();
    expect(store.getState().fleetMessage?.text).toMatch(/one per line/);
    store.getState().importFleetFile('huge.csv', 'x'.repeat(FLEET_TEXT_MAX + 1));
    expect(store.getState().fleetMessage?.text).toMatch(/huge\.csv is too long .*rdp-doctor scan --targets FILE/);
    expect(store.getState().fleetText).toBe('');
    // short in characters, long on the wire: every newline is escaped, every ü is two bytes
    store.getState().importFleetFile('wide.txt', 'ü\n'.repeat(20_000));
    expect(store.getState().fleetMessage?.text).toMatch(/wide\.txt is too long/);
    store.getState().setFleetText('ü\n'.repeat(20_000));
    await store.getState().startFleet();
    expect(store.getState().fleetMessage?.text).toMatch(/The list is too long/);
    expect(api.calls).toEqual([]);
    api.handlers['fleet.start'] = () => {
      throw new Error('No computer to check');
    };
    store.getState().importFleetFile('hosts.txt', 'bad!');
    expect(store.getState().fleetSource).toBe('hosts.txt');
    await store.getState().startFleet();
    expect(store.getState()).toMatchObject({ fleetState: 'idle', fleetMessage: { kind: 'error' } });
  });
});

describe('fleet table', () => {
  const hosts = [
    host(0, 'srv10', { verdict: 'warning', certDaysLeft: 300 }),
    host(1, 'srv2', { verdict: 'error', certDaysLeft: null }),
    host(2, 'srv3', { verdict: 'ok', certDaysLeft: 5 }),
    host(3, 'srv4', { verdict: 'error', certDaysLeft: -3, findingIds: ['tls-cert-expired'] }),
    host(4, 'srv5', { verdict: 'pending' }),
  ];
  it('sorts by verdict then certificate days by default; by any column both ways, missing values last', () => {
    expect(sortHosts(hosts, { key: 'verdict', dir: 'asc' }).map((h) => h.target)).toEqual([
      'srv4',
      'srv2',
      'srv10',
      'srv3',
      'srv5',
    ]);
    expect(sortHosts(hosts, { key: 'certDaysLeft', dir: 'asc' }).map((h) => h.certDaysLeft)).toEqual([
      -3,
      5,
      300,
      null,
      null,
    ]);
    expect(sortHosts(hosts, { key: 'certDaysLeft', dir: 'desc' }).map((h) => h.certDaysLeft)).toEqual([
      300,
      5,
      -3,
      null,
      null,
    ]);
    expect(sortHosts(hosts, { key: 'target', dir: 'asc' }).map((h) => h.target)).toEqual([
      'srv2',
      'srv3',
      'srv4',
      'srv5',
      'srv10',
    ]);
    expect(nextSort({ key: 'target', dir: 'asc' }, 'target')).toEqual({ key: 'target', dir: 'desc' });
    expect(nextSort({ key: 'target', dir: 'desc' }, 'nla')).toEqual({ key: 'nla', dir: 'asc' });
  });
  it('filters by verdict and by text (name, finding id)', () => {
    expect(filterHosts(hosts, { text: '', verdict: 'error' }).map((h) => h.target)).toEqual(['srv2', 'srv4']);
    expect(filterHosts(hosts, { text: '', verdict: 'unchecked' }).map((h) => h.target)).toEqual(['srv5']);
    expect(filterHosts(hosts, { text: 'CERT-EXPIRED', verdict: 'all' }).map((h) => h.target)).toEqual(['srv4']);
    expect(filterHosts(hosts, { text: 'srv1', verdict: 'all' }).map((h) => h.target)).toEqual(['srv10']);
  });
  it('progress reads done of total, problems, time left', () => {
    expect(progressText(10, 40, 2, 5000)).toBe('10 of 40 checked · 2 with problems · about 15 s left');
    expect(progressText(40, 40, 2, 5000)).toBe('40 of 40 checked · 2 with problems');
  });
});
