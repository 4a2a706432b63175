import { HubError } from '../common/hub-error';
import { parseWhere } from './where-clause';

describe('parseWhere', () => {
  const allowed = new Set(['personEmail', 'roomId', 'max']);
  const sut = (where: string) => parseWhere(where, allowed, 'channels/{channelId}/users');
  const refusal = (where: string): string => {
    try {
      sut(where);
    } catch (error) {
      expect(error).toBeInstanceOf(HubError);
      expect((error as HubError).status).toBe(400);
      return (error as Error).message;
    }
    throw new Error(`${where} was accepted`);
  };

  it('maps field = value pairs joined by AND (any case) onto query parameters', () => {
    expect(sut("personEmail = 'ann@example.com'")).toEqual({ personEmail: 'ann@example.com' });
    expect(sut("personEmail='a@b.c' and roomId = 'R1' AND max = 5")).toEqual({ personEmail: 'a@b.c', roomId: 'R1', max: '5' });
    expect(sut("  roomId = 'it''s AND OR' ")).toEqual({ roomId: "it's AND OR" });
    expect(sut("roomId = ''")).toEqual({ roomId: '' });
    expect(sut('   ')).toEqual({});
  });

  it('says what it does not support', () => {
    expect(refusal("roomId = 'a' OR roomId = 'b'")).toMatch(/OR is not supported/);
    expect(refusal("roomId LIKE 'a%'")).toMatch(/operator LIKE is not supported/);
    expect(refusal("roomId != 'a'")).toMatch(/operator != is not supported/);
    expect(refusal("roomId >= 'a'")).toMatch(/operator >= is not supported/);
    expect(refusal("roomId IN ('a')")).toMatch(/operator IN is not supported/);
    expect(refusal("roomId = 'a")).toMatch(/quoted value is not closed/);
    expect(refusal("roomId = 'a' AND")).toMatch(/expected a field name/);
    expect(refusal("roomId = 'a' roomId = 'b'")).toMatch(/expected AND/);
    expect(refusal("roomId = 'a' AND roomId = 'b'")).toMatch(/given twice/);
    expect(refusal('roomId =')).toMatch(/expected a value/);
    expect(refusal("NOT roomId = 'a'")).toMatch(/NOT is not supported/);
    expect(refusal("(roomId = 'a')")).toMatch(/expected a field name/);
  });

  it('names the searchable fields when a field is not one of them', () => {
    expect(refusal("title = 'x'")).toBe('Field "title" cannot be searched on channels/{channelId}/users; searchable fields: personEmail, roomId, max');
  });
});
