import { listItems, nextLink, stripNulls } from './hub-response';

describe('hub response normalization', () => {
  it('strips nulls at any depth, keeping falsy values', () => {
    const sut = stripNulls;
    expect(sut({ a: null, b: 0, c: '', d: false, e: { f: null, g: [1, null, { h: null, i: 1 }] } })).toEqual({ b: 0, c: '', d: false, e: { g: [1, null, { i: 1 }] } });
    expect(sut(null)).toBeNull();
  });

  it('reads the next link among several', () => {
    expect(nextLink('<https://w/v1/rooms?cursor=a>; rel="next"')).toBe('https://w/v1/rooms?cursor=a');
    expect(nextLink('<https://w/prev>; rel="prev", <https://w/next?a=1,2>; rel="next"')).toBe('https://w/next?a=1,2');
    expect(nextLink('<https://w/prev>; rel="prev"')).toBeUndefined();
    expect(nextLink(undefined)).toBeUndefined();
  });

  it('unwraps Webex lists', () => {
    expect(listItems({ items: [1, 2] })).toEqual([1, 2]);
    expect(listItems(undefined)).toEqual([]);
  });
});
