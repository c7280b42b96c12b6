import { describe, expect, it } from 'vitest';
import { Core, type EventSink, type HandlerMap } from '../../../electron/core/core';
import pkg from '../../../package.json';
import { REQUEST_NAMES, requests } from '../../../shared/contract';
import { APP_VERSION } from '../../../shared/version';

const sink = (events: unknown[] = []): EventSink => ({ emit: (name, payload) => events.push({ name, payload }) });

describe('Core', () => {
  const core = new Core({ mode: 'web' });

  it('answers app.info with the package version', async () => {
    expect(await core.handle('app.info', {}, sink())).toEqual({
      ok: true,
      value: { name: 'rdp-doctor', version: pkg.version, mode: 'web', platform: process.platform },
    });
    expect(APP_VERSION).toBe(pkg.version);
  });

  it('names the field of an invalid request', async () => {
    const reply = await core.handle('probe.start', { target: '' }, sink());
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(!reply.ok && reply.error.message).toContain('(target)');
  });

  it('refuses names outside the contract, including prototype keys', async () => {
    for (const name of ['nope', '__proto__', 'constructor', 'toString', 42, null]) {
      expect(await core.handle(name, {}, sink())).toMatchObject({ ok: false, error: { code: 'unknown-request' } });
    }
  });

  it('cancel of an unknown run is a plain false, not an error', async () => {
    expect(await core.handle('probe.cancel', { runId: 'nope' }, sink())).toEqual({
      ok: true,
      value: { cancelled: false },
    });
  });

  it('the name list the preload uses matches the contract', () => {
    expect([...REQUEST_NAMES].sort()).toEqual(Object.keys(requests).sort());
  });
});

describe('the handler map is total (compile-time)', () => {
  it('a map without a contract request is a type error', () => {
    const { 'codes.decode': _dropped, ...partial } = {} as HandlerMap;
    // @ts-expect-error codes.decode is missing: `satisfies HandlerMap` must refuse the map (tsc checks this line)
    const incomplete = partial satisfies HandlerMap;
    expect(incomplete).toBeDefined();
  });
});
