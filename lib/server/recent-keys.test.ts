import { describe, expect, it } from 'vitest';
import { recentKeys } from './recent-keys';

describe('recentKeys', () => {
  it('says a key was asked before only from its second time', () => {
    const recent = recentKeys(10);
    expect(recent.askedBefore('garden')).toBe(false);
    expect(recent.askedBefore('garden')).toBe(true);
    expect(recent.askedBefore('heron')).toBe(false);
  });

  it('forgets the least recently asked key past its capacity', () => {
    const recent = recentKeys(2);
    recent.askedBefore('a');
    recent.askedBefore('b');
    recent.askedBefore('a'); // a is now more recent than b
    recent.askedBefore('c'); // b is forgotten
    expect(recent.askedBefore('a')).toBe(true);
    expect(recent.askedBefore('b')).toBe(false);
  });
});
