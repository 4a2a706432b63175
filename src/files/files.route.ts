import multipart from '@fastify/multipart';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { CredentialsGuard } from '../auth/auth.guard';
import { notFound } from '../common/common.exception';
import { API_PREFIX, HubConfig } from '../config/hub-config';
import { ElementsService } from '../elements/elements.service';
import { InstanceResolver } from '../instances/instance-resolver';
import { Instance } from '../instances/instance.entity';
import type { ApiPathsContributor } from '../openapi/api-document';
import { countedChunks } from './chunk-collection';
import { FilesErrorCode, FilesException } from './files.exception';
import { addFilesPaths } from './files-openapi';
import { FORM_BODY, formBody } from './form-body';
import { messageForm } from './message-form';
import { fileRoutes, FilesRoutes, hubFileLinks, MessageRoute } from './message-routes';
import { WebexContents } from './webex-contents';

/** Webex's fields a message form is made of, and a few to spare; more is refused (413). */
const MAX_FORM_FIELDS = 32;
/** What a file answer may pass on from Webex's. */
const FILE_HEADERS = ['content-type', 'content-length', 'content-disposition', 'last-modified', 'etag'];

/**
 * Messages with a file, and a message's file read back, through the hub. Served straight from
 * Fastify as the hub call route is, in a plugin of their own so that `multipart/form-data` is
 * parsed (by @fastify/multipart, as a stream) on these routes only. A message form reaches these
 * routes by its content type (`formBody`); a JSON message goes on to the hub call route as before.
 */
@Injectable()
export class FilesRoute implements OnModuleInit, ApiPathsContributor {
  private readonly routes: FilesRoutes;

  constructor(
    private readonly credentials: CredentialsGuard,
    private readonly resolver: InstanceResolver,
    private readonly elements: ElementsService,
    private readonly contents: WebexContents,
    private readonly config: HubConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.routes = fileRoutes(elements.list(), `/${API_PREFIX}`);
  }

  /** Registered as the app initializes; the plugin loads when the server gets ready. */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    if (!fastify.hasConstraintStrategy(formBody.name)) fastify.addConstraintStrategy(formBody);
    void fastify.register(async (scope) => {
      await scope.register(multipart);
      for (const route of this.routes.messages) {
        scope.route({ method: 'POST', url: route.url, constraints: { [formBody.name]: FORM_BODY }, handler: (request, reply) => this.createMessage(route, request, reply) });
      }
      for (const { url, hub } of this.routes.files) {
        // HEAD first and on its own: Fastify would otherwise answer it by running GET, file and all.
        scope.route({ method: 'HEAD', url, handler: (request, reply) => this.readFile(hub, 'HEAD', request, reply) });
        scope.route({ method: 'GET', url, exposeHeadRoute: false, handler: (request, reply) => this.readFile(hub, 'GET', request, reply) });
      }
    });
  }

  addApiPaths(document: OpenAPIObject): void {
    addFilesPaths(document, this.routes);
  }

  private async createMessage(route: MessageRoute, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const instance = await this.instanceOf(route.hub, request, reply);
    const params = request.params as Record<string, string>;
    const bound = Object.fromEntries(Object.entries(route.bind).map(([field, param]) => [field, params[param]]));
    const parts = request.parts({ limits: { fileSize: this.config.HUB_FILE_MAX_BYTES, files: this.config.HUB_FILES_PER_MESSAGE, fieldSize: this.config.HUB_BODY_LIMIT_BYTES, fields: MAX_FORM_FIELDS } });
    const form = messageForm(parts, bound, { maxFileBytes: this.config.HUB_FILE_MAX_BYTES, maxFiles: this.config.HUB_FILES_PER_MESSAGE });
    try {
      const text = await this.contents.createMessage(instance, form);
      return reply.code(200).type('application/json; charset=utf-8').send(hubFileLinks(text, route.filesPath, this.contents.contentIdOf));
    } finally {
      // On a refusal the rest of the caller's body is read and dropped, so its answer reaches it.
      void form.body.return(undefined).catch(() => undefined);
      discardRest(request.raw);
    }
  }

  private async readFile(hub: string, method: 'GET' | 'HEAD', request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const instance = await this.instanceOf(hub, request, reply);
    const { contentId } = request.params as { contentId: string };
    const content = await this.contents.content(instance, method, contentId);
    for (const name of FILE_HEADERS) {
      const value = content.headers[name];
      if (value !== undefined) reply.header(name, value);
    }
    // A caller's file must not run as a page of the hub's origin (the console lives there): always a download.
    const disposition = String(content.headers['content-disposition'] ?? '');
    if (!disposition.toLowerCase().startsWith('attachment')) reply.header('content-disposition', `attachment${disposition.replace(/^[^;]*/, '')}`);
    reply.header('x-content-type-options', 'nosniff').header('content-security-policy', "default-src 'none'; sandbox");
    if (method === 'HEAD') {
      await content.body.dump();
      return reply.code(200).send();
    }
    return reply.code(200).send(Readable.from(countedChunks(content.body), { objectMode: false }));
  }

  /**
   * The instance of the Element token, as a hub call finds it: usable, and of an element of this
   * hub. Once it is known, the answer names it (Elements-Element-Instance-Id), errors included.
   */
  private async instanceOf(hub: string, request: FastifyRequest, reply: FastifyReply): Promise<Instance> {
    const caller = await this.credentials.check(request.headers.authorization);
    if (!caller.elementToken) {
      throw new FilesException(FilesErrorCode.ELEMENT_TOKEN_REQUIRED, 'Files are sent and read through an instance: Authorization: User <secret>, Organization <secret>, Element <token>');
    }
    const instance = await this.resolver.byToken(caller, caller.elementToken);
    reply.header('elements-element-instance-id', String(instance.id));
    this.resolver.assertUsable(instance);
    if (this.elements.get(instance.elementKey).hub !== hub) throw notFound('Hub resource', request.url.split('?')[0]);
    const query = Object.keys((request.query ?? {}) as object);
    if (query.length) throw new FilesException(FilesErrorCode.INVALID_QUERY, `Query parameter ${query[0]} is not supported here`);
    return instance;
  }
}

/** Stops reading a request into the form parser, and reads what is left of it into nothing. */
function discardRest(raw: IncomingMessage): void {
  if (raw.readableEnded) return;
  raw.unpipe();
  raw.resume();
}
