import { listItems, nextLink, shapeAnswer, stripNulls } from './hub-response';

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

  describe('shapeAnswer', () => {
    const webex = (body: unknown) => ({ text: JSON.stringify(body), body });

    it('passes Webex text on untouched (as JSON) when nothing in it would change', () => {
      const answer = webex({ id: 'r1', title: 'Nully', isLocked: false });
      expect(shapeAnswer(answer, true, undefined)).toEqual({ body: answer.text, headers: { 'content-type': 'application/json; charset=utf-8' } });
    });

    it('strips nulls when the text has one, and keeps them when the instance asks to', () => {
      const answer = webex({ id: 'r1', teamId: null, tags: [null] });
      expect(shapeAnswer(answer, true, undefined)).toEqual({ body: { id: 'r1', tags: [null] }, headers: {} });
      expect(shapeAnswer(answer, false, undefined).body).toBe(answer.text);
    });

    it('masks secret fields even when there is no null', () => {
      const answer = webex({ id: 'w1', secret: 's3cr3t' });
      const shaped = shapeAnswer(answer, true, ['secret']);
      expect(shaped).toEqual({ body: { id: 'w1', secret: '********' }, headers: {} });
      expect(JSON.stringify(shaped)).not.toContain('s3cr3t');
    });

    it('answers an empty Webex body (a 204) with no body', () => {
      expect(shapeAnswer({ text: '', body: undefined }, true, undefined)).toEqual({ body: undefined, headers: {} });
    });
  });
});
