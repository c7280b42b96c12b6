import { type ReactNode, useEffect, useRef } from 'react';

/**
 * A Fix step's heading. When the wizard moves to a step it takes focus, so keyboard and screen-reader
 * users land on the new step (the first step leaves focus on the screen's own heading).
 */
export function StepHeading({ id, children, focus = true }: { id: string; children: ReactNode; focus?: boolean }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus]);
  return (
    <h3 ref={ref} id={id} tabIndex={-1} className="step-heading">
      {children}
    </h3>
  );
}
