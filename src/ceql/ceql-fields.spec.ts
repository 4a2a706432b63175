import { project } from './ceql-fields';
import { parseFields } from './ceql-parser';

describe('project', () => {
  const message = { id: 'm1', text: 'hi', personEmail: 'ann@example.com', creator: { displayName: 'Ann', emails: ['ann@example.com'] }, mentionedPeople: ['p1'] };
  const sut = (fields: string) => project(message, parseFields(fields));

  it.each<[string, unknown]>([
    ['id', { id: 'm1' }],
    ['id, text', { id: 'm1', text: 'hi' }],
    ['creator.displayName', { creator: { displayName: 'Ann' } }],
    ['id, creator.displayName, creator.emails', { id: 'm1', creator: { displayName: 'Ann', emails: ['ann@example.com'] } }],
    ['creator, creator.displayName', { creator: message.creator }],
    ['mentionedPeople', { mentionedPeople: ['p1'] }],
    ['nosuch, creator.nosuch, id.length', {}],
  ])('fields=%s', (fields, expected) => {
    expect(sut(fields)).toEqual(expected);
  });

  it('copies: the projection never changes the item', () => {
    const before = JSON.stringify(message);
    const projected = sut('creator.displayName') as { creator: Record<string, unknown> };
    projected.creator.displayName = 'changed';
    expect(JSON.stringify(message)).toBe(before);
  });

  it('keeps a field named __proto__ as a field', () => {
    const item = JSON.parse('{"__proto__": {"polluted": true}, "id": "x"}') as unknown;
    const projected = project(item, ['__proto__.polluted', 'id']) as Record<string, unknown>;
    expect(Object.getPrototypeOf(projected)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(projected))).toEqual(JSON.parse('{"__proto__": {"polluted": true}, "id": "x"}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('leaves what is not an object as it is', () => {
    expect(project('text', ['id'])).toBe('text');
    expect(project(null, ['id'])).toBeNull();
  });
});
