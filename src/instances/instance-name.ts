/**
 * Cloud Elements keeps no markup in an instance name. The rule is exact rather than a sanitizer's:
 * elements whose content is code (script, style) go whole, comments and tags go, and their text
 * stays as written. `a < b` and `R&D` are no tags and stay, where an HTML sanitizer would
 * re-encode them as `&lt;` and `&amp;` in a name that is shown as text.
 */
const CODE_ELEMENTS = /<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const COMMENTS = /<!--[\s\S]*?(-->|$)/g;
const TAGS = /<\/?[a-z][^<>]*>/gi;

/** The instance name without HTML, its whitespace runs made single spaces, trimmed. */
export function plainName(name: string): string {
  let text = name;
  // Removing one tag can join the halves of another (`<scr<b>ipt>`): repeat until nothing changes.
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text.replace(CODE_ELEMENTS, '').replace(COMMENTS, '').replace(TAGS, '');
  }
  return text.replace(/\s+/g, ' ').trim();
}
