import fc from 'fast-check';
import { Operation, Schema } from './operations';


/** A value the world resolves when the request is sent: the n-th known id of a kind, or a literal. */
export type Slot = { pool: number } | { literal: string };

export type BodyPlan =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  /** A JSON object with one string field of `size` characters (past the body limit or near it). */
  | { kind: 'huge'; field: string; size: number }
  | { kind: 'raw'; contentType: string | null; text: string };

export type AuthPlan = 'valid' | 'valid+element' | 'none' | 'garbage' | 'wrong-user' | 'element-only' | 'console';

export interface RequestPlan {
  operation: number;
  path: Slot[];
  query: [string, Slot][];
  auth: AuthPlan;
  body: BodyPlan;
  headers: [string, string][];
}

/** Strings that break naive code: control and bidi characters, surrogates, injections, traversal. */
export const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0000'.repeat(3),
  '\u202e\u0041\u0042',
  '\u200f\u05e9\u05dc\u05d5\u05dd\u200e',
  '\u061c\u2067x\u2069',
  '\ufeff',
  '\ud800',
  'a\udc00',
  '\udfff\ud800',
  '💩\ud83d',
  'e\u0301\u0302\u0303\u0304\u0305',
  '\u0300'.repeat(200),
  '.',
  '..',
  '...',
  '%2e',
  '%2e%2e',
  '.%2E',
  '💩'.repeat(20),
  '𝕳𝖚𝖇',
  'ﷺ',
  'Z̷̧̛̠̜a̵l̸g̷o̸',
  "' OR '1'='1",
  "'; DROP TABLE instance; --",
  '../../../../etc/passwd',
  '..%2f..%2f',
  '%00',
  '%',
  '%zz',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  'a\r\nX-Injected: 1',
  '__proto__',
  'constructor',
  'prototype',
  'null',
  'undefined',
  'NaN',
  'true',
  '[]',
  '{}',
  '-0',
  '1e309',
  '0x1f',
  '١٢٣',
  'x'.repeat(5000),
  'é'.repeat(70_000),
  '\u200f'.repeat(10_000),
];

export const NUMBER_EDGES = [0, -1, 1, -0, 0.5, 2 ** 31, 2 ** 31 - 1, -(2 ** 31), 2 ** 53 + 1, -(2 ** 53), 1e308, -1e308, Number.MIN_VALUE];
const ID_EDGES = ['0', '-1', '1.5', '2147483648', '9007199254740993', '99999999999999999999', '1e3', '0x10', ' 1', '+1', '01', 'abc', 'null', '%20', '%2F', '.', '..', '%2e', '%2e%2e', '%2E.', '\u0000', '\ud800'];

const oddString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...ODD_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
);
const anyScalar = fc.oneof(oddString, fc.constantFrom(...NUMBER_EDGES), fc.boolean(), fc.constant(null), fc.integer());
const anyJson = fc.oneof(
  { weight: 3, arbitrary: anyScalar },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.array(anyScalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(oddString, anyScalar, { maxKeys: 4 }) },
);

/** A value that fits the schema (mostly), bounds included. */
function valid(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return anyScalar;
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (Array.isArray(alternatives)) return fc.oneof(...alternatives.map((s: Schema) => valid(s, depth + 1)));
  switch (schema.type) {
    case 'string': {
      if (schema.format === 'email') return fc.emailAddress();
      const min = schema.minLength ?? 0;
      const max = Math.min(schema.maxLength ?? 40, 400);
      return fc.oneof(
        { weight: 6, arbitrary: fc.oneof(fc.string({ minLength: min, maxLength: Math.max(min, Math.min(max, 40)) }), fc.constant('a'.repeat(max)), fc.constant('é'.repeat(Math.max(min, 1)))) },
        // Odd text where a string belongs: NUL, lone surrogates, bidi and combining marks, dots.
        { weight: 1, arbitrary: oddString },
      );
    }
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? -5;
      const max = schema.maximum ?? 1000;
      return fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max));
    }
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(valid(schema.items, depth + 1), { maxLength: Math.min(schema.maxItems ?? 4, 4) });
    case 'object':
    default: {
      const properties: Record<string, Schema> = schema.properties ?? {};
      const required: string[] = schema.required ?? [];
      const known = Object.keys(properties).length
        ? fc.record(
            Object.fromEntries(Object.entries(properties).map(([name, s]) => [name, valid(s, depth + 1)])),
            { requiredKeys: required.filter((name) => name in properties) },
          )
        : fc.constant({});
      const extra = schema.additionalProperties ? fc.dictionary(fc.oneof({ weight: 4, arbitrary: fc.string({ maxLength: 12 }) }, { weight: 1, arbitrary: oddString }), valid(typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined, depth + 1), { maxKeys: 3 }) : fc.constant({});
      return fc.tuple(known, extra).map(([a, b]) => ({ ...b, ...a }));
    }
  }
}

