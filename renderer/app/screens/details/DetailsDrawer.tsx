import { useEffect, useRef } from 'react';
import type { ProbeResult } from '../../../../shared/probe';
import { StepList } from '../live/StepList';
import {
  CertificateFactsView,
  CredsspFactsView,
  NegotiationTable,
  NlaFactsView,
  RdpSecurityFactsView,
  StabilityFactsView,
  TargetFactsView,
  TlsVersionsTable,
} from './FactsSections';

const FOCUSABLE = 'button, [href], input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';

/** The raw facts for experts, in a side panel: a modal dialog that keeps focus inside and closes on Esc. */
export function DetailsDrawer({ result, onClose }: { result: ProbeResult; onClose: () => void }) {
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    panel.current?.querySelector<HTMLElement>('.drawer-close')?.focus();
    // The page behind a modal panel does not scroll (CSSOM, allowed by the strict style-src).
    const before = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    return () => {
      document.body.style.overflow = before;
    };
  }, []);
  return (
    <div className="drawer-backdrop">
      <div
        ref={panel}
        id="details-drawer"
        className="drawer"
        role="dialog"
        aria-modal="true"
        aria-labelledby="details-title"
        data-testid="details-drawer"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
            return;
          }
          if (e.key !== 'Tab' || !panel.current) return;
          const items = [...panel.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
          const first = items[0];
          const last = items[items.length - 1];
          if (!first || !last) return;
          if (e.shiftKey && document.activeElement === first) {
            e.preventDefault();
            last.focus();
          } else if (!e.shiftKey && document.activeElement === last) {
            e.preventDefault();
            first.focus();
          }
        }}
      >
        <div className="drawer-head">
          <h2 id="details-title">Technical details</h2>
          <button type="button" className="btn drawer-close" onClick={onClose}>
            Close
          </button>
        </div>
        <div className="drawer-body">
          <section aria-labelledby="d-steps">
            <h3 id="d-steps">Steps</h3>
            <StepList label="Steps of the check" />
          </section>
          <TargetFactsView result={result} />
          <NegotiationTable facts={result.negotiation} />
          <TlsVersionsTable facts={result.tls} />
          <CertificateFactsView cert={result.tls?.certificate ?? null} />
          <CredsspFactsView facts={result.credssp} />
          <RdpSecurityFactsView facts={result.rdpSecurity} />
          <StabilityFactsView facts={result.stability} />
          <NlaFactsView facts={result.nlaCheck} />
          <details className="raw-json">
            <summary>Everything, as JSON</summary>
            <pre>{JSON.stringify(result, null, 2)}</pre>
          </details>
        </div>
      </div>
    </div>
  );
}
