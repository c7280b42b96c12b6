// Foundation placeholder: the wizard screens come with issue 5.
import { useEffect, useState } from 'react';
import { getApi } from '../api/client';

export function App() {
  const [status, setStatus] = useState('Connecting to RDP Doctor…');
  useEffect(() => {
    getApi()
      .invoke('app.info', {})
      .then(
        (info) => setStatus(`Connected · ${info.mode} mode · v${info.version}`),
        (err: Error) => setStatus(`Not connected: ${err.message}`),
      );
  }, []);
  return (
    <main className="app">
      <h1>RDP Doctor</h1>
      <footer className="status" data-testid="core-status" aria-live="polite">
        {status}
      </footer>
    </main>
  );
}
