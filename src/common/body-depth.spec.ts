import { assertBodyDepth } from './body-depth';
import { BadRequestException } from './hub.exception';

describe('assertBodyDepth', () => {
  const nested = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth));

  it('accepts ordinary bodies and scalars', () => {
    expect(() => assertBodyDepth({ a: [{ b: { c: 1 } }], d: null })).not.toThrow();
    expect(() => assertBodyDepth(undefined)).not.toThrow();
    expect(() => assertBodyDepth('text')).not.toThrow();
    expect(() => assertBodyDepth(nested(64))).not.toThrow();
  });

  it('refuses a body nested past the limit with a 400, without overflowing itself', () => {
    expect(() => assertBodyDepth(nested(65))).toThrow(BadRequestException);
    expect(() => assertBodyDepth(nested(100_000))).toThrow('Body nests more than 64 levels deep');
    expect(() => assertBodyDepth({ a: { b: { c: 1 } } }, 2)).toThrow(BadRequestException);
  });
});
