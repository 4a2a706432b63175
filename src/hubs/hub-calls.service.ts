import { Injectable } from '@nestjs/common';
import { Credentials } from '../auth/auth.guard';
import { OrganizationRateLimit } from '../auth/organization-rate-limit';
import { HubCallCache, NO_QUERY } from '../cache/hub-call-cache';
import type { CachedAnswer } from '../cache/response-cache';
import { SecretBox } from '../common/secret-box';
import { MASK } from '../common/secrets';
import { ElementsService } from '../elements/elements.service';
import { configurationReader } from '../instances/instance-configuration';
import { InstanceResolver } from '../instances/instance-resolver';
import { Instance } from '../instances/instance.entity';
import { project } from '../ceql';
import { HubLists, ListSettings } from './hub-lists';
import { HubRoutes, RouteMatch, webexPathOf } from './hub-routes';
import { shape, shapeAnswer } from './hub-response';
import { HubQuery, plainFilters, readFields, single as singleValue } from './list-query';
import { UpstreamCalls } from './upstream-calls';
import { HubsErrorCode, HubsException } from './hubs.exception';

export type { HubQuery } from './list-query';

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
type CallSettings = ListSettings;

const NO_PARAMETERS: ReadonlySet<string> = new Set();
const GET_PARAMETERS: ReadonlySet<string> = new Set(['fields']);

/**
 * A hub call: the instance of the Element token, the route its path matches, the Webex call it
 * maps onto, and the normalized answer (arrays for lists, objects for singles, nulls stripped;
 * lists by HubLists).
 */
@Injectable()
export class HubCalls {
  private readonly routes = new Map<string, HubRoutes>();
  private readonly settings = new WeakMap<object, CallSettings>();

  constructor(
    private readonly elements: ElementsService,
    private readonly resolver: InstanceResolver,
    private readonly upstream: UpstreamCalls,
    private readonly lists: HubLists,
    private readonly box: SecretBox,
    private readonly rateLimit: OrganizationRateLimit,
    private readonly cache: HubCallCache,
  ) {
    for (const element of elements.list()) this.routes.set(element.key, new HubRoutes(element));
  }

  /** `known` hears of the instance as soon as it is found, before anything can refuse the call. */
  async call(caller: Credentials, call: HubCall, known?: (instance: Instance) => void): Promise<HubAnswer> {
    if (!caller.elementToken) {
      throw new HubsException(HubsErrorCode.ELEMENT_TOKEN_REQUIRED, 'Hub calls need the instance token: Authorization: User <secret>, Organization <secret>, Element <token>');
    }
    const instance = await this.resolver.byToken(caller, caller.elementToken);
    known?.(instance);
    this.resolver.assertUsable(instance);
    const match = this.routesOf(instance).match(call.method, call.path);
    const settings = this.settingsOf(instance);
    // The request itself paid for its first Webex call (CredentialsGuard); every further one is charged too.
    const charge = () => this.rateLimit.take(caller.organization.id);
    const answer = () => (match.route.operation === 'list' ? this.lists.list(instance, settings, match, call.path, call.query, charge) : this.single(instance, settings, match, call, charge));
    return this.cache.through(instance, match.route, call, answer);
  }

  /**
   * `GET {path}` with no query, answered from the instance's response cache with nothing to wait
   * for: only when the instance of the caller's Element token, its route and the answer are all
   * held in memory already, else undefined (and `call` answers it, the same). Charges the
   * organization's rate limit as `call` does, once it answers; a 429 is left to `call` too.
   */
  cachedRead(caller: Credentials, path: string): { instance: Instance; answer: CachedAnswer } | undefined {
    const instance = caller.elementToken === undefined ? undefined : this.resolver.known(caller, caller.elementToken);
    const route = instance && this.routes.get(instance.elementKey)?.find('GET', path);
    const answer = route && this.cache.held(instance, route, { path, query: NO_QUERY });
    if (!answer || !this.rateLimit.tryTake(caller.organization.id)) return undefined;
    this.cache.answered();
    return { instance, answer };
  }

  private async single(instance: Instance, settings: CallSettings, { route, params }: RouteMatch, call: HubCall, charge: () => void): Promise<HubAnswer> {
    const reading = route.operation === 'get';
    const query = plainFilters(call.query, route, reading ? GET_PARAMETERS : NO_PARAMETERS);
    const fieldsText = reading ? singleValue(call.query, 'fields') : undefined;
    const fields = fieldsText?.trim() ? readFields(fieldsText, route) : undefined;
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
    if (fields) return { body: project(shape(answer.body, settings.stripNulls, route.resource.secretFields), fields), headers: {} };
    return shapeAnswer(answer, settings.stripNulls, route.resource.secretFields);
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

function jsonObject(body: unknown): Record<string, unknown> | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  if (typeof body !== 'object' || Array.isArray(body)) throw new HubsException(HubsErrorCode.BODY_NOT_OBJECT, 'The body must be a JSON object');
  return body as Record<string, unknown>;
}
