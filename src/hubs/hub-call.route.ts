import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { CredentialsGuard } from '../auth/auth.guard';
import { API_PREFIX } from '../config/hub-config';
import { earlyAnswersOf, type EarlyAnswer } from '../http/early-answers';
import type { ApiPathsContributor } from '../openapi/api-document';
import { HubCalls, HubQuery } from './hub-calls.service';
import { addHubPaths } from './hub-openapi';

/** The verbs a hub resource may offer (not TRACE, OPTIONS, ...: no hub operations). */
const HUB_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const HUB_ROUTE = `/${API_PREFIX}/hubs/:hub/*`;
const HUB_URL_START = `/${API_PREFIX}/hubs/`;

/**
 * `/hubs/{hub}/...`: one handler for every hub resource; the element definition decides what a
 * path means, and documents it (`addHubPaths`, which the hub's document asks this route for).
 *
 * The one route served straight from Fastify rather than by a Nest controller: Nest's router,
 * guard and parameter pipes cost a hub call about a sixth of its CPU time (docs/benchmarks.md,
 * Hub proxy). It checks the caller with the same guard code, and what it throws still reaches the
 * hub's exception filter, which Nest installs as Fastify's error handler.
 *
 * A cached read with no query whose caller, instance and answer are all in memory is answered
 * before Fastify (`answerHit`, http/early-answers.ts), with what `handle` would answer: Fastify's
 * own per-request work was most of what a hit cost (docs/cache.md, docs/benchmarks.md, Cache).
 */
@Injectable()
export class HubCallRoute implements OnModuleInit, ApiPathsContributor {
  private maxHubLength = 100;

  constructor(
    private readonly credentials: CredentialsGuard,
    private readonly hubs: HubCalls,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** Registered as the app initializes, after Nest's routes and before the server is ready. */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    fastify.route({ method: HUB_METHODS, url: HUB_ROUTE, handler: this.handle });
    // A `{hub}` longer than the router takes is Fastify's 414, not a hit.
    this.maxHubLength = fastify.initialConfig.maxParamLength ?? 100;
    earlyAnswersOf(fastify).answerWith(this.answerHit);
  }

  addApiPaths(document: OpenAPIObject): void {
    addHubPaths(document, API_PREFIX);
  }

  private readonly handle = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const caller = await this.credentials.check(request.headers.authorization);
    const call = { method: request.method, path: hubPath(request.url), query: (request.query ?? {}) as HubQuery, body: request.body };
    // Once the instance is known, every answer names it, errors included (the filter keeps the header).
    const answer = await this.hubs.call(caller, call, (instance) => void reply.header('elements-element-instance-id', String(instance.id)));
    // Every success is a 200, Webex's 204 included (with an empty body).
    return reply.code(200).headers(answer.headers).send(answer.body);
  };

  /** `handle`'s answer to a plain GET that is a cache hit, when nothing needs waiting for; else undefined (and `handle` answers). */
  private readonly answerHit = (request: IncomingMessage): EarlyAnswer | undefined => {
    const url = request.url!;
    if (!url.startsWith(HUB_URL_START) || url.includes('?') || url.indexOf('/', HUB_URL_START.length) - HUB_URL_START.length > this.maxHubLength) return undefined;
    const caller = this.credentials.known(request.headers.authorization);
    const read = caller && this.hubs.cachedRead(caller, hubPath(url));
    if (!read) return undefined;
    return { route: HUB_ROUTE, headers: ['elements-element-instance-id', String(read.instance.id), ...read.answer.headerList], body: read.answer.body };
  };
}

/** `/elements/api-v2/hubs/{hub}/channels/x?y` -> `channels/x`. */
function hubPath(url: string): string {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  const hubs = path.indexOf('/hubs/');
  const rest = path.indexOf('/', hubs + 6);
  return rest === -1 ? '' : path.slice(rest + 1).replace(/\/+$/, '');
}
