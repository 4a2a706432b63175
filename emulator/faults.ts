import { badRequest } from './errors';

/** A failure to inject into the next `count` matching API calls. */
export interface FaultSpec {
  /** Any method when absent. */
  method?: string;
  /**
   * `/rooms/{id}` (a route template, `{id}` for any id), `/rooms/Y2lz...` (one exact path) or
   * `/rooms*` (a prefix). A leading `/v1` is optional.
   */
  path: string;
  /** Answer this status (with a Webex error body) instead of the real response. */
  status?: number;
  /** How many matching calls get the fault; default 1. */
  count?: number;
  /** Seconds, sent as `Retry-After`. */
  retryAfter?: number;
  /** Wait this long first; without `status` and `drop` the real response follows. */
  delayMs?: number;
  /** Destroy the connection without answering. */
  drop?: boolean;
}

interface ActiveFault extends FaultSpec {
  remaining: number;
}

const stripVersion = (path: string): string => (path.startsWith('/v1/') || path === '/v1' ? path.slice(3) : path);

export class FaultRegistry {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    if (!spec || typeof spec.path !== 'string' || !spec.path.startsWith('/')) throw badRequest('path is required and must start with /');
    if (spec.status === undefined && spec.delayMs === undefined && !spec.drop) throw badRequest('one of status, delayMs or drop is required');
    if (spec.status !== undefined && (!Number.isInteger(spec.status) || spec.status < 100 || spec.status > 599)) throw badRequest('status must be an HTTP status');
    const count = spec.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw badRequest('count must be a positive integer');
    this.faults.push({ ...spec, path: stripVersion(spec.path), method: spec.method?.toUpperCase(), remaining: count });
  }

  clear(): void {
    this.faults = [];
  }

  get size(): number {
    return this.faults.length;
  }

  /** Claims one use of the first fault matching the call (template and path without `/v1`). */
  take(method: string, template: string, path: string): FaultSpec | undefined {
    const fault = this.faults.find((f) => (!f.method || f.method === method) && matches(f.path, template, path));
    if (!fault) return undefined;
    if (--fault.remaining === 0) this.faults.splice(this.faults.indexOf(fault), 1);
    return fault;
  }
}

function matches(pattern: string, template: string, path: string): boolean {
  if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1));
  return pattern === template || pattern === path;
}

export { stripVersion };
