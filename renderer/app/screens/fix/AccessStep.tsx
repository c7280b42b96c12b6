import { Message } from '../../components/Message';
import { jobBusy } from '../../logic/fixJob';
import { useApp } from '../../store/context';
import { AccessChoice } from './AccessChoice';
import { EarlierFix } from './EarlierFix';
import { FixTargets } from './FixTargets';
import { HostKeyPrompt } from './HostKeyPrompt';
import { HostKindChoice } from './HostKindChoice';
import { ScriptPanel, ScriptPhasePicker } from './ScriptPanel';
import { SshFields } from './SshFields';
import { StepHeading } from './StepHeading';
import { WinrmFields } from './WinrmFields';

const BUSY_TEXT = {
  'host-key': 'Asking the SSH server for its host key…',
  inspect: 'Signing in and reading the host’s settings (nothing is changed)…',
  script: 'Writing the script…',
} as const;

/** Step 1: which kind of host, and how to reach it. */
export function AccessStep() {
  const via = useApp((s) => s.accessVia);
  const busy = useApp((s) => s.fixBusy);
  const undoing = useApp((s) => jobBusy(s.undoJob));
  const message = useApp((s) => s.fixMessage);
  const waitingForTrust = useApp(
    (s) => s.hostKeyCheck !== null && !s.hostKeyCheck.trusted && !s.hostKeyCheck.pinnedMismatch,
  );
  const connect = useApp((s) => s.connectHost);
  const close = useApp((s) => s.closeFix);
  const busyText = busy && busy in BUSY_TEXT ? BUSY_TEXT[busy as keyof typeof BUSY_TEXT] : null;
  return (
    <div className="card fix-card" data-fix-step="access">
      <StepHeading id="fix-step-title" focus={false}>
        1. How to reach the host
      </StepHeading>
      <FixTargets />
      <HostKindChoice />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void connect();
        }}
      >
        <AccessChoice />
        {via === 'ssh' && <SshFields />}
        {via === 'winrm' && <WinrmFields />}
        {via === 'script' && <ScriptPhasePicker />}
        <HostKeyPrompt />
        <div aria-live="polite" className="fix-status">
          {busyText && <p className="busy">{busyText}</p>}
        </div>
        {message && <Message kind={message.kind} text={message.text} testId="fix-message" />}
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={busy !== null || waitingForTrust || undoing}>
            {via === 'script' ? 'Make the script' : 'Connect and inspect'}
          </button>
          <button type="button" className="btn" disabled={busy !== null || undoing} onClick={close}>
            Back to the results
          </button>
        </div>
      </form>
      <EarlierFix />
      <ScriptPanel />
    </div>
  );
}
