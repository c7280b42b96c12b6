/** The target parser lives in shared/target.ts (the start screen uses the same one); re-exported here. */
export { DEFAULT_RDP_PORT, type ParsedTarget, parseTarget } from '../../shared/target';
