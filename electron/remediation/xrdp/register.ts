import type { RemediationRegistry } from '../types';

/** xrdp hosts over SSH: inspector, phases (in run order), the ssh transport and the sh console script. */
export function registerXrdp(_registry: RemediationRegistry): void {
  // filled in as the xrdp pieces land
}
