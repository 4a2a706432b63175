import { CeqlExpression } from './ceql.ast';
import { CeqlError } from './ceql-error';
import { parseWhere } from './ceql-parser';
import { CeqlCapabilities, CeqlPlan, MAX_LIKE_PATTERN, plan } from './ceql-plan';

const channels: CeqlCapabilities = {
  resource: 'channels',
  parameters: { teamId: 'exact', type: 'exact', sortBy: 'input', displayName: 'superset' },
};
const sut = (where: string) => plan(parseWhere(where), channels);
const residualOf = (where: string): CeqlExpression => parseWhere(where)!;

describe('plan', () => {
  it.each<[string, CeqlPlan]>([
    ["type = 'group'", { pushDown: { type: 'group' } }],
    ["type = 'group' AND teamId = 'T1'", { pushDown: { type: 'group', teamId: 'T1' } }],
    ["title LIKE '%launch%' AND type = 'group'", { pushDown: { type: 'group' }, residual: residualOf("title LIKE '%launch%'") }],
    ["(type = 'group' AND title = 'x') AND teamId = 'T1'", { pushDown: { type: 'group', teamId: 'T1' }, residual: residualOf("title = 'x'") }],
    ["type = 'group' OR type = 'direct'", { pushDown: {}, residual: residualOf("type = 'group' OR type = 'direct'") }],
    ["type != 'group'", { pushDown: {}, residual: residualOf("type != 'group'") }],
    ["type IN ('group')", { pushDown: {}, residual: residualOf("type IN ('group')") }],
    ["NOT type = 'group'", { pushDown: {}, residual: residualOf("NOT type = 'group'") }],
    ["sortBy = 'lastactivity' AND title = 'x'", { pushDown: { sortBy: 'lastactivity' }, residual: residualOf("title = 'x'") }],
    ['sortBy = 5', { pushDown: { sortBy: '5' } }],
    // Webex narrows displayName by prefix and any case: sent, and checked again in the hub.
    ["displayName = 'Bob'", { pushDown: { displayName: 'Bob' }, residual: residualOf("displayName = 'Bob'") }],
    // One value per Webex parameter: a second is the hub's to check (here: nothing can match).
    ["type = 'group' AND type = 'direct'", { pushDown: { type: 'group' }, residual: residualOf("type = 'direct'") }],
    ["type = 'group' AND type = 'group'", { pushDown: { type: 'group' } }],
    // Webex compares text: a number is compared by the hub, as a number.
    ['teamId = 5', { pushDown: {}, residual: residualOf('teamId = 5') }],
    ["title = 'a' AND created > '2024-01-01'", { pushDown: {}, residual: residualOf("title = 'a' AND created > '2024-01-01'") }],
  ])('%s', (where, expected) => {
    expect(sut(where)).toEqual(expected);
  });

  it('has nothing to do without a where', () => {
    expect(plan(undefined, channels)).toEqual({ pushDown: {} });
  });

  it.each<[string, string]>([
    ["sortBy = 'id' OR type = 'group'", "where cannot use sortBy = under OR on channels: sortBy is a Webex parameter, not a field of the items, so it can only be given as sortBy = 'value' joined to the rest by AND"],
    ["NOT sortBy = 'id'", 'where cannot use sortBy = under NOT on channels'],
    ["type = 'group' AND (sortBy = 'id' OR title = 'x')", 'where cannot use sortBy = under OR on channels'],
    ["sortBy LIKE 'id%'", 'where cannot use sortBy LIKE on channels'],
    ["sortBy != 'id'", 'where cannot use sortBy != on channels'],
    ['sortBy IS NULL', 'where cannot use sortBy IS NULL on channels'],
    ["sortBy IN ('id')", 'where cannot use sortBy IN on channels'],
    ["sortBy = 'id' AND sortBy = 'created'", 'where gives sortBy twice; channels takes one sortBy'],
    [`title LIKE '${'%'.repeat(MAX_LIKE_PATTERN + 1)}'`, `where cannot use title LIKE with a pattern longer than ${MAX_LIKE_PATTERN} characters`],
  ])('refuses %s, naming the field and operator', (where, message) => {
    let error: unknown;
    try {
      sut(where);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CeqlError);
    expect((error as CeqlError).message.startsWith(message)).toBe(true);
  });
});