/** A valid value, then one thing wrong with it: a field missing, of the wrong type, at a bound past the limit, or one too many. */
function mutated(schema: Schema | undefined): fc.Arbitrary<unknown> {
  return fc.tuple(valid(schema), fc.nat(), fc.oneof(anyJson, fc.constantFrom('__proto__', 'constructor')), fc.integer({ min: 0, max: 4 })).map(([value, n, wrong, how]) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return wrong;
    const copy: Record<string, unknown> = JSON.parse(JSON.stringify(value));
    const keys = Object.keys(schema?.properties ?? copy);
    const key = keys.length ? keys[n % keys.length] : 'field';
    if (how === 0) delete copy[key];
    else if (how === 1) copy[key] = wrong;
    else if (how === 2) copy[`extra_${n % 7}`] = wrong;
    else if (how === 3) copy[key] = 'x'.repeat((schema?.properties?.[key]?.maxLength ?? 200) + 1);
    else copy[key] = { nested: { deeper: [wrong] } };
    return copy;
  });
}

const RAW_BODIES: [string | null, string][] = [
  ['application/json', '{"a": '],
  ['application/json', '{"name": "x",}'],
  ['application/json', ''],
  ['application/json', 'null'],
  ['application/json', '"just a string"'],
  ['application/json', '[1,2,3]'],
  ['application/json', '{"__proto__": {"polluted": true}}'],
  ['application/json', '{"constructor": {"prototype": {"polluted": true}}}'],
  ['application/json', '\u0000\u0001'],
  ['application/json; charset=utf-16', '{"a":1}'],
  ['application/json', '{"a":'.repeat(2000)],
  ['application/json', '['.repeat(5000) + ']'.repeat(5000)],
  ['text/plain', 'hello'],
  ['application/xml', '<a><b>1</b></a>'],
  ['application/x-www-form-urlencoded', 'a=1&b=%zz&c'],
  ['application/x-www-form-urlencoded', 'name=x&tags=a&tags=b&_csrf='],
  ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--'],
  ['multipart/form-data', 'garbage'],
  ['application/octet-stream', '\u00ff\u00fe\u0000'],
  ['image/png', 'not a png'],
  [null, '{"a":1}'],
  ['', '{"a":1}'],
  ['application/json', '{"a":1}{"b":2}'],
];

function bodyPlan(op: Operation): fc.Arbitrary<BodyPlan> {
  const takesBody = op.body !== undefined;
  const field = fc.constantFrom(...Object.keys(op.body?.properties ?? { field: 1 }));
  return fc.oneof(
    { weight: takesBody ? 4 : 10, arbitrary: fc.constant({ kind: 'none' as const }) },
    { weight: takesBody ? 8 : 1, arbitrary: valid(op.body).map((value) => ({ kind: 'json' as const, value })) },
    { weight: takesBody ? 8 : 1, arbitrary: mutated(op.body).map((value) => ({ kind: 'json' as const, value })) },
    { weight: 2, arbitrary: anyJson.map((value) => ({ kind: 'json' as const, value })) },
    { weight: 1, arbitrary: fc.tuple(field, fc.constantFrom(1024, 4000, 2 * 1024 * 1024)).map(([f, size]) => ({ kind: 'huge' as const, field: f, size })) },
    { weight: 3, arbitrary: fc.constantFrom(...RAW_BODIES).map(([contentType, text]) => ({ kind: 'raw' as const, contentType, text })) },
  );
}

