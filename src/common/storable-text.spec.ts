import { CommonException } from './common.exception';
import { isStorableText, unstorableRequestText } from './storable-text';

describe('isStorableText', () => {
  it('accepts any well-formed text without NUL: pairs, bidi marks, combining marks, long text', () => {
    for (const text of ['', 'plain', '💩', '\u200f\u202eabc', 'Z̷̧̛a̵', 'x'.repeat(100_000), '.', '..']) expect(isStorableText(text)).toBe(true);
  });

  it('refuses NUL and lone surrogates, high or low, anywhere in the text', () => {
    for (const text of ['\u0000', 'a\u0000', '\ud800', 'a\ud800b', '\udc00', '\udfff\ud800', 'ok💩\ud83d']) expect(isStorableText(text)).toBe(false);
  });
});

describe('unstorableRequestText', () => {
  const clean = { params: { id: '7', '*': 'channels/x' }, query: { 'tags[]': ['a', 'b'], where: "x='y'" }, headers: { authorization: 'User a' } };

  it('finds nothing in a clean request', () => {
    expect(unstorableRequestText(clean)).toBeUndefined();
    expect(unstorableRequestText({ params: undefined, query: undefined, headers: {} })).toBeUndefined();
  });

  it('answers a 400 naming the part that holds NUL or a lone surrogate', () => {
    const cases: [Partial<typeof clean>, RegExp][] = [
      [{ params: { id: 'a\u0000' } as never }, /^The path/],
      [{ query: { 'tags[]': ['a', '\ud800'] } as never }, /^Query parameter tags\[\]/],
      [{ query: { where: '\u0000' } as never }, /^Query parameter where/],
      [{ query: { ['a\u0000']: 'x' } as never }, /^A query parameter name/],
      [{ headers: { 'x-a': 'a\u0000' } as never }, /^Header x-a/],
    ];
    for (const [change, message] of cases) {
      const sut = unstorableRequestText({ ...clean, ...change });
      expect(sut).toBeInstanceOf(CommonException);
      expect(sut?.message).toMatch(message);
    }
  });
});
