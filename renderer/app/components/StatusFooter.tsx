import { useEffect } from 'react';
import { useApp } from '../store/context';

/** "Connected · web mode · v0.1.0": proves the page reaches the core (the foundation e2e test reads it). */
export function StatusFooter() {
  const info = useApp((s) => s.appInfo);
  const error = useApp((s) => s.appInfoError);
  const load = useApp((s) => s.loadAppInfo);
  const lost = useApp((s) => s.connectionLost);
  useEffect(() => {
    void load();
  }, [load]);
  const text = lost
    ? 'Connection to RDP Doctor lost: start it again (rdp-doctor web) and reload this page.'
    : info
      ? `Connected · ${info.mode} mode · v${info.version}`
      : error
        ? `Not connected: ${error}`
        : 'Connecting to RDP Doctor…';
  return (
    <footer className="status" data-testid="core-status" aria-live="polite">
      {text}
    </footer>
  );
}
