// Moved to shared/fixPhases/xrdpFacts.ts (pure decisions the phase specs make too).
export {
  isUserName,
  judgeListener,
  KEY_GROUPS,
  type ListenerVerdict,
  mayJoinGroup,
  type PathComponent,
  type PathRule,
  type ProcessInfo,
  parsePathComponents,
  parseProc,
  pathProblem,
} from '../../../shared/fixPhases/xrdpFacts';
