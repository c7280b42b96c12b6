import { type ReactNode, useEffect, useRef } from 'react';

/** A screen's h2; takes focus when the screen appears so keyboard and screen-reader users land on it. */
export function ScreenHeading({ children, id }: { children: ReactNode; id?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h2 ref={ref} id={id} tabIndex={-1} className="screen-heading">
      {children}
    </h2>
  );
}
