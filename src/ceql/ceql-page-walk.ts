/** One Webex list page: its items and Webex's cursor URL of the next page, if any. */
export interface WebexPage {
  items: unknown[];
  next?: string;
}

/**
 * Where a hub page starts: a Webex page (by its cursor URL) and how many of its items earlier hub
 * pages already went through, with the id of the last of them and of the item after it. A
 * next-page token seals this.
 */
export interface PagePosition {
  url: string;
  offset: number;
  lastId?: string;
  nextId?: string;
}

export interface PageWalk {
  /** Where to start: the first Webex URL with offset 0, or the position a token sealed. */
  from: PagePosition;
  fetch: (url: string) => Promise<WebexPage>;
  /** The residual where, evaluated on each item. */
  matches: (item: unknown) => boolean;
  pageSize: number;
  /** Items this one hub page may read before it answers with what it has. */
  maxItemsRead: number;
  /** Webex calls it may make, likewise (a Webex page may be empty and still have a next one). */
  maxCalls?: number;
  idOf?: (item: unknown) => string | undefined;
}

export interface FilteredPage {
  items: unknown[];
  /** Where the next hub page starts; absent when Webex has no more. */
  next?: PagePosition;
  /** Webex calls made, for the organization's rate limit. */
  calls: number;
}

/**
 * One hub page of a list filtered in the hub: reads Webex pages from `from` until it has
 * `pageSize` matches, Webex has no more, or `maxItemsRead` items were read (or `maxCalls` made); returns them and the
 * position right after the last item read. Following the positions from the first page returns
 * each match exactly once, in Webex's order, however Webex's pages and the hub's fall.
 */
export async function walkFiltered(walk: PageWalk): Promise<FilteredPage> {
  const items: unknown[] = [];
  let { url } = walk.from;
  let start: PagePosition | undefined = walk.from;
  let read = 0;
  let calls = 0;
  for (;;) {
    const page = await walk.fetch(url);
    calls++;
    for (let i = start ? resumeAt(page.items, start, walk.idOf) : 0; i < page.items.length; i++) {
      const item = page.items[i];
      read++;
      if (!walk.matches(item)) continue;
      items.push(item);
      if (items.length < walk.pageSize) continue;
      if (i + 1 < page.items.length) return { items, next: { url, offset: i + 1, lastId: walk.idOf?.(item), nextId: walk.idOf?.(page.items[i + 1]) }, calls };
      return { items, ...(page.next && { next: { url: page.next, offset: 0 } }), calls };
    }
    if (!page.next) return { items, calls };
    url = page.next;
    start = undefined;
    if (read >= walk.maxItemsRead || calls >= (walk.maxCalls ?? Infinity)) return { items, next: { url, offset: 0 }, calls };
  }
}

/**
 * The index to go on from in a Webex page read again, when items came or went meanwhile: the item
 * that was next, or else the one after the last item returned, found by id; else the count.
 */
function resumeAt(items: unknown[], from: PagePosition, idOf: PageWalk['idOf']): number {
  if (idOf) {
    const next = from.nextId === undefined ? -1 : items.findIndex((item) => idOf(item) === from.nextId);
    if (next >= 0) return next;
    const last = from.lastId === undefined ? -1 : items.findIndex((item) => idOf(item) === from.lastId);
    if (last >= 0) return last + 1;
  }
  return Math.min(from.offset, items.length);
}
