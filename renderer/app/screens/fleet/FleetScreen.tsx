import { useEffect } from 'react';
import { Message } from '../../components/Message';
import { ScreenHeading } from '../../components/ScreenHeading';
import { useApp } from '../../store/context';
import { FleetExport } from './FleetExport';
import { FleetInput } from './FleetInput';
import { FleetProgress } from './FleetProgress';
import { FleetTable } from './FleetTable';
import './fleet.css';

/** "Many computers": paste or import a list, watch it being checked, sort and filter, open one, export. */
export function FleetScreen() {
  const state = useApp((s) => s.fleetState);
  const message = useApp((s) => s.fleetMessage);
  const targetErrors = useApp((s) => s.fleetTargetErrors);
  const duplicates = useApp((s) => s.fleetDuplicates);
  const scanned = state !== 'idle' && state !== 'starting';
  const scrollY = useApp((s) => s.fleetScrollY);
  // "Back to the list": the list as it was left, sort, filter (kept in the store) and scroll
  useEffect(() => {
    if (scrollY !== null && scrollY > 0) window.scrollTo(0, scrollY);
  }, [scrollY]);
  return (
    <section className="screen" aria-labelledby="fleet-title" data-screen="fleet">
      <ScreenHeading id="fleet-title">Check many computers at once</ScreenHeading>
      <FleetInput />
      {message && <Message kind={message.kind} text={message.text} testId="fleet-message" />}
      {targetErrors.length > 0 && (
        <div className="card fleet-bad-lines" data-testid="fleet-bad-lines">
          <h3>
            {targetErrors.length} line{targetErrors.length === 1 ? '' : 's'} could not be read and{' '}
            {targetErrors.length === 1 ? 'was' : 'were'} left out
          </h3>
          <ul>
            {targetErrors.slice(0, 50).map((e) => (
              <li key={`${e.source}-${e.line}`}>
                Line {e.line}: {e.message}
              </li>
            ))}
          </ul>
          {targetErrors.length > 50 && <p className="help">…and {targetErrors.length - 50} more.</p>}
        </div>
      )}
      {scanned && duplicates > 0 && (
        <p className="help" data-testid="fleet-duplicates">
          {duplicates} duplicate{duplicates === 1 ? '' : 's'} left out: each computer is checked once.
        </p>
      )}
      {scanned && <FleetProgress />}
      {scanned && <FleetTable />}
      {scanned && <FleetExport />}
    </section>
  );
}
