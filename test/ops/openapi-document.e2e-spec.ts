import type { Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { routesOf } from '../../src/app.factory';
import { API, startHub, TestHub } from '../support/hub';
import { connectInstance } from '../support/recipe';

type Json = Record<string, any>;
// @nestjs/swagger's metadata keys (DECORATORS in its dist/constants, which its package does not export).
const EXCLUDE_CONTROLLER = 'swagger/apiExcludeController';
const EXCLUDE_ENDPOINT = 'swagger/apiExcludeEndpoint';
const VERBS = ['get', 'put', 'post', 'delete', 'patch'];
const operations = (doc: Json) =>
  Object.entries(doc.paths as Json).flatMap(([path, item]) => VERBS.filter((verb) => item[verb]).map((verb) => ({ name: `${verb.toUpperCase()} ${path}`, path, op: item[verb] as Json })));
const contents = (body: Json | undefined) => Object.values((body?.content ?? {}) as Json) as Json[];
const refName = (schema: Json | undefined): string | undefined => (schema?.$ref ?? schema?.items?.$ref)?.replace('#/components/schemas/', '');

/** Routes a controller leaves out of the document on purpose (@ApiExcludeController / @ApiExcludeEndpoint), as `METHOD /path/:param`. */
function excludedRoutes(app: NestFastifyApplication): string[] {
  const excluded: string[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (!metatype) continue;
      const wholeController = Reflect.getMetadata(EXCLUDE_CONTROLLER, metatype)?.[0] === true;
      for (const key of Object.getOwnPropertyNames(metatype.prototype)) {
        const handler = (metatype as Type).prototype[key];
        if (key === 'constructor' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        if (!wholeController && !Reflect.getMetadata(EXCLUDE_ENDPOINT, handler)?.disable) continue;
        const path = `/${Reflect.getMetadata(PATH_METADATA, metatype)}/${Reflect.getMetadata(PATH_METADATA, handler)}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
        excluded.push(`${RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number]} ${path}`);
      }
    }
  }
  return excluded;
}

describe('the OpenAPI document', () => {
  let hub: TestHub;
  let doc: Json;

  beforeAll(async () => {
    hub = await startHub();
    doc = (await hub.http().get('/docs-json').expect(200)).body;
  });
  afterAll(() => hub.close());

  it('documents every route it serves, but those left out on purpose (the console pages)', async () => {
    const excluded = excludedRoutes(hub.app);
    expect(excluded).toEqual(expect.arrayContaining(['GET /console/login', 'POST /console/instances/:id/delete']));
    // Fastify `:id` / `*` routes against the document's `{id}` paths; the docs UI itself is not an API route.
    const served = routesOf(hub.app).filter((r) => !r.url.startsWith('/docs'));
    expect(served.length).toBeGreaterThan(20);
    const undocumented = served.filter(({ method, url }) => {
      const path = url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      return !doc.paths[path]?.[method.toLowerCase()] && !excluded.some((route) => route.split(' ')[0] === method && url.endsWith(route.split(' ')[1]));
    });
    expect(undocumented).toEqual([]);
    expect(Object.keys(doc.paths).filter((path) => path.includes('/console'))).toEqual([]);
    const ui = await hub.http().get('/docs').expect(200);
    expect(ui.text).toContain('swagger');
    expect(ui.text).toContain('<title>Element Hub</title>');
  });

  it('gives every operation a summary, a description, its error answers with the error body, schemas and examples', () => {
    const problems: string[] = [];
    for (const { name, op } of operations(doc)) {
      const lacks = (what: string) => problems.push(`${name}: ${what}`);
      if (!op.summary) lacks('summary');
      if (!op.description) lacks('description');
      const takesInput = op.security?.length || op.parameters?.length || op.requestBody;
      const errors = Object.entries(op.responses as Json).filter(([status]) => Number(status) >= 400);
      if (takesInput && !errors.some(([status]) => Number(status) < 500)) lacks('4xx answers');
      for (const [status, response] of errors) {
        if (refName(response.content?.['application/json']?.schema) !== 'HubErrorBody') lacks(`error body on ${status}`);
        if (!response.content?.['application/json']?.example?.message) lacks(`example of ${status}`);
      }
      if (op.requestBody) {
        for (const content of contents(op.requestBody)) {
          if (!content.schema) lacks('request schema');
          if (content.example === undefined && !content.examples) lacks('request example');
        }
      }
      const ok = Object.entries(op.responses as Json).filter(([status]) => /^2/.test(status));
      if (!ok.length) lacks('success answer');
      for (const content of ok.flatMap(([, response]) => contents(response))) {
        if (!content.schema) lacks('response schema');
        if (content.example === undefined) lacks('response example');
      }
    }
    expect(problems).toEqual([]);
    // The 4xx answers a route's guard, parameters and body give, and those a route declares.
    const responses = (verb: string, path: string) => Object.keys(doc.paths[`${API}${path}`][verb].responses).sort();
    expect(responses('post', '/instances')).toEqual(['200', '400', '401', '413', '415', '429']);
    expect(responses('get', '/users/{id}')).toEqual(['200', '400', '401', '403', '404', '429']);
    expect(responses('post', '/users')).toEqual(['200', '400', '401', '403', '409', '413', '415', '429']);
    expect(responses('get', '/instance')).toEqual(['200', '400', '401', '404', '429']);
    expect(responses('post', '/instances/{id}/events/{eventId}/redeliver')).toContain('409');
    expect(doc.paths[`${API}/users/{id}`].get.responses['404'].content['application/json'].example.message).toBe('User 42 not found');
    expect(doc.components.schemas.HubErrorBody.required).toEqual(['requestId', 'message']);
  });

  it("shows the walkthrough's values and Webex's fields on hub operations", () => {
    const create = doc.paths[`${API}/instances`].post;
    expect(create.requestBody.content['application/json'].example).toMatchObject({ element: { key: 'ciscospark' }, configuration: { 'oauth.callback.url': 'http://localhost:3000/callback' } });
    const channel = doc.paths[`${API}/hubs/collaboration/channels/{id}`].get.responses['200'].content['application/json'];
    expect(channel.schema).toEqual({ $ref: '#/components/schemas/WebexRoom' });
    const room = doc.components.schemas.WebexRoom;
    expect(Object.keys(room.properties)).toEqual(expect.arrayContaining(['id', 'title', 'type', 'isLocked', 'teamId', 'created']));
    expect(room.properties.type.enum).toEqual(['direct', 'group']);
    const webex = Object.keys(doc.components.schemas).filter((name) => name.startsWith('Webex'));
    expect(webex).toEqual(expect.arrayContaining(['WebexMessage', 'WebexMembership', 'WebexPerson', 'WebexTeam', 'WebexWebhook', 'WebexLicense', 'WebexRole']));
    expect(JSON.stringify(webex.map((name) => doc.components.schemas[name]))).not.toContain('"nullable"');
    expect(channel.example).toMatchObject({ title: 'Launch', type: 'direct' });
    const post = doc.paths[`${API}/hubs/collaboration/channels/{channelId}/messages`].post.requestBody.content['application/json'];
    expect(post.example).toEqual({ text: 'Hello from the hub' });
    // roomId comes from {channelId}: not asked of the caller.
    expect(Object.keys(post.schema.properties)).toEqual(expect.arrayContaining(['text', 'markdown', 'files']));
    expect(post.schema.properties.roomId).toBeUndefined();
    // Every $ref names a component of the document.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.filter((name) => !doc.components.schemas[name])).toEqual([]);
    // No hub operation is left with a free-form object where Webex has a schema.
    const hubOps = operations(doc).filter(({ path }) => path.startsWith(`${API}/hubs/collaboration/`));
    expect(hubOps.filter(({ op }) => op.responses['200'].content && !refName(op.responses['200'].content['application/json'].schema)).map(({ name }) => name)).toEqual([]);
  });

  it("names package.json's version and describes the credentials without markup", () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    expect(doc.info.version).toBe(version);
    expect(doc.info.title).toBe('Element Hub');
    const scheme = doc.components.securitySchemes.hub;
    expect(scheme.description).toMatch(/User.*Organization.*Element/s);
    expect(scheme.description).not.toMatch(/</);
  });

  it("gives an instance's own document the same schemas, errors and version", async () => {
    const instance = await connectInstance(hub);
    const own = (await hub.http().get(`${API}/instances/${instance.id}/docs`).set('Authorization', hub.auth).expect(200)).body;
    expect(own.info.version).toBe(doc.info.version);
    expect(own.components.securitySchemes.hub.description).toBe(doc.components.securitySchemes.hub.description);
    const get = own.paths['/rooms/{id}'].get;
    expect(get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/WebexRoom' });
    expect(Object.keys(get.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '404', '429']));
    expect(own.components.schemas.WebexRoom).toEqual(doc.components.schemas.WebexRoom);
  });
});
