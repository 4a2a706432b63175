import type { BodyReader } from '../api';
import { badRequest } from '../errors';
import type { EmulatorStore } from '../store';

/** Webex's cap on `text`, `markdown` and `html`, in UTF-8 bytes. */
export const MAX_TEXT_BYTES = 7439;

/** Webex's limits on one message, worded after its API reference. */
export const MESSAGE_LIMITS = {
  oneFile: 'Only one file may be included with the message.',
  oneCard: 'Only one card per message is supported.',
  textTooLong: `The maximum message length is ${MAX_TEXT_BYTES} bytes.`,
  fileTooLarge: (maxBytes: number) => `The file exceeds the maximum file size of ${Math.round(maxBytes / 1024 / 1024)} MB.`,
} as const;

const MENTION = /<@(personId|personEmail):([^|>]+)(?:\|([^>]*))?>/g;

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

function mentioned(store: EmulatorStore, kind: string, key: string) {
  return kind === 'personId' ? store.people.get(key) : store.peopleByEmail.get(key.toLowerCase());
}

/** People mentioned as `<@personId:ID|name>` or `<@personEmail:EMAIL|name>` in markdown. */
function mentions(store: EmulatorStore, markdown: string | undefined): string[] | undefined {
  if (!markdown) return undefined;
  const ids = new Set<string>();
  for (const m of markdown.matchAll(MENTION)) {
    const person = mentioned(store, m[1], m[2]);
    if (person) ids.add(person.id);
  }
  return ids.size > 0 ? [...ids] : undefined;
}

/** Markdown as one escaped `<p>`, each known mention as Webex's `<spark-mention>`. */
function html(store: EmulatorStore, markdown: string): string {
  let out = '';
  let at = 0;
  for (const m of markdown.matchAll(MENTION)) {
    out += escapeHtml(markdown.slice(at, m.index));
    const person = mentioned(store, m[1], m[2]);
    const name = escapeHtml(m[3] || person?.displayName || m[2]);
    out += person ? `<spark-mention data-object-type="person" data-object-id="${person.id}">${name}</spark-mention>` : name;
    at = m.index + m[0].length;
  }
  return `<p>${out}${escapeHtml(markdown.slice(at))}</p>`;
}

/** Markdown with each mention as the name it shows (its `|name`, else the person's display name). */
function plainText(store: EmulatorStore, markdown: string): string {
  return markdown.replace(MENTION, (whole, kind: string, key: string, name?: string) => name || mentioned(store, kind, key)?.displayName || whole);
}

function checkedLength(value: string | undefined): string | undefined {
  if (value !== undefined && Buffer.byteLength(value, 'utf8') > MAX_TEXT_BYTES) throw badRequest(MESSAGE_LIMITS.textTooLong);
  return value;
}

/** text, markdown, html and mentionedPeople of a message body, within Webex's length limit. */
export function contentFields(store: EmulatorStore, body: BodyReader) {
  const markdown = checkedLength(body.string('markdown'));
  return {
    text: checkedLength(body.string('text')) ?? (markdown ? plainText(store, markdown) : undefined),
    markdown,
    html: markdown ? html(store, markdown) : undefined,
    mentionedPeople: mentions(store, markdown),
  };
}
