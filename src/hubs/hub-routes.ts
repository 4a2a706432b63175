import { notFound } from '../common/common.exception';
import { ElementDefinition, HubOperation, ResourceDefinition, WebexFilter, WebexOperation } from '../elements/element.types';
import { webexPathSegment } from '../webex/webex-path';
import { methodNotAllowed } from './hubs.exception';

export type HttpVerb = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The HTTP verb of each hub operation, as Cloud Elements uses them. */
export const VERB_OF: Record<HubOperation, HttpVerb> = { list: 'GET', get: 'GET', create: 'POST', update: 'PUT', patch: 'PATCH', delete: 'DELETE' };

/** One hub operation, compiled once at start: everything a call needs but the values. */
export interface HubRoute {
  resource: ResourceDefinition;
  operation: HubOperation;
  webexMethod: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Webex path split around its `{name}` placeholders: literal, name, literal, ... */
  webexPath: string[];
  /** Webex field -> hub path parameter. */
  bind: [string, string][];
  /** Webex query parameters a caller may set (plain or through `where`), and what Webex does with each. */
  filters: Readonly<Record<string, WebexFilter>>;
  /** The orderBys Webex gives exactly, and the parameters that give them. */
  orders: Readonly<Record<string, Record<string, string>>>;
  merge: boolean;
  idempotent: boolean;
}

export interface RouteMatch {
  route: HubRoute;
  params: Record<string, string>;
}

interface CompiledResource {
  /** Literal segments as strings, parameters as `{ name }`. */
  segments: (string | { name: string })[];
  literals: number;
  byVerb: Map<string, HubRoute>;
  resource: ResourceDefinition;
}

/**
 * The element's resources compiled into a routing table: a hub path is matched segment by segment
 * against the templates of the same length, literal segments winning over parameters.
 */
export class HubRoutes {
  private readonly byLength = new Map<number, CompiledResource[]>();

  constructor(readonly element: ElementDefinition) {
    for (const resource of element.resources) {
      const segments = resource.path.split('/').map((s) => (s.startsWith('{') ? { name: s.slice(1, -1) } : s));
      const byVerb = new Map<string, HubRoute>();
      for (const operation of resource.operations) {
        const mapping = resource.webex[operation];
        if (!mapping) throw new Error(`${element.key} resource ${resource.path}: operation ${operation} has no Webex mapping`);
        byVerb.set(VERB_OF[operation], compileRoute(resource, operation, mapping));
      }
      const compiled = { segments, literals: segments.filter((s) => typeof s === 'string').length, byVerb, resource };
      const list = this.byLength.get(segments.length) ?? [];
      list.push(compiled);
      list.sort((a, b) => b.literals - a.literals);
      this.byLength.set(segments.length, list);
    }
  }

  /** The route of `method path` (path relative to the hub, no leading slash), or 404 / 405. */
  match(method: string, path: string): RouteMatch {
    const parts = path.split('/');
    for (const candidate of this.byLength.get(parts.length) ?? []) {
      const params = matchSegments(candidate.segments, parts);
      if (!params) continue;
      const route = candidate.byVerb.get(method);
      if (!route) throw methodNotAllowed(method, candidate.resource.path, [...candidate.byVerb.keys()]);
      return { route, params };
    }
    throw notFound('Hub resource', path);
  }

  /** The route `match` would answer with, or undefined where it would throw. */
  find(method: string, path: string): HubRoute | undefined {
    try {
      return this.match(method, path).route;
    } catch {
      return undefined;
    }
  }
}

function matchSegments(segments: CompiledResource['segments'], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const part = parts[i];
    if (typeof segment === 'string') {
      if (segment !== part) return undefined;
    } else {
      if (!part) return undefined;
      params[segment.name] = safeDecode(part);
    }
  }
  return params;
}

function safeDecode(part: string): string {
  if (!part.includes('%')) return part;
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function compileRoute(resource: ResourceDefinition, operation: HubOperation, mapping: WebexOperation): HubRoute {
  const [method, path] = mapping.call.split(' ') as [HubRoute['webexMethod'], string];
  const hubParams = new Set(resource.path.match(/\{(\w+)\}/g)?.map((p) => p.slice(1, -1)) ?? []);
  const webexPath = path.split(/\{(\w+)\}/);
  for (let i = 1; i < webexPath.length; i += 2) {
    if (!hubParams.has(webexPath[i])) throw new Error(`${resource.path}: Webex path ${path} names {${webexPath[i]}}, which the hub path lacks`);
  }
  return {
    resource,
    operation,
    webexMethod: method,
    webexPath,
    bind: Object.entries(mapping.bind ?? {}),
    filters: mapping.where ?? {},
    orders: mapping.orders ?? {},
    merge: mapping.merge ?? false,
    idempotent: method !== 'POST',
  };
}

/** The Webex path of a route with the hub path's parameter values filled in (encoded; `.` and `..` refused). */
export function webexPathOf(route: HubRoute, params: Record<string, string>): string {
  if (route.webexPath.length === 1) return route.webexPath[0];
  let out = '';
  for (let i = 0; i < route.webexPath.length; i++) out += i % 2 === 0 ? route.webexPath[i] : webexPathSegment(params[route.webexPath[i]]);
  return out;
}
