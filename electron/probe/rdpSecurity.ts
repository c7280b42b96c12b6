/** Probe step 7 placeholder (replaced below in the same session). */
import type { RdpSecurityFacts } from '../../shared/probe';
import type { Step } from './stepTypes';

export const rdpSecurityStep: Step<RdpSecurityFacts> = async () => ({ status: 'skipped', summary: 'not built yet' });
