import { useApp } from '../../store/context';

/** Hosts checked before (from localStorage): one click or Enter fills the field. */
export function RecentHosts() {
  const recent = useApp((s) => s.recentHosts);
  const setHost = useApp((s) => s.setHost);
  const forget = useApp((s) => s.forgetRecentHosts);
  if (recent.length === 0) return null;
  return (
    <div className="recent">
      <span id="recent-label" className="recent-label">
        Recent:
      </span>
      {recent.map((h) => (
        <button
          key={h}
          type="button"
          className="chip"
          aria-label={`Use recent computer ${h}`}
          onClick={() => {
            setHost(h);
            document.getElementById('host')?.focus();
          }}
        >
          {h}
        </button>
      ))}
      <button type="button" className="btn-link" onClick={forget}>
        Forget these
      </button>
    </div>
  );
}
