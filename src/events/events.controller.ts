import { applyDecorators, Controller, Get, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Credentials, CredentialsGuard, Creds } from '../auth/auth.guard';
import { notFound } from '../common/common.exception';
import { ParseIdPipe } from '../common/id.pipe';
import { Instance } from '../instances/instance.entity';
import { InstancesService } from '../instances/instances.service';
import { EventOutbox } from './event-outbox';
import { eventView, EventView, EventWebhooksView, ListEventsQuery } from './events.dto';
import { EventsErrorCode, EventsException } from './events.exception';
import { WebhookHealth } from './webhook-health';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The 400 of a route that acts on the instance of the Element token. */
const ByElementToken = () => applyDecorators(ApiBadRequestResponse({ description: 'No instance id given and no Element token in the Authorization header' }));

/**
 * An instance's relayed events: their delivery status, redelivery of failed ones, and the health
 * of its Webex webhooks. Each route has CE's two forms: `/instances/{id}/events…`, and
 * `/instances/events…` for the instance of the Element token.
 */
@ApiTags('events')
@ApiSecurity('hub')
@UseGuards(CredentialsGuard)
@Controller()
export class EventsController {
  constructor(
    private readonly instances: InstancesService,
    private readonly outbox: EventOutbox,
    private readonly health: WebhookHealth,
  ) {}

  /**
   * List an instance's relayed events
   * @remarks Newest first, with their delivery status; `elements-next-page-token` names the next page when there is one.
   */
  @Get('instances/:id/events')
  async list(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number, @Query() query: ListEventsQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<EventView[]> {
    return this.page(await this.instances.find(caller, id), query, reply);
  }

  /**
   * List the relayed events of the Element token's instance
   * @remarks As `GET /instances/{id}/events`, for the instance the Element token names.
   */
  @Get('instances/events')
  @ByElementToken()
  async listByToken(@Creds() caller: Credentials, @Query() query: ListEventsQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<EventView[]> {
    return this.page(await this.instances.find(caller), query, reply);
  }

  /**
   * The health of an instance's Webex webhooks
   * @remarks The webhooks the hub keeps at Webex for the instance and their status at the last check, when that was, and the last registration error (null once a check succeeds). Checked every HUB_WEBHOOK_RECONCILE_MS and on every change of the instance.
   */
  @Get('instances/:id/events/webhooks')
  async webhooks(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number): Promise<EventWebhooksView> {
    return this.health.of((await this.instances.find(caller, id)).id);
  }

  /**
   * The health of the Element token's instance's Webex webhooks
   * @remarks As `GET /instances/{id}/events/webhooks`, for the instance the Element token names.
   */
  @Get('instances/events/webhooks')
  @ByElementToken()
  async webhooksByToken(@Creds() caller: Credentials): Promise<EventWebhooksView> {
    return this.health.of((await this.instances.find(caller)).id);
  }

  /**
   * Get one relayed event
   * @remarks With the Webex body (raw) it was made from.
   */
  @Get('instances/:id/events/:eventId')
  async get(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number, @Param('eventId') eventId: string): Promise<EventView> {
    return eventView(await this.event(await this.instances.find(caller, id), eventId), true);
  }

  /**
   * Get one relayed event of the Element token's instance
   * @remarks As `GET /instances/{id}/events/{eventId}`, for the instance the Element token names.
   */
  @Get('instances/events/:eventId')
  @ByElementToken()
  async getByToken(@Creds() caller: Credentials, @Param('eventId') eventId: string): Promise<EventView> {
    return eventView(await this.event(await this.instances.find(caller), eventId), true);
  }

  /**
   * Redeliver a failed event
   * @remarks Puts a FAILED event back in the queue with a fresh retry schedule; 409 for any other status.
   */
  @HttpCode(200)
  @Post('instances/:id/events/:eventId/redeliver')
  @ApiConflictResponse({ description: 'Event 5b0c2f0e-8a43-4d7c-9a51-6f2e1d3c4b5a is NOTIFIED: only FAILED events can be redelivered' })
  async redeliver(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number, @Param('eventId') eventId: string): Promise<EventView> {
    const instance = await this.instances.find(caller, id);
    const event = await this.event(instance, eventId);
    if (!(await this.outbox.requeue(instance.id, event.id))) throw new EventsException(EventsErrorCode.EVENT_NOT_REDELIVERABLE, `Event ${event.id} is ${event.status}: only FAILED events can be redelivered`);
    return eventView((await this.outbox.find(instance.id, event.id))!);
  }

  private async page(instance: Instance, query: ListEventsQuery, reply: FastifyReply): Promise<EventView[]> {
    const pageSize = query.pageSize ?? 50;
    const events = await this.outbox.list(instance.id, pageSize + 1, query.nextPage ? pageAfter(query.nextPage, instance.id) : undefined, query.status);
    const page = events.slice(0, pageSize);
    if (events.length > pageSize) void reply.header('elements-next-page-token', pageToken(instance.id, page[page.length - 1].seq));
    void reply.header('elements-returned-count', String(page.length));
    return page.map((event) => eventView(event));
  }

  private async event(instance: Instance, eventId: string) {
    const event = UUID.test(eventId) ? await this.outbox.find(instance.id, eventId) : null;
    if (!event) throw notFound('Event', eventId.slice(0, 64));
    return event;
  }
}

function pageToken(instanceId: number, seq: string): string {
  return Buffer.from(JSON.stringify([instanceId, String(seq)])).toString('base64url');
}

function pageAfter(token: string, instanceId: number): string {
  try {
    const [owner, seq] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as [unknown, unknown];
    if (owner === instanceId && /^\d{1,19}$/.test(String(seq))) return String(seq);
  } catch {
    // fall through to the refusal
  }
  throw new EventsException(EventsErrorCode.INVALID_NEXT_PAGE, 'nextPage is not a page token of this instance');
}
