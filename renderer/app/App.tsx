import { useEffect, useState } from 'react';
import { AppIcon } from './components/AppIcon';
import { ErrorBoundary } from './components/ErrorBoundary';
import { StatusFooter } from './components/StatusFooter';
import { FindingsScreen } from './screens/findings/FindingsScreen';
import { FixScreen } from './screens/fix/FixScreen';
import { FleetScreen } from './screens/fleet/FleetScreen';
import { ScreenTabs } from './screens/fleet/ScreenTabs';
import { LiveScreen } from './screens/live/LiveScreen';
import { StartScreen } from './screens/start/StartScreen';
import { StoreProvider, useApp } from './store/context';
import { type AppStore, createAppStore } from './store/createAppStore';

const TITLES = { start: 'Start', live: 'Checking', findings: 'Results', fleet: 'Many computers', fix: 'Fix' } as const;

function CurrentScreen() {
  const screen = useApp((s) => s.screen);
  const target = useApp((s) => s.runTarget);
  useEffect(() => {
    // The window title says where the user is (read out by screen readers on screen changes).
    document.title =
      screen === 'start'
        ? 'RDP Doctor'
        : screen === 'fleet'
          ? `${TITLES.fleet} – RDP Doctor`
          : `${TITLES[screen]} ${target} – RDP Doctor`;
  }, [screen, target]);
  if (screen === 'live') return <LiveScreen />;
  if (screen === 'findings') return <FindingsScreen />;
  if (screen === 'fleet') return <FleetScreen />;
  if (screen === 'fix') return <FixScreen />;
  return <StartScreen />;
}

function Shell() {
  const newCheck = useApp((s) => s.newCheck);
  return (
    <div className="app">
      <header className="app-header">
        <h1>
          <AppIcon />
          RDP Doctor
        </h1>
        <p className="tagline">Find out why Remote Desktop will not connect.</p>
        <ScreenTabs />
      </header>
      <main>
        <ErrorBoundary onReset={newCheck}>
          <CurrentScreen />
        </ErrorBoundary>
      </main>
      <StatusFooter />
    </div>
  );
}

/** The wizard: start → live probe → findings → fix, over the IPC contract (Electron preload or web mode). */
export function App({ store }: { store?: AppStore }) {
  const [s] = useState(() => store ?? createAppStore());
  return (
    <StoreProvider store={s}>
      <Shell />
    </StoreProvider>
  );
}
