import type { ApiRoute } from './api';

/** Which methods each known path answers, so a wrong method gets Webex's 405 rather than a 404. */
export class AllowedMethods {
  private readonly paths: Array<{ pattern: RegExp; methods: Set<string> }> = [];

  constructor(routes: readonly ApiRoute[], prefix = '/v1') {
    for (const route of routes) {
      const source = `^${prefix}${route.path.replace(/\{\w+\}/g, '[^/]+')}/?$`;
      let entry = this.paths.find((p) => p.pattern.source === source);
      if (!entry) this.paths.push((entry = { pattern: new RegExp(source), methods: new Set() }));
      entry.methods.add(route.method);
      if (route.method === 'GET') entry.methods.add('HEAD');
    }
  }

  /** The `Allow` header value for a path, or undefined when no route knows the path. */
  allow(url: string): string | undefined {
    const path = url.split('?')[0];
    const methods = new Set(this.paths.filter((p) => p.pattern.test(path)).flatMap((p) => [...p.methods]));
    return methods.size > 0 ? [...methods].join(', ') : undefined;
  }
}
