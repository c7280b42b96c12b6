/**
 * The one way the store follows a background job (a probe run, a fix or undo job, a fleet scan): start it,
 * hold the events that arrive before the start request has answered with the job's id (the core may emit
 * them first), then replay that job's held events in order and follow the live ones.
 */

/** Enough for a fleet scan of the longest list the contract accepts; a probe or fix job sends far fewer. */
export const EARLY_EVENTS_MAX = 10_000;

export interface EarlyEvents<E> {
  /** a new start: what was held for an earlier one is dropped */
  start(): void;
  /** an event that came before its job's id was known: held, up to EARLY_EVENTS_MAX */
  hold(ev: E): void;
  /** the job's id is known: its held events, oldest first (every other held event is dropped) */
  follow(id: string): E[];
}

export function earlyEvents<E>(idOf: (ev: E) => string, max = EARLY_EVENTS_MAX): EarlyEvents<E> {
  let held: E[] = [];
  return {
    start: () => {
      held = [];
    },
    hold: (ev) => {
      if (held.length < max) held.push(ev);
    },
    follow: (id) => {
      const mine = held.filter((ev) => idOf(ev) === id);
      held = [];
      return mine;
    },
  };
}
