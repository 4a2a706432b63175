import { WebexException } from './webex.exception';
import { webexPathSegment } from './webex-path';

describe('webexPathSegment', () => {
  it('percent-encodes an id, so it stays one segment and its dots are plain characters', () => {
    expect(webexPathSegment('Y2lzY29zcGFyazovL3VzL1JPT00v')).toBe('Y2lzY29zcGFyazovL3VzL1JPT00v');
    expect(webexPathSegment('a/../b')).toBe('a%2F..%2Fb');
    expect(webexPathSegment('...')).toBe('...');
    expect(webexPathSegment('%2e%2e')).toBe('%252e%252e');
  });

  it('refuses the ids a URL would resolve as this path or its parent, with a 400', () => {
    for (const id of ['.', '..', '']) expect(() => webexPathSegment(id)).toThrow(WebexException);
    expect(() => webexPathSegment('..')).toThrow('Invalid id ".."');
  });
});
