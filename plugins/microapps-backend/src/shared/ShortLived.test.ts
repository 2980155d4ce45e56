import { ShortLived } from './ShortLived';

describe('ShortLived', () => {
  const counter = () => {
    let reads = 0;
    let fail = false;
    return {
      read: async () => {
        reads += 1;
        if (fail) throw new Error('database down');
        return reads;
      },
      reads: () => reads,
      failNext: (value: boolean) => {
        fail = value;
      },
    };
  };

  it('reads once per interval, shared by concurrent callers', async () => {
    let now = 1_000;
    const source = counter();
    const value = new ShortLived(source.read, 500, () => now);
    expect(await Promise.all([value.get(), value.get()])).toEqual([1, 1]);
    now += 499;
    expect(await value.get()).toBe(1);
    now += 1;
    expect(await value.get()).toBe(2);
    expect(source.reads()).toBe(2);
  });

  it('reads again at once after forget, and never keeps a read started before it', async () => {
    const now = 1_000;
    let release!: () => void;
    let reads = 0;
    const value = new ShortLived(
      () =>
        new Promise<number>(resolve => {
          reads += 1;
          const answer = reads;
          if (answer === 1) release = () => resolve(answer);
          else resolve(answer);
        }),
      60_000,
      () => now,
    );
    const before = value.get();
    value.forget();
    expect(await value.get()).toBe(2);
    release();
    expect(await before).toBe(1);
    expect(await value.get()).toBe(2);
  });

  it('does not remember a failed read', async () => {
    const source = counter();
    const value = new ShortLived(source.read, 60_000);
    source.failNext(true);
    await expect(value.get()).rejects.toThrow('database down');
    source.failNext(false);
    expect(await value.get()).toBe(2);
  });
});
