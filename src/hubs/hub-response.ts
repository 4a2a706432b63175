import { MASK } from '../common/secrets';

/** What a hub call answers with: a JSON value, or JSON text passed on as Webex sent it. */
export interface ShapedBody {
  body: unknown;
  headers: Record<string, string>;
}

const JSON_TEXT = { 'content-type': 'application/json; charset=utf-8' };

/**
 * Webex's answer with nulls stripped (`stripNulls`) and the secret fields masked. When neither can
 * change an object (no secret field, and no `null` anywhere in the text or nulls kept), its text
 * goes on as it came: no parse and no serialization on the way through.
 */
export function shapeAnswer(answer: { text: string; body: unknown }, dropNulls: boolean, secretFields: string[] | undefined): ShapedBody {
  const unchanged = answer.text.startsWith('{') && !secretFields?.length && !(dropNulls && answer.text.includes('null'));
  if (unchanged) return { body: answer.text, headers: JSON_TEXT };
  return { body: shape(answer.body, dropNulls, secretFields), headers: {} };
}

/** `value` with nulls stripped (when asked) and the secret fields masked. */
export function shape(value: unknown, dropNulls: boolean, secretFields: string[] | undefined): unknown {
  return maskFields(dropNulls ? stripNulls(value) : value, secretFields);
}

/** Copies `value` without null fields, at any depth (Cloud Elements' `filter.response.nulls`). */
export function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key in value as Record<string, unknown>) {
    const field = (value as Record<string, unknown>)[key];
    if (field !== null) out[key] = stripNulls(field);
  }
  return out;
}

/** Replaces the named top-level fields of an object, or of each object of a list, by `********`. */
export function maskFields(value: unknown, fields: string[] | undefined): unknown {
  if (!fields?.length) return value;
  if (Array.isArray(value)) return value.map((item) => maskFields(item, fields));
  if (value === null || typeof value !== 'object') return value;
  const out = { ...(value as Record<string, unknown>) };
  for (const field of fields) if (field in out) out[field] = MASK;
  return out;
}

const NEXT_LINK = /<([^>]+)>\s*;[^,]*rel="?next"?/i;

/** The `rel="next"` URL of a Webex `Link` header, if any. */
export function nextLink(link: string | string[] | undefined): string | undefined {
  if (!link) return undefined;
  for (const value of Array.isArray(link) ? link : [link]) {
    const match = NEXT_LINK.exec(value);
    if (match) return match[1];
  }
  return undefined;
}

/** The items of a Webex list answer (`{items: [...]}`); anything else is one item. */
export function listItems(body: unknown): unknown[] {
  const items = (body as { items?: unknown } | undefined)?.items;
  if (Array.isArray(items)) return items;
  return body === undefined ? [] : [body];
}
