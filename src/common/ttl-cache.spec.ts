import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  it('answers an entry until its lifetime ends', () => {
    const sut = new TtlCache<string, number>(1000);
    sut.set('a', 1, 0);
    expect(sut.get('a', 999)).toBe(1);
    expect(sut.get('a', 1000)).toBeUndefined();
    expect(sut.get('b', 0)).toBeUndefined();
  });

  it('keeps entries without a lifetime until cleared, and stores nothing with a lifetime of 0', () => {
    const forever = new TtlCache<string, number>(Infinity);
    forever.set('a', 1, 0);
    expect(forever.get('a', Number.MAX_SAFE_INTEGER)).toBe(1);
    const off = new TtlCache<string, number>(0);
    off.set('a', 1);
    expect(off.size).toBe(0);
  });

  it('starts again empty when full, so it never holds more than its bound', () => {
    const sut = new TtlCache<number, number>(1000, 3);
    for (let i = 0; i < 3; i++) sut.set(i, i, 0);
    expect(sut.size).toBe(3);
    sut.set(3, 3, 0);
    expect(sut.size).toBe(1);
    expect(sut.get(0, 0)).toBeUndefined();
    expect(sut.get(3, 0)).toBe(3);
  });

  it('drops the entries whose value matches', () => {
    const sut = new TtlCache<string, { id: number }>(1000);
    sut.set('t1', { id: 1 }, 0);
    sut.set('t2', { id: 2 }, 0);
    sut.deleteWhere((value) => value.id === 1);
    expect([sut.get('t1', 0), sut.get('t2', 0)]).toEqual([undefined, { id: 2 }]);
  });
});
