import { useApp } from '../../store/context';
import './fleet.css';

/** One computer (the wizard) or many (the fleet scan); each keeps its state while the other is shown. */
export function ScreenTabs() {
  const screen = useApp((s) => s.screen);
  const showFleet = useApp((s) => s.showFleet);
  const showSingle = useApp((s) => s.showSingle);
  const fleet = screen === 'fleet';
  return (
    <nav className="screen-tabs" aria-label="What to check">
      <button type="button" className="tab" aria-current={fleet ? undefined : 'page'} onClick={showSingle}>
        One computer
      </button>
      <button type="button" className="tab" aria-current={fleet ? 'page' : undefined} onClick={showFleet}>
        Many computers
      </button>
    </nav>
  );
}
