/**
 * Keeps the recent hosts in the core's settings file (settings.json in the data folder, written
 * atomically) as well as in the page's storage: the page's localStorage can lose its last writes when the
 * app is killed, the settings file cannot, and it is shared by the app, web mode and the CLI. The core
 * refuses a host that does not parse, so only valid hosts are remembered there.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { RdpDoctorApi } from '../../../shared/contract';
import type { AppState } from './types';

export function syncRecentHostsWithCore(store: StoreApi<AppState>, api: () => RdpDoctorApi): () => void {
  let loaded = false;
  api()
    .invoke('settings.get', {})
    .then(
      (settings) => {
        // The file wins over the page's storage (it survives a crash), unless it has nothing yet.
        if (settings.recentHosts.length > 0) store.setState({ recentHosts: settings.recentHosts });
      },
      () => {
        // No settings (an older core, a read-only data folder): the page's storage still works.
      },
    )
    .finally(() => {
      loaded = true;
    });
  return store.subscribe((state, prev) => {
    if (!loaded || state.recentHosts === prev.recentHosts) return;
    const first = state.recentHosts[0];
    const patch =
      state.recentHosts.length === 0
        ? ({ clearRecentHosts: true } as const)
        : first !== undefined && first !== prev.recentHosts[0]
          ? { addRecentHost: first }
          : null;
    if (patch)
      api()
        .invoke('settings.update', patch)
        .catch(() => {});
  });
}
