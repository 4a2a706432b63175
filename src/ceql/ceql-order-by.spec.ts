import { comparator, orderKey, planOrderBy } from './ceql-order-by';
import { parseOrderBy } from './ceql-parser';

const items = [
  { id: 'a', title: 'beta', created: '2024-01-02T00:00:00.000Z', members: 10 },
  { id: 'b', title: 'Alpha', created: '2024-01-01T23:00:00-02:00', members: 9 },
  { id: 'c', created: '2024-01-03T00:00:00.000Z', members: null },
  { id: 'd', title: 'alpha', created: '2024-01-02T00:00:00.000Z', members: 10 },
  { id: 'e', title: 'beta', created: '2023-12-31T00:00:00.000Z' },
];
const sorted = (orderBy: string) => [...items].sort(comparator(parseOrderBy(orderBy))).map((item) => item.id);

describe('orderBy', () => {
  it.each<[string, string[]]>([
    // Text by code unit: capitals first, as Webex's ids and titles compare byte by byte.
    ['title', ['b', 'd', 'a', 'e', 'c']],
    ['title desc', ['a', 'e', 'd', 'b', 'c']],
    // Timestamps as instants: b's -02:00 is 2024-01-02T01:00Z, after a and d.
    ['created', ['e', 'a', 'd', 'b', 'c']],
    ['created desc', ['c', 'b', 'a', 'd', 'e']],
    // Numbers as numbers; items without a value last in both directions; ties keep the list's order.
    ['members', ['b', 'a', 'd', 'c', 'e']],
    ['members desc', ['a', 'd', 'b', 'c', 'e']],
    ['members desc, title', ['d', 'a', 'b', 'e', 'c']],
    ['title, created desc', ['b', 'd', 'a', 'e', 'c']],
  ])('%s', (orderBy, expected) => {
    expect(sorted(orderBy)).toEqual(expected);
  });

  it('pushes an order down when a Webex parameter gives exactly that order, else sorts in the hub', () => {
    const orders = { 'lastActivity desc': { sortBy: 'lastactivity' } };
    expect(orderKey(parseOrderBy('lastActivity DESC'))).toBe('lastActivity desc');
    expect(planOrderBy(parseOrderBy('lastActivity desc'), orders)).toEqual({ pushDown: { sortBy: 'lastactivity' } });
    const inHub = planOrderBy(parseOrderBy('lastActivity asc'), orders);
    expect('inHub' in inHub && [...items].sort(inHub.inHub).map((item) => item.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect('inHub' in planOrderBy(parseOrderBy('toString'), orders)).toBe(true);
  });
});
