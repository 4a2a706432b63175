import type { FastifyRequest, FastifyReply } from 'fastify';
import { badRequest } from './errors';
import type { Sequenced } from './model';

/** How a list is capped: Webex's default `max` and the largest it honours. */
export interface PageLimits {
  defaultMax: number;
  cap: number;
}

export const DEFAULT_LIMITS: PageLimits = { defaultMax: 100, cap: 1000 };

/** Stable ordering of a list: by `key` then by creation sequence, in one direction. */
export interface Ordering<T> {
  key: (item: T) => number;
  descending: boolean;
}

export const BY_CREATION: Ordering<Sequenced> = { key: (item) => item.seq, descending: false };
export const NEWEST_FIRST: Ordering<Sequenced> = { key: (item) => item.seq, descending: true };

export function readMax(raw: unknown, limits: PageLimits): number {
  if (raw === undefined || raw === '') return limits.defaultMax;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw badRequest('max must be a positive integer');
  return Math.min(value, limits.cap);
}

interface Cursor {
  key: number;
  seq: number;
}

function decodeCursor(raw: unknown): Cursor | undefined {
  if (raw === undefined || raw === '') return undefined;
  const [key, seq] = Buffer.from(String(raw), 'base64url').toString('utf8').split(':').map(Number);
  if (!Number.isFinite(key) || !Number.isFinite(seq)) throw badRequest('Invalid cursor');
  return { key, seq };
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.key}:${cursor.seq}`).toString('base64url');
}

/**
 * One page of `items` after the request's cursor. The cursor names the last item handed out
 * (its sort key and sequence), so items created while a client pages are neither repeated nor
 * skipped: each lands before or after the cursor for good.
 */
export function paginate<T extends Sequenced, R>(
  req: FastifyRequest,
  reply: FastifyReply,
  items: Iterable<T>,
  options: { limits?: PageLimits; ordering?: Ordering<T>; render: (item: T) => R },
): { items: R[] } {
  const query = req.query as Record<string, unknown>;
  const limits = options.limits ?? DEFAULT_LIMITS;
  const ordering = options.ordering ?? (BY_CREATION as Ordering<T>);
  const max = readMax(query.max, limits);
  const cursor = decodeCursor(query.cursor);
  const sign = ordering.descending ? -1 : 1;
  const compare = (a: Cursor, b: Cursor) => sign * (a.key - b.key || a.seq - b.seq);
  const keyed = [...items].map((item) => ({ item, at: { key: ordering.key(item), seq: item.seq } }));
  const after = cursor ? keyed.filter((k) => compare(k.at, cursor) > 0) : keyed;
  after.sort((a, b) => compare(a.at, b.at));
  const pageItems = after.slice(0, max);
  if (after.length > max) reply.header('Link', `<${nextUrl(req, max, pageItems[pageItems.length - 1].at)}>; rel="next"`);
  return { items: pageItems.map((k) => options.render(k.item)) };
}

function nextUrl(req: FastifyRequest, max: number, last: Cursor): string {
  const url = new URL(req.url, `${req.protocol}://${req.headers.host ?? req.hostname}`);
  url.searchParams.set('max', String(max));
  url.searchParams.set('cursor', encodeCursor(last));
  return url.toString();
}
