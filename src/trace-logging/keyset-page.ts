/**
 * Newest-first paging by id, as the event list does: a page token names the list it belongs to
 * (its scope) and the last id shown, so a token of one list is refused on another.
 */
export function pageToken(scope: string, lastId: string): string {
  return Buffer.from(JSON.stringify([scope, String(lastId)])).toString('base64url');
}

/** The last id a token of `scope` showed, or undefined when it is not such a token. */
export function pageAfter(token: string, scope: string): string | undefined {
  try {
    const [owner, id] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as [unknown, unknown];
    if (owner === scope && typeof id === 'string' && /^\d{1,19}$/.test(id)) return id;
  } catch {
    // not a token at all
  }
  return undefined;
}

/** One page of `rows` (fetched with one row more than `pageSize`) and the token of the next, if any. */
export function pageOf<Row extends { id: string }>(rows: Row[], pageSize: number, scope: string): { page: Row[]; next?: string } {
  const page = rows.slice(0, pageSize);
  return rows.length > pageSize ? { page, next: pageToken(scope, page[page.length - 1].id) } : { page };
}
