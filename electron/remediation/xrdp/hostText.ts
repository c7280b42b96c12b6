// Moved to shared/fixPhases/xrdpFacts.ts (the phase specs use it too).
export { stripControl } from '../../../shared/fixPhases/xrdpFacts';
