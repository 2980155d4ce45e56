import { RecentKeys } from './recentKeys';

describe('RecentKeys', () => {
  it('remembers an active key for the TTL only, and forgets all on a revocation', () => {
    const recent = new RecentKeys<string>(500);
    recent.rememberActive('hash-a', 'key-a', 1_000);
    expect(recent.activeKey('hash-a', 1_499)).toBe('key-a');
    expect(recent.activeKey('hash-a', 1_500)).toBeUndefined();

    recent.rememberActive('hash-a', 'key-a', 2_000);
    recent.forgetActive();
    expect(recent.activeKey('hash-a', 2_001)).toBeUndefined();
  });

  it('writes a key’s last use at most once per interval', () => {
    const recent = new RecentKeys<string>(500, 60_000);
    expect(recent.shouldMarkUsed('key-a', 0)).toBe(true);
    expect(recent.shouldMarkUsed('key-a', 59_999)).toBe(false);
    expect(recent.shouldMarkUsed('key-b', 59_999)).toBe(true);
    expect(recent.shouldMarkUsed('key-a', 60_000)).toBe(true);
  });

  it('stays bounded however many keys it sees', () => {
    const recent = new RecentKeys<number>(500, 60_000, 100);
    for (let i = 0; i < 10_000; i++) recent.rememberActive(`h${i}`, i, 0);
    const remembered = Array.from({ length: 10_000 }, (_, i) =>
      recent.activeKey(`h${i}`, 1),
    ).filter(value => value !== undefined);
    expect(remembered.length).toBeLessThanOrEqual(100);
    expect(recent.activeKey('h9999', 1)).toBe(9999);
  });
});
