import { type ReactNode, useEffect, useRef } from 'react';

/**
 * A screen's h2; takes focus when the screen appears so keyboard and screen-reader users land on it — unless
 * the screen puts focus somewhere more useful itself (`takeFocus={false}`: the start screen's host field).
 */
export function ScreenHeading({
  children,
  id,
  takeFocus = true,
}: {
  children: ReactNode;
  id?: string;
  takeFocus?: boolean;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (takeFocus) ref.current?.focus();
  }, [takeFocus]);
  return (
    <h2 ref={ref} id={id} tabIndex={-1} className="screen-heading">
      {children}
    </h2>
  );
}
