import { Injectable } from '@nestjs/common';
import { FilteredPage, project, walkFiltered, WebexPage } from '../ceql';
import { Instance } from '../instances/instance.entity';
import { WebexClient } from '../webex/webex.client';
import { RouteMatch, webexPathOf } from './hub-routes';
import { listItems, nextLink, shape } from './hub-response';
import { HubsErrorCode, HubsException } from './hubs.exception';
import { HubQuery, ListPlan, planList, readListRequest } from './list-query';
import { ListPosition, MAX_PAGE, MAX_PAGE_WALK_ITEMS, NextPageToken, PageScope } from './next-page-token';
import { UpstreamCalls } from './upstream-calls';

/** The Webex page size when the hub filters or sorts itself: fewer, larger reads (Webex caps `max` lower on some lists). */
const HUB_WALK_WEBEX_PAGE = 100;

/** What a list reads from the instance's configuration. */
export interface ListSettings {
  maxPageSize: number;
  stripNulls: boolean;
}

export interface ListAnswer {
  body: unknown;
  headers: Record<string, string>;
}

/** One list request in progress: the instance, and what charges each Webex call past the first. */
interface ListCall {
  instance: Instance;
  charge: () => void;
}

/**
 * A hub list call: `where`, `orderBy` and `fields` split between Webex and the hub
 * (docs/cloud-elements-ceql.md), Webex's pages read until the hub page is full, and a next-page
 * token that resumes exactly after the last item returned.
 */
@Injectable()
export class HubLists {
  constructor(
    private readonly upstream: UpstreamCalls,
    private readonly pages: NextPageToken,
    private readonly webex: WebexClient,
  ) {}

  async list(instance: Instance, settings: ListSettings, { route, params }: RouteMatch, path: string, query: HubQuery, charge: () => void): Promise<ListAnswer> {
    const request = readListRequest(query, route, settings.maxPageSize);
    const { page, pageSize } = request;
    if (page !== undefined && page * pageSize > MAX_PAGE_WALK_ITEMS) {
      throw new HubsException(
        HubsErrorCode.INVALID_PAGING,
        `page × pageSize must be at most ${MAX_PAGE_WALK_ITEMS} (page ${page} × pageSize ${pageSize} walks ${page * pageSize} items); page further with nextPage`,
      );
    }
    const asked: PageScope = { instanceId: instance.id, resourcePath: path, where: request.where, orderBy: request.orderBy, filters: request.filters };
    const resumed = request.nextPage !== undefined ? this.pages.follow(request.nextPage, asked) : undefined;
    // A follow-up request may leave the query out: the token carries the one it continues.
    const scope: PageScope = resumed ? { ...asked, where: resumed.where, orderBy: resumed.orderBy, filters: resumed.filters } : asked;
    const plan = planList(route, scope.where, scope.orderBy, scope.filters ?? {});

    const byHub = plan.matches !== undefined || plan.sort !== undefined;
    let from = resumed?.position;
    if (!from) {
      const pushed: Record<string, string> = { ...plan.pushDown };
      for (const [field, param] of route.bind) pushed[field] = params[param];
      pushed.max = String(byHub ? Math.max(pageSize, HUB_WALK_WEBEX_PAGE) : pageSize);
      from = { url: this.webex.url(webexPathOf(route, params), pushed), offset: 0 };
    } else if (!byHub && from.offset === 0 && request.pageSizeGiven) {
      from = { ...from, url: this.webex.url(from.url, { max: String(pageSize) }) };
    }

    const call: ListCall = { instance, charge };
    const { items, next } = plan.sort ? await this.sorted(call, plan, plan.sort, from, request.page, pageSize) : await this.filtered(call, plan, from, request.page, pageSize);
    const headers: Record<string, string> = { 'elements-returned-count': String(items.length) };
    const token = next && this.pages.issue(scope, next);
    if (token) headers['elements-next-page-token'] = token;
    const shaped = shape(items, settings.stripNulls, route.resource.secretFields) as unknown[];
    const fields = request.fields;
    return { body: fields ? shaped.map((item) => project(item, fields)) : shaped, headers };
  }

  /** Webex's order: pages read until this hub page is full (page N: the first N pages' worth, the last kept). */
  private async filtered(call: ListCall, plan: ListPlan, from: ListPosition, page: number | undefined, pageSize: number): Promise<{ items: unknown[]; next?: ListPosition }> {
    const walked = await this.walk(call, plan, from, pageSize * (page ?? 1));
    const skip = pageSize * ((page ?? 1) - 1);
    if (skip > 0 && walked.items.length <= skip && walked.next) {
      throw new HubsException(
        HubsErrorCode.INVALID_PAGING,
        `page ${page} is past what one request may read (${MAX_PAGE_WALK_ITEMS} Webex items, ${MAX_PAGE} Webex calls) with a where the hub checks itself; page there with nextPage`,
      );
    }
    return { items: walked.items.slice(skip), ...(walked.next && { next: walked.next }) };
  }

  /**
   * An order Webex cannot give: the whole list is read (within the same bound, else a 400 naming
   * the orderBy) and sorted; the next page starts after the sort key of the last item returned.
   */
  private async sorted(call: ListCall, plan: ListPlan, sort: NonNullable<ListPlan['sort']>, from: ListPosition, page: number | undefined, pageSize: number): Promise<{ items: unknown[]; next?: ListPosition }> {
    const start: ListPosition = { url: from.url, offset: 0 };
    const walked = await this.walk(call, plan, start, Infinity);
    if (walked.next) {
      const fields = sort.terms.map((term) => term.field).join(', ');
      throw new HubsException(
        HubsErrorCode.INVALID_ORDER_BY,
        `orderBy ${fields}: Webex cannot give this order, and the hub sorts a list itself only up to ${MAX_PAGE_WALK_ITEMS} items (${MAX_PAGE} Webex calls); this one is longer. Narrow it with a where Webex filters, or leave orderBy out`,
      );
    }
    const all = walked.items.sort(sort.compare);
    const after = from.after;
    let first = after ? all.findIndex((item) => sort.compare(item, after) > 0) : pageSize * ((page ?? 1) - 1);
    if (first < 0) first = all.length;
    const items = all.slice(first, first + pageSize);
    if (first + pageSize >= all.length) return { items };
    const keyFields = [...sort.terms.map((term) => term.field), 'id'];
    return { items, next: { ...start, after: project(items[items.length - 1], keyFields) as Record<string, unknown> } };
  }

  private walk(call: ListCall, plan: ListPlan, from: ListPosition, pageSize: number): Promise<FilteredPage> {
    let calls = 0;
    const fetch = async (url: string): Promise<WebexPage> => {
      // The request itself paid for its first Webex call (CredentialsGuard); every further one is charged too.
      if (calls++ > 0) call.charge();
      const answer = await this.upstream.send(call.instance, { method: 'GET', path: url }, true);
      const next = nextLink(answer.headers.link);
      // Webex's next link, only when it points at Webex: the hub never follows a link elsewhere.
      return { items: listItems(answer.body), ...(next && this.webex.isWebexUrl(next) && { next }) };
    };
    return walkFiltered({ from, fetch, matches: plan.matches ?? (() => true), pageSize, maxItemsRead: MAX_PAGE_WALK_ITEMS, maxCalls: MAX_PAGE, idOf });
  }
}

function idOf(item: unknown): string | undefined {
  const id = (item as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
}
