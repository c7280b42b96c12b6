/**
 * Fills the one remediation registry. A host kind adds ONE line here (see the doc comment in types.ts).
 */
import { Registry } from './registry';
import { registerWindows } from './windows/register';
import { registerXrdp } from './xrdp/register';

export interface RegistryOptions {
  /** the app's data folder (SSH known hosts), asked for when a connection opens: the caller owns where it is */
  dataDir: () => string;
}

/** A registry of every host kind; cheap to build (it only registers objects). */
export function remediationRegistry(opts: RegistryOptions): Registry {
  const r = new Registry();
  registerXrdp(r, opts);
  registerWindows(r);
  return r;
}
