/**
 * Fills the one remediation registry. A host kind adds ONE line here (see the doc comment in types.ts).
 */
import { Registry } from './registry';
import { registerWindows } from './windows/register';
import { registerXrdp } from './xrdp/register';

let registry: Registry | null = null;

export function remediationRegistry(): Registry {
  if (!registry) {
    const r = new Registry();
    registerXrdp(r);
    registerWindows(r);
    registry = r;
  }
  return registry;
}
