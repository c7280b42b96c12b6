import { useEffect } from 'react';
import { localDateTime } from '../../../../shared/localTime';
import { lastUndoableFix } from '../../logic/fixHistory';
import { useApp } from '../../store/context';

/**
 * A fix on this host that can still be undone (the audit log), shown on the results even when nothing needs
 * fixing now: a fix cut short after its restart leaves a host that probes healthy, and its undo must still have
 * a door. The wizard's first step lists it with "Undo the earlier fix".
 */
export function EarlierFixDoor() {
  const target = useApp((s) => s.runTarget || s.result?.input || '');
  const history = useApp((s) => s.fixHistory);
  const loadFixHistory = useApp((s) => s.loadFixHistory);
  const openFix = useApp((s) => s.openFix);
  useEffect(() => {
    if (target) void loadFixHistory();
  }, [target, loadFixHistory]);
  const earlier = lastUndoableFix(history, target);
  if (!earlier) return null;
  return (
    <div className="earlier-fix-door" data-testid="earlier-fix-door" data-unfinished={earlier.unfinished}>
      <p>
        {earlier.unfinished
          ? `A fix from ${localDateTime(earlier.at)} on this host was cut short before it finished; it can be undone.`
          : `A fix from ${localDateTime(earlier.at)} on this host can still be undone.`}
      </p>
      <button type="button" className="btn" data-testid="open-earlier-fix" onClick={() => openFix()}>
        See the earlier fix…
      </button>
    </div>
  );
}
