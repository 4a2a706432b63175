import { Injectable } from '@nestjs/common';
import { Credentials } from '../auth/auth.guard';
import { OrganizationRateLimit } from '../auth/organization-rate-limit';
import { SecretBox } from '../common/secret-box';
import { MASK } from '../common/secrets';
import { ElementsService } from '../elements/elements.service';
import { configurationReader } from '../instances/instance-configuration';
import { InstanceResolver } from '../instances/instance-resolver';
import { Instance } from '../instances/instance.entity';
import { WebexClient } from '../webex/webex.client';
import { HubRoute, HubRoutes, RouteMatch, webexPathOf } from './hub-routes';
import { listItems, nextLink, shape, shapeAnswer } from './hub-response';
import { MAX_PAGE, MAX_PAGE_WALK_ITEMS, NextPageToken, PageScope } from './next-page-token';
import { UpstreamCalls } from './upstream-calls';
import { parseWhere } from './where-clause';
import { HubsErrorCode, HubsException } from './hubs.exception';

export type HubQuery = Record<string, string | string[] | undefined>;

export interface HubCall {
  method: string;
  /** The path under `/hubs/{hub}/`, without query string or leading slash. */
  path: string;
  query: HubQuery;
  body: unknown;
}

export interface HubAnswer {
  body: unknown;
  headers: Record<string, string>;
}

/** What a hub call reads from an instance's configuration, parsed once per configuration. */
interface CallSettings {
  maxPageSize: number;
  stripNulls: boolean;
}

const PAGING_PARAMETERS = new Set(['pageSize', 'nextPage', 'page', 'where']);

/**
 * A hub call: the instance of the Element token, the route its path matches, the Webex call it
 * maps onto, and the normalized answer (arrays for lists, objects for singles, nulls stripped,
 * cursor paging through sealed next-page tokens).
 */
@Injectable()
export class HubCalls {
  private readonly routes = new Map<string, HubRoutes>();
  private readonly settings = new WeakMap<object, CallSettings>();

  constructor(
    private readonly elements: ElementsService,
    private readonly resolver: InstanceResolver,
    private readonly upstream: UpstreamCalls,
    private readonly pages: NextPageToken,
    private readonly webex: WebexClient,
    private readonly box: SecretBox,
    private readonly rateLimit: OrganizationRateLimit,
  ) {
    for (const element of elements.list()) this.routes.set(element.key, new HubRoutes(element));
  }

  async call(caller: Credentials, call: HubCall): Promise<HubAnswer> {
    if (!caller.elementToken) {
      throw new HubsException(HubsErrorCode.ELEMENT_TOKEN_REQUIRED, 'Hub calls need the instance token: Authorization: User <secret>, Organization <secret>, Element <token>');
    }
    const instance = await this.resolver.byToken(caller, caller.elementToken);
    this.resolver.assertUsable(instance);
    const match = this.routesOf(instance).match(call.method, call.path);
    const settings = this.settingsOf(instance);
    // The request itself paid for its first Webex call (CredentialsGuard); every further one is charged too.
    const charge = () => this.rateLimit.take(caller.organization.id);
    if (match.route.operation === 'list') return this.list(instance, settings, match, call, charge);
    return this.single(instance, settings, match, call, charge);
  }

  private async single(instance: Instance, settings: CallSettings, { route, params }: RouteMatch, call: HubCall, charge: () => void): Promise<HubAnswer> {
    const query = plainQuery(call.query, route, new Set());
    const path = webexPathOf(route, params);
    let body: Record<string, unknown> | undefined;
    if (route.webexMethod === 'POST' || route.webexMethod === 'PUT') {
      body = { ...jsonObject(call.body) };
      // A secret as an answer shows it (`********`) means "keep it": Webex keeps a field a write leaves out.
      for (const field of route.resource.secretFields ?? []) if (body[field] === MASK) delete body[field];
      for (const [field, param] of route.bind) body[field] = params[param];
      if (route.merge) {
        const current = await this.upstream.send<Record<string, unknown>>(instance, { method: 'GET', path }, true);
        body = { ...current.body, ...body };
        charge();
      }
    } else {
      for (const [field, param] of route.bind) query[field] = params[param];
    }
    const answer = await this.upstream.send(instance, { method: route.webexMethod, path, query, body }, route.idempotent);
    return shapeAnswer(answer, settings.stripNulls, route.resource.secretFields);
  }

