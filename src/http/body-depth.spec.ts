import { assertAcceptableBody } from './body-depth';
import { CommonException } from '../common/common.exception';

describe('assertAcceptableBody', () => {
  const nested = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth));

  it('accepts ordinary bodies and scalars', () => {
    expect(() => assertAcceptableBody({ a: [{ b: { c: 1 } }], d: null })).not.toThrow();
    expect(() => assertAcceptableBody(undefined)).not.toThrow();
    expect(() => assertAcceptableBody('text')).not.toThrow();
    expect(() => assertAcceptableBody(nested(64))).not.toThrow();
  });

  it('refuses a body nested past the limit with a 400, without overflowing itself', () => {
    expect(() => assertAcceptableBody(nested(65))).toThrow(CommonException);
    expect(() => assertAcceptableBody(nested(100_000))).toThrow('Body nests more than 64 levels deep');
    expect(() => assertAcceptableBody({ a: { b: { c: 1 } } }, 2)).toThrow(CommonException);
  });

  it('refuses NUL or a lone surrogate in any string or key of the body, at any depth', () => {
    for (const body of ['a\u0000', { name: '\ud800' }, { a: [{ b: ['ok', 'x\u0000'] }] }, { ['key\udc00']: 1 }, [{ c: { ['\u0000']: null } }]]) {
      expect(() => assertAcceptableBody(body)).toThrow(/NUL character or a lone UTF-16 surrogate/);
    }
    expect(() => assertAcceptableBody({ name: '💩 \u200f Z̷a̵', tags: ['.', '..'], n: 1 })).not.toThrow();
  });
});
