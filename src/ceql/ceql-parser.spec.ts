import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'peggy';
import { CeqlExpression } from './ceql.ast';
import { CeqlError } from './ceql-error';
import { MAX_CEQL_DEPTH, MAX_CEQL_LENGTH, parseFields, parseOrderBy, parseWhere } from './ceql-parser';

const eq = (field: string, value: string | number | boolean): CeqlExpression => ({ type: 'compare', field, op: '=', value });

function refusal(parse: () => unknown): CeqlError {
  try {
    parse();
  } catch (error) {
    if (error instanceof CeqlError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('parseWhere', () => {
  const sut = parseWhere;

  it.each<[string, CeqlExpression]>([
    ["type = 'group'", eq('type', 'group')],
    ["type='group'", eq('type', 'group')],
    ["title = 'it''s'", eq('title', "it's")],
    ["title = ''", eq('title', '')],
    ["title = 'a AND b OR c'", eq('title', 'a AND b OR c')],
    ['count = 5', eq('count', 5)],
    ['count = -1.5e3', eq('count', -1500)],
    ['isLocked = TRUE', eq('isLocked', true)],
    ['isLocked = false', eq('isLocked', false)],
    ["a != 'x'", { type: 'compare', field: 'a', op: '!=', value: 'x' }],
    ["a <> 'x'", { type: 'compare', field: 'a', op: '!=', value: 'x' }],
    ['a < 1', { type: 'compare', field: 'a', op: '<', value: 1 }],
    ['a > 1', { type: 'compare', field: 'a', op: '>', value: 1 }],
    ['a <= 1', { type: 'compare', field: 'a', op: '<=', value: 1 }],
    ['a >= 1', { type: 'compare', field: 'a', op: '>=', value: 1 }],
    ["title LIKE '%launch%'", { type: 'like', field: 'title', pattern: '%launch%', negated: false }],
    ["title not like 'a_'", { type: 'like', field: 'title', pattern: 'a_', negated: true }],
    ["type IN ('group', 'direct')", { type: 'in', field: 'type', values: ['group', 'direct'], negated: false }],
    ['n NOT IN (1,2 , true)', { type: 'in', field: 'n', values: [1, 2, true], negated: true }],
    ['teamId IS NULL', { type: 'null', field: 'teamId', negated: false }],
    ['teamId is not null', { type: 'null', field: 'teamId', negated: true }],
    ["creator.displayName = 'Ann'", eq('creator.displayName', 'Ann')],
    ["`metaData.last Update` = 'x'", eq('metaData.last Update', 'x')],
    ["a = 1 AND b = 2 and c = 3", { type: 'and', terms: [eq('a', 1), eq('b', 2), eq('c', 3)] }],
    ['a = 1 OR b = 2 AND c = 3', { type: 'or', terms: [eq('a', 1), { type: 'and', terms: [eq('b', 2), eq('c', 3)] }] }],
    ['(a = 1 OR b = 2) AND c = 3', { type: 'and', terms: [{ type: 'or', terms: [eq('a', 1), eq('b', 2)] }, eq('c', 3)] }],
    ['NOT a = 1 AND b = 2', { type: 'and', terms: [{ type: 'not', term: eq('a', 1) }, eq('b', 2)] }],
    ['NOT (a = 1 OR b = 2)', { type: 'not', term: { type: 'or', terms: [eq('a', 1), eq('b', 2)] } }],
    ['not not a = 1', { type: 'not', term: { type: 'not', term: eq('a', 1) } }],
    [' \t( ( a = 1 ) )\n', eq('a', 1)],
    ["ORDER = 'x' AND android = 'y'", { type: 'and', terms: [eq('ORDER', 'x'), eq('android', 'y')] }],
  ])('%s', (where, expected) => {
    expect(sut(where)).toEqual(expected);
  });

  it('reads an empty or blank where as no filter', () => {
    expect(sut('')).toBeUndefined();
    expect(sut('  \n')).toBeUndefined();
  });

  it.each<[string, number, RegExp, string[] | null]>([
    ["title = 'abc", 8, /string in single quotes is not closed/, null],
    ["a = 'x' OR b = 'it''s", 15, /not closed/, null],
    ["a == 'x'", 2, /unknown operator ==/, null],
    ["a ~ 'x'", 2, /unknown operator ~/, null],
    ['a BETWEEN 1 AND 2', 2, /unknown operator BETWEEN/, null],
    ["a CONTAINS 'x'", 2, /unknown operator CONTAINS/, null],
    ["a = 'x' b = 'y'", 8, /expected AND, OR, end of input; found "b = 'y'"/, ['AND', 'OR', 'end of input']],
    ["a = 'x')", 7, /found "\)"/, null],
    ["a = 'x' AND", 11, /expected "\(", NOT, a field name; found the end/, null],
    ["a = 'x\0y'", 6, /a NUL byte is not allowed/, null],
    ["a\0 = 'x'", 1, /found a NUL byte/, null],
    ["\0a = 'x'", 0, /found a NUL byte/, null],
    ['a =', 3, /expected .*a value .*; found the end/, null],
    ['a = b', 4, /expected a value \(a string in single quotes, a number, true or false\); found "b"/, null],
    ["a IS 'x'", 5, /expected NOT, NULL/, ['NOT', 'NULL']],
    ["a NOT 'x'", 6, /expected IN, LIKE/, ['IN', 'LIKE']],
    ['a LIKE 5', 7, /expected a string in single quotes; found "5"/, ['a string in single quotes']],
    ['(a = 1', 6, /expected "\)", AND, OR; found the end/, null],
    ["AND = 'x'", 0, /a field name/, null],
    ["a IN ()", 6, /expected a value/, null],
    ['a = 5abc', 4, /expected a value/, null],
    ["a = ’x’", 4, /expected a value/, null],
  ])('%j is refused at offset %i', (where, position, message, expected) => {
    const error = refusal(() => sut(where));
    expect(error.position).toBe(position);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(`at character ${position + 1}`);
    if (expected) expect(error.expected).toEqual(expected);
  });

  it(`refuses nesting deeper than ${MAX_CEQL_DEPTH} and texts longer than ${MAX_CEQL_LENGTH}, before parsing`, () => {
    const nested = (depth: number) => `${'('.repeat(depth)}a = 1${')'.repeat(depth)}`;
    expect(sut(nested(MAX_CEQL_DEPTH))).toEqual(eq('a', 1));
    const deep = refusal(() => sut(nested(MAX_CEQL_DEPTH + 1)));
    expect([deep.position, deep.message]).toEqual([MAX_CEQL_DEPTH, `Invalid where at character ${MAX_CEQL_DEPTH + 1}: nested deeper than ${MAX_CEQL_DEPTH} levels`]);
    // Parentheses inside strings and back-quoted names are text, not nesting.
    expect(sut(`a = '${'('.repeat(100)}'`)).toEqual(eq('a', '('.repeat(100)));
    expect(refusal(() => sut(`a = '${'x'.repeat(MAX_CEQL_LENGTH)}'`)).message).toBe(`where is longer than ${MAX_CEQL_LENGTH} characters`);
    // A long run of NOTs is read in a loop: no stack to exhaust.
    let expected = eq('a', 1);
    for (let i = 0; i < 800; i++) expected = { type: 'not', term: expected };
    expect(sut(`${'NOT '.repeat(800)}a = 1`)).toEqual(expected);
  });
});

describe('parseOrderBy and parseFields', () => {
  it('reads orderBy terms, asc by default', () => {
    expect(parseOrderBy('created desc')).toEqual([{ field: 'created', direction: 'desc' }]);
    expect(parseOrderBy(' title ,created DESC, creator.displayName Asc ')).toEqual([
      { field: 'title', direction: 'asc' },
      { field: 'created', direction: 'desc' },
      { field: 'creator.displayName', direction: 'asc' },
    ]);
  });

  it('refuses a bad orderBy at its position', () => {
    const error = refusal(() => parseOrderBy('created down'));
    expect([error.position, error.expected]).toEqual([8, ['","', 'asc or desc', 'end of input']]);
    expect(refusal(() => parseOrderBy('')).message).toMatch(/^Invalid orderBy at character 1: expected a field name/);
    expect(refusal(() => parseOrderBy('created desc,')).position).toBe(13);
  });

  it('reads fields as a comma list of paths', () => {
    expect(parseFields('id, title,creator.displayName')).toEqual(['id', 'title', 'creator.displayName']);
    expect(refusal(() => parseFields('id title')).position).toBe(3);
    expect(refusal(() => parseFields('id,,title')).message).toMatch(/^Invalid fields at character 4: expected a field name/);
  });
});

describe('the checked-in parser', () => {
  it('is what `npm run ceql:parser` generates from ceql.peggy', () => {
    const root = join(__dirname, '..', '..');
    const script = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['ceql:parser'];
    expect(script).toBe('peggy --format es --allowed-start-rules Where,OrderBy,Fields --output src/ceql/ceql-parser.generated.ts src/ceql/ceql.peggy');
    const grammar = readFileSync(join(__dirname, 'ceql.peggy'), 'utf8');
    const source = generate(grammar, { output: 'source', format: 'es', allowedStartRules: ['Where', 'OrderBy', 'Fields'] });
    expect(readFileSync(join(__dirname, 'ceql-parser.generated.ts'), 'utf8')).toBe(source);
  });
});