  private async list(instance: Instance, settings: CallSettings, { route, params }: RouteMatch, call: HubCall, charge: () => void): Promise<HubAnswer> {
    const where = single(call.query, 'where');
    const nextPage = single(call.query, 'nextPage');
    const page = pageNumber(single(call.query, 'page'));
    const pageSize = pageSizeOf(single(call.query, 'pageSize'), settings.maxPageSize);
    if (nextPage !== undefined && page !== undefined) throw new HubsException(HubsErrorCode.INVALID_PAGING, 'Give page or nextPage, not both');
    if (page !== undefined && page * pageSize.value > MAX_PAGE_WALK_ITEMS) {
      throw new HubsException(
        HubsErrorCode.INVALID_PAGING,
        `page × pageSize must be at most ${MAX_PAGE_WALK_ITEMS} (page ${page} × pageSize ${pageSize.value} walks ${page * pageSize.value} items); page further with nextPage`,
      );
    }
    const scope: PageScope = { instanceId: instance.id, resourcePath: call.path, where: where?.trim() };

    let url: string;
    let query: Record<string, string>;
    if (nextPage !== undefined) {
      plainQuery(call.query, route, PAGING_PARAMETERS); // still refuse what the hub would not honour
      url = this.pages.follow(nextPage, scope);
      query = pageSize.given ? { max: String(pageSize.value) } : {};
    } else {
      url = webexPathOf(route, params);
      query = { ...plainQuery(call.query, route, PAGING_PARAMETERS), ...(where ? parseWhere(where, route.where, route.resource.path) : {}) };
      for (const [field, param] of route.bind) query[field] = params[param];
      query.max = String(pageSize.value);
    }

    let answer = await this.upstream.send(instance, { method: 'GET', path: url, query }, true);
    for (let n = 1; n < (page ?? 1); n++) {
      const next = this.followable(answer.headers.link);
      if (!next) return this.listAnswer([], undefined, settings, route);
      charge();
      answer = await this.upstream.send(instance, { method: 'GET', path: next }, true);
    }
    const next = this.followable(answer.headers.link);
    const token = next ? this.pages.issue(scope, next) : undefined;
    return this.listAnswer(listItems(answer.body), token, settings, route);
  }

  private listAnswer(items: unknown[], token: string | undefined, settings: CallSettings, route: HubRoute): HubAnswer {
    const headers: Record<string, string> = { 'elements-returned-count': String(items.length) };
    if (token) headers['elements-next-page-token'] = token;
    return { body: shape(items, settings.stripNulls, route.resource.secretFields), headers };
  }

  /** Webex's next link, only when it points at Webex: the hub never follows a link elsewhere. */
  private followable(link: string | string[] | undefined): string | undefined {
    const next = nextLink(link);
    return next && this.webex.isWebexUrl(next) ? next : undefined;
  }

  private routesOf(instance: Instance): HubRoutes {
    const routes = this.routes.get(instance.elementKey);
    if (!routes) throw new HubsException(HubsErrorCode.NO_HUB_RESOURCES, `Element ${instance.elementKey} has no hub resources`);
    return routes;
  }

  private settingsOf(instance: Instance): CallSettings {
    const key = instance.configuration ?? instance;
    let settings = this.settings.get(key);
    if (!settings) {
      const element = this.elements.get(instance.elementKey);
      const read = configurationReader(element, instance, this.box);
      const max = Number(read('pagination.max'));
      settings = { maxPageSize: Number.isInteger(max) && max > 0 ? max : 100, stripNulls: read('filter.response.nulls') !== 'false' };
      this.settings.set(key, settings);
    }
    return settings;
  }
}

function single(query: HubQuery, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) throw new HubsException(HubsErrorCode.INVALID_QUERY, `${name} is given more than once`);
  return value;
}

/**
 * Query parameters passed to Webex as they are: those the resource lets a caller search on (the
 * same names `where` accepts). Any other is a 400 rather than silently dropped.
 */
function plainQuery(query: HubQuery, route: HubRoute, paging: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in query) {
    if (paging.has(name)) continue;
    if (!route.where.has(name)) {
      const accepted = [...paging, ...route.where];
      throw new HubsException(HubsErrorCode.INVALID_QUERY, `Query parameter ${name} is not supported on ${route.resource.path}${accepted.length ? `; accepted: ${accepted.join(', ')}` : ''}`);
    }
    const value = single(query, name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function pageSizeOf(raw: string | undefined, max: number): { value: number; given: boolean } {
  if (raw === undefined || raw === '') return { value: max, given: false };
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new HubsException(HubsErrorCode.INVALID_PAGING, 'pageSize must be a positive integer');
  return { value: Math.min(value, max), given: true };
}

function pageNumber(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE) throw new HubsException(HubsErrorCode.INVALID_PAGING, `page must be an integer from 1 to ${MAX_PAGE} (and page × pageSize at most ${MAX_PAGE_WALK_ITEMS}); page further with nextPage`);
  return value;
}

function jsonObject(body: unknown): Record<string, unknown> | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  if (typeof body !== 'object' || Array.isArray(body)) throw new HubsException(HubsErrorCode.BODY_NOT_OBJECT, 'The body must be a JSON object');
  return body as Record<string, unknown>;
}
