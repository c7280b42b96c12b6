import { describe, expect, it } from 'vitest';
import { EARLY_EVENTS_MAX, earlyEvents } from '../../../renderer/app/store/earlyEvents';

describe('earlyEvents (start, hold what comes before the id, follow)', () => {
  it('replays only the started job’s held events, in order, once', () => {
    const early = earlyEvents<{ id: string; n: number }>((e) => e.id);
    early.start();
    early.hold({ id: 'a', n: 1 });
    early.hold({ id: 'b', n: 2 });
    early.hold({ id: 'a', n: 3 });
    expect(early.follow('a').map((e) => e.n)).toEqual([1, 3]);
    expect(early.follow('a')).toEqual([]);
  });

  it('a new start drops what an earlier start held; the hold is bounded', () => {
    const early = earlyEvents<{ id: string }>((e) => e.id, 2);
    early.hold({ id: 'old' });
    early.start();
    for (let i = 0; i < 5; i++) early.hold({ id: 'x' });
    expect(early.follow('old')).toEqual([]);
    early.start();
    for (let i = 0; i < 5; i++) early.hold({ id: 'x' });
    expect(early.follow('x')).toHaveLength(2);
    expect(EARLY_EVENTS_MAX).toBeGreaterThanOrEqual(10_000);
  });
});
