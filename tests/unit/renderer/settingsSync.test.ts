// Recent hosts kept in the core's settings file, against a FAKE contract (fakeApi.ts) whose settings
// handlers hold a list the way the core does (refusing a host that does not parse).
import { describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../../../renderer/app/store/createAppStore';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/settings';
import { fakeApi, MemoryStorage } from './fakeApi';

function coreWith(initial: string[]) {
  let saved: Settings = { ...DEFAULT_SETTINGS, recentHosts: initial };
  return fakeApi({
    'settings.get': () => saved,
    'settings.update': (patch) => {
      if ('addRecentHost' in patch) {
        if (/\s|^300\./.test(patch.addRecentHost)) throw new Error('invalid-host');
        saved = { ...saved, recentHosts: [patch.addRecentHost, ...saved.recentHosts] };
      }
      if ('clearRecentHosts' in patch) saved = { ...saved, recentHosts: [] };
      return saved;
    },
  });
}

describe('recent hosts in the core settings', () => {
  it('loads the saved hosts at start, over what the page storage had', async () => {
    const api = coreWith(['saved.example', '10.0.0.5']);
    const store = createAppStore({ api: () => api, storage: new MemoryStorage(), rememberInCore: true });
    await vi.waitFor(() => expect(store.getState().recentHosts).toEqual(['saved.example', '10.0.0.5']));
  });

  it('saves a newly used host and a cleared list, and nothing when the list did not change', async () => {
    const api = coreWith([]);
    const store = createAppStore({ api: () => api, storage: new MemoryStorage(), rememberInCore: true });
    await vi.waitFor(() => expect(api.calls.map((c) => c.name)).toEqual(['settings.get']));
    await new Promise((r) => setTimeout(r, 0)); // the settings.get answer is applied
    store.setState({ recentHosts: ['rdp.example'] });
    store.setState({ host: 'typing' });
    store.setState({ recentHosts: [] });
    await vi.waitFor(() =>
      expect(api.calls.slice(1)).toEqual([
        { name: 'settings.update', req: { addRecentHost: 'rdp.example' } },
        { name: 'settings.update', req: { clearRecentHosts: true } },
      ]),
    );
  });

  it('a test store with its own fake api makes no settings calls unless asked', () => {
    const api = coreWith(['x.example']);
    createAppStore({ api: () => api, storage: new MemoryStorage() });
    expect(api.calls).toEqual([]);
  });
});
