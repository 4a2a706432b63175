import fc from 'fast-check';
import { PagePosition, walkFiltered, WebexPage } from './ceql-page-walk';

interface Item {
  id: string;
  n: number;
}

/** A Webex list cut into pages of `size`, each named by a cursor URL, as Webex's Link headers do. */
function webex(list: Item[], size: number) {
  const calls: string[] = [];
  const fetch = async (url: string): Promise<WebexPage> => {
    calls.push(url);
    const at = Number(new URL(url).searchParams.get('cursor'));
    const next = at + size < list.length ? `https://webex.test/rooms?cursor=${at + size}` : undefined;
    return { items: list.slice(at, at + size), ...(next && { next }) };
  };
  return { fetch, calls, first: 'https://webex.test/rooms?cursor=0' };
}

const idOf = (item: unknown) => (item as Item).id;
const listOf = (values: number[]): Item[] => values.map((n, i) => ({ id: `i${i}`, n }));

/** Pages through the whole list as a client does, following each next position. */
async function everyPage(list: Item[], webexSize: number, pageSize: number, maxItemsRead: number, matches: (item: Item) => boolean) {
  const upstream = webex(list, webexSize);
  const pages: Item[][] = [];
  let from: PagePosition | undefined = { url: upstream.first, offset: 0 };
  while (from) {
    const page = await walkFiltered({ from, fetch: upstream.fetch, matches: (item) => matches(item as Item), pageSize, maxItemsRead, idOf });
    pages.push(page.items as Item[]);
    from = page.next;
    if (pages.length > 10_000) throw new Error('paging does not end');
  }
  return { pages, calls: upstream.calls.length };
}

describe('walkFiltered', () => {
  it('returns each match exactly once, in order, whatever the page sizes, filter and budget', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 5 }),
        async (values, webexSize, pageSize, maxItemsRead, modulus) => {
          const list = listOf(values);
          const matches = (item: Item) => item.n % modulus === 0;
          const { pages } = await everyPage(list, webexSize, pageSize, maxItemsRead, matches);
          expect(pages.flat().map((item) => item.id)).toEqual(list.filter(matches).map((item) => item.id));
          for (const page of pages) expect(page.length).toBeLessThanOrEqual(pageSize);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('fills a page from several Webex pages, and resumes inside the Webex page it stopped in', async () => {
    const list = listOf([1, 0, 1, 0, 0, 1, 0, 1, 0, 0]);
    const upstream = webex(list, 4);
    const first = await walkFiltered({ from: { url: upstream.first, offset: 0 }, fetch: upstream.fetch, matches: (item) => (item as Item).n === 0, pageSize: 3, maxItemsRead: 100, idOf });
    expect(first).toEqual({ items: [list[1], list[3], list[4]], next: { url: 'https://webex.test/rooms?cursor=4', offset: 1, lastId: 'i4', nextId: 'i5' }, calls: 2 });
    const second = await walkFiltered({ from: first.next!, fetch: upstream.fetch, matches: (item) => (item as Item).n === 0, pageSize: 3, maxItemsRead: 100, idOf });
    expect(second).toEqual({ items: [list[6], list[8], list[9]], calls: 2 });
  });

  it('answers with fewer items and a position when the budget is spent, so one request stays cheap', async () => {
    const list = listOf(Array.from({ length: 50 }, (_, i) => (i === 45 ? 1 : 0)));
    const upstream = webex(list, 10);
    const page = await walkFiltered({ from: { url: upstream.first, offset: 0 }, fetch: upstream.fetch, matches: (item) => (item as Item).n === 1, pageSize: 5, maxItemsRead: 20, idOf });
    expect(page).toEqual({ items: [], next: { url: 'https://webex.test/rooms?cursor=20', offset: 0 }, calls: 2 });
  });

  it('stops at maxCalls too, when Webex hands out empty pages that still have a next one', async () => {
    let served = 0;
    const fetch = async (url: string): Promise<WebexPage> => ({ items: [], next: `${url.split('#')[0]}#${++served}` });
    const page = await walkFiltered({ from: { url: 'https://webex.test/rooms', offset: 0 }, fetch, matches: () => true, pageSize: 5, maxItemsRead: 100, maxCalls: 3, idOf });
    expect(page).toEqual({ items: [], next: { url: 'https://webex.test/rooms#3', offset: 0 }, calls: 3 });
  });

  it('goes on with the item that was next when the last item returned was removed between requests', async () => {
    const list = listOf([0, 0, 0, 0, 0, 0]);
    const from = { url: 'https://webex.test/rooms?cursor=0', offset: 3, lastId: 'i2', nextId: 'i3' };
    const shrunk = webex([list[0], list[1], list[3], list[4], list[5]], 10);
    const page = await walkFiltered({ from, fetch: shrunk.fetch, matches: () => true, pageSize: 10, maxItemsRead: 100, idOf });
    expect((page.items as Item[]).map((item) => item.id)).toEqual(['i3', 'i4', 'i5']);
    // The item that was next went too: after the last one returned.
    const both = webex([list[0], list[1], list[2], list[4], list[5]], 10);
    const after = await walkFiltered({ from, fetch: both.fetch, matches: () => true, pageSize: 10, maxItemsRead: 100, idOf });
    expect((after.items as Item[]).map((item) => item.id)).toEqual(['i4', 'i5']);
  });

  it('goes on after the last item returned when items before it were removed between requests', async () => {
    const list = listOf([0, 0, 0, 0, 0, 0]);
    const from = { url: 'https://webex.test/rooms?cursor=0', offset: 3, lastId: 'i2' };
    const shrunk = webex([list[0], list[2], list[3], list[4], list[5]], 10);
    const page = await walkFiltered({ from, fetch: shrunk.fetch, matches: () => true, pageSize: 10, maxItemsRead: 100, idOf });
    expect((page.items as Item[]).map((item) => item.id)).toEqual(['i3', 'i4', 'i5']);
  });
});
