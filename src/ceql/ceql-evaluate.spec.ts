import { evaluate } from './ceql-evaluate';
import { parseWhere } from './ceql-parser';

/** Rooms as Webex lists them, with the gaps real lists have: absent fields, nulls, arrays. */
const rooms: Record<string, unknown>[] = [
  { id: 'r1', title: 'Launch plan', type: 'group', isLocked: false, created: '2024-01-05T10:00:00.000Z', teamId: 't1', creator: { displayName: 'Ann' }, members: 3 },
  { id: 'r2', title: 'launch retro', type: 'group', isLocked: true, created: '2024-02-10T08:30:00.000Z', members: 12 },
  { id: 'r3', title: 'Bob Builder', type: 'direct', isLocked: false, created: '2023-12-31T23:59:59.000Z', creator: { displayName: 'Bob' }, members: 2 },
  { id: 'r4', title: "It's 100% done", type: 'group', isLocked: false, created: '2024-03-01T00:00:00.000Z', teamId: 't2', lastActivity: null, members: '7' },
  { id: 'r5', type: 'group', created: '2024-01-05T10:00:00.000Z', teamId: 't1', members: null },
  { id: 'r6', title: 'Ünïcode Café', type: 'group', isLocked: false, created: '2024-02-29T12:00:00+02:00', tags: ['a'], creator: 'nobody' },
];

type Room = Record<string, any>;
const text = (r: Room, f: string): string | undefined => (typeof r[f] === 'string' ? r[f] : undefined);
const time = (iso: string) => Date.parse(iso);

// Each where beside the same question asked in plain JavaScript, written without the hub's code.
const cases: [string, (r: Room) => boolean][] = [
  ["type = 'group'", (r) => r.type === 'group'],
  ["type != 'group'", (r) => r.type !== undefined && r.type !== 'group'],
  ["type <> 'direct'", (r) => r.type === 'group'],
  ["title = 'launch plan'", () => false],
  ["title = 'It''s 100% done'", (r) => r.id === 'r4'],
  ["title LIKE '%launch%'", (r) => text(r, 'title')?.toLowerCase().includes('launch') ?? false],
  ["title NOT LIKE '%launch%'", (r) => text(r, 'title') !== undefined && !text(r, 'title')!.toLowerCase().includes('launch')],
  ["title LIKE 'b_b%'", (r) => /^b.b/i.test(text(r, 'title') ?? '')],
  ["title LIKE '%100%%'", (r) => text(r, 'title')?.includes('100') ?? false],
  ["title LIKE 'ünïcode%'", (r) => r.id === 'r6'],
  ["title LIKE '%E'", (r) => text(r, 'title')?.toLowerCase().endsWith('e') ?? false],
  ["title LIKE '_'", () => false],
  ["title > 'a'", (r) => text(r, 'title') !== undefined && text(r, 'title')! > 'a'],
  ["created > '2024-01-31'", (r) => time(r.created) > time('2024-01-31T00:00:00Z')],
  ["created >= '2024-01-05T10:00:00Z'", (r) => time(r.created) >= time('2024-01-05T10:00:00Z')],
  ["created = '2024-02-29T10:00:00Z'", (r) => r.id === 'r6'],
  ["created < '2024-01-01'", (r) => time(r.created) < time('2024-01-01T00:00:00Z')],
  ['members >= 3', (r) => r.members !== null && r.members !== undefined && Number(r.members) >= 3],
  ['members < 5', (r) => r.members !== null && r.members !== undefined && Number(r.members) < 5],
  ["members = '12'", (r) => r.id === 'r2'],
  ['members IN (2, 3, 7)', (r) => [2, 3, 7].includes(Number(r.members ?? NaN))],
  ['members NOT IN (2, 3)', (r) => r.members !== null && r.members !== undefined && ![2, 3].includes(Number(r.members))],
  ['teamId IS NULL', (r) => r.teamId === undefined || r.teamId === null],
  ['teamId IS NOT NULL', (r) => typeof r.teamId === 'string'],
  ['lastActivity IS NULL', () => true],
  ['isLocked = true', (r) => r.isLocked === true],
  ['isLocked != true', (r) => r.isLocked === false],
  ["isLocked = 'false'", (r) => r.isLocked === false],
  ["NOT (type = 'group')", (r) => r.type === 'direct'],
  ["NOT teamId = 't1'", (r) => typeof r.teamId === 'string' && r.teamId !== 't1'],
  ["NOT title LIKE '%launch%' AND type = 'group'", (r) => r.type === 'group' && text(r, 'title') !== undefined && !text(r, 'title')!.toLowerCase().includes('launch')],
  ["type = 'group' AND (teamId = 't1' OR isLocked = true)", (r) => r.type === 'group' && (r.teamId === 't1' || r.isLocked === true)],
  ["isLocked = true OR teamId = 't2'", (r) => r.isLocked === true || r.teamId === 't2'],
  ["title IN ('Launch plan', 'nope') OR teamId = 't2'", (r) => r.title === 'Launch plan' || r.teamId === 't2'],
  ["creator.displayName = 'Ann'", (r) => r.creator?.displayName === 'Ann'],
  ["`creator.displayName` IN ('Ann', 'Bob')", (r) => ['Ann', 'Bob'].includes(r.creator?.displayName)],
  ['creator.displayName IS NULL', (r) => typeof r.creator?.displayName !== 'string'],
  ["tags = 'a'", () => false],
  ['tags IS NOT NULL', (r) => Array.isArray(r.tags)],
  ["creator = 'nobody'", (r) => r.id === 'r6'],
  ["nosuchfield = 'x' OR type = 'direct'", (r) => r.type === 'direct'],
  ["NOT (nosuchfield = 'x' OR type = 'direct')", () => false],
  ["NOT (nosuchfield = 'x' AND type = 'direct')", (r) => r.type === 'group'],
];

describe('evaluate', () => {
  it.each(cases)('%s selects what a plain filter selects', (where, filter) => {
    const expression = parseWhere(where)!;
    const sut = rooms.filter((room) => evaluate(expression, room)).map((room) => room.id);
    expect(sut).toEqual(rooms.filter(filter).map((room) => room.id));
  });

  it('the cases select subsets of many sizes, so an evaluator that ignored the where would fail them', () => {
    const sizes = new Set(cases.map(([, filter]) => rooms.filter(filter).length));
    expect(sizes.size).toBeGreaterThan(4);
  });

  it('matches a hostile LIKE pattern in time proportional to pattern × text', () => {
    const expression = parseWhere(`text LIKE '${'%a'.repeat(100)}%b'`)!;
    const started = process.hrtime.bigint();
    expect(evaluate(expression, { text: 'a'.repeat(7000) })).toBe(false);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2000);
  });
});