const headerName = fc.stringMatching(/^x-[a-z0-9-]{1,20}$/);
const headerValue = fc.oneof(fc.string({ unit: 'grapheme-ascii', maxLength: 60 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')), fc.constantFrom('', ' ', 'x'.repeat(8000)));
const ODD_HEADERS: [string, string][] = [
  ['accept', 'application/xml'],
  ['accept', '*/*;q=abc'],
  ['accept-encoding', 'gzip, br, zstd, x'],
  ['content-encoding', 'gzip'],
  ['elements-request-id', 'spoofed'],
  ['x-forwarded-for', 'not an ip, ::ffff:1.2.3.4, ' + '1.1.1.1,'.repeat(50)],
  ['x-forwarded-host', 'evil.example'],
  ['x-forwarded-proto', 'gopher'],
  ['cookie', 'hub_console=forged; hub_console_login=x'],
  ['cookie', '=;=;;'],
  ['x-csrf-token', 'forged'],
  ['if-none-match', '*'],
  ['range', 'bytes=0-1,5-'],
];

const slotFor = fc.oneof(
  { weight: 12, arbitrary: fc.nat().map((pool) => ({ pool }) as Slot) },
  { weight: 2, arbitrary: fc.constantFrom(...ID_EDGES).map((literal) => ({ literal }) as Slot) },
  { weight: 2, arbitrary: oddString.map((literal) => ({ literal }) as Slot) },
);

/** Absent three times in four: a list route has many optional parameters and each may be invalid. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });

function querySlot(schema: Schema): fc.Arbitrary<Slot> {
  return fc.oneof(
    { weight: 6, arbitrary: valid(schema).map((v) => ({ literal: typeof v === 'string' ? v : JSON.stringify(v) }) as Slot) },
    { weight: 2, arbitrary: fc.nat().map((pool) => ({ pool }) as Slot) },
    { weight: 2, arbitrary: fc.oneof(oddString, fc.constantFrom(...ID_EDGES)).map((literal) => ({ literal }) as Slot) },
  );
}

/** One request for the operation: mostly valid credentials so it gets past the guard, everything else arbitrary. */
export function requestPlan(operations: Operation[], index: number): fc.Arbitrary<RequestPlan> {
  const op = operations[index];
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const query = fc
    .tuple(
      fc.tuple(...queryParams.map((p) => sometimes(querySlot(p.schema).map((slot) => [p.name, slot] as [string, Slot])))),
      fc.oneof(
        { weight: 4, arbitrary: fc.constant([]) },
        { weight: 1, arbitrary: fc.array(fc.tuple(fc.oneof(fc.constantFrom('where', 'pageSize', 'nextPage', 'tags[]', 'done', 'state'), fc.string({ maxLength: 10 })), querySlot({ type: 'string' })), { maxLength: 3 }) },
      ),
    )
    .map(([known, extra]) => [...known.filter((q): q is [string, Slot] => q !== null), ...extra]);
  return fc.record({
    operation: fc.constant(index),
    path: fc.tuple(...pathParams.map(() => slotFor)),
    query,
    auth: fc.oneof(
      { weight: 20, arbitrary: fc.constant<AuthPlan>('valid+element') },
      { weight: 6, arbitrary: fc.constant<AuthPlan>('valid') },
      { weight: 3, arbitrary: fc.constant<AuthPlan>('console') },
      { weight: 1, arbitrary: fc.constantFrom<AuthPlan>('none', 'garbage', 'wrong-user', 'element-only') },
    ),
    body: bodyPlan(op),
    headers: fc.array(fc.oneof(fc.tuple(headerName, headerValue), fc.constantFrom(...ODD_HEADERS)), { maxLength: 3 }),
  });
}

/** Requests spread evenly over the operations (each operation gets its share whatever its weight in the document). */
export function requestPlans(operations: Operation[]): fc.Arbitrary<RequestPlan> {
  return fc.nat({ max: operations.length - 1 }).chain((index) => requestPlan(operations, index));
}
