import { Controller, Headers, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiServiceUnavailableResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ElementsService } from '../elements/elements.service';
import { EventDispatcher } from './event-dispatcher';
import { EventInbox } from './event-inbox';

/** Where Webex posts webhook deliveries. No hub credentials: the `X-Spark-Signature` is the proof. */
@ApiTags('events')
@Controller('events')
export class EventInboxController {
  constructor(
    private readonly inbox: EventInbox,
    private readonly dispatcher: EventDispatcher,
    private readonly elements: ElementsService,
  ) {}

  @HttpCode(200)
  @Post(':element/:key')
  @ApiOperation({
    summary: 'Webex webhook target: stores a signed delivery for relay (called by Webex, not by applications)',
    description: 'The hub registers this URL with Webex for instances with events enabled; the delivery is stored before Webex gets its 200, then relayed to the instance callback. A repeated delivery is acknowledged and not stored again.',
  })
  @ApiBody({
    description: "Webex's webhook delivery",
    schema: { type: 'object', additionalProperties: true },
    examples: {
      message: {
        summary: 'A message was created',
        value: {
          id: 'Y2lzY29zcGFyazovL3VzL1dFQkhPT0svOTZhYmMyYWEtM2RjYy0xMWU1LWExNTItZmUzNDgxOWNkYzlh',
          name: 'Element Hub ciscospark 1',
          resource: 'messages',
          event: 'created',
          data: { id: 'Y2lzY29zcGFyazovL3VzL01FU1NBR0UvOTJkYjNiZTAtNDNiZC0xMWU2LThhZTktZGQ1YjNkZmM1NjVk', roomId: 'Y2lzY29zcGFyazovL3VzL1JPT00vYmJjZWIxYWQtNDNmMS0zYjU4LTkxNDctZjE0YmIwYzRkMTU0', personEmail: 'ada@example.com' },
        },
      },
    },
  })
  @ApiOkResponse({ description: 'Stored (or already stored) for relay; empty body' })
  @ApiBadRequestResponse({ description: 'The body is not a Webex webhook delivery' })
  @ApiUnauthorizedResponse({ description: 'Missing or invalid X-Spark-Signature' })
  @ApiPayloadTooLargeResponse({ description: 'Request body is larger than the hub accepts' })
  @ApiServiceUnavailableResponse({ description: 'EVENT_BACKLOG_FULL: too many events of this instance wait for delivery; send again after Retry-After (Webex does)' })
  @ApiHeader({ name: 'X-Spark-Signature', required: true, description: 'Hex HMAC-SHA1 of the raw body with the webhook secret' })
  async receive(
    @Param('element') element: string,
    @Param('key') key: string,
    @Headers('x-spark-signature') signature: string | undefined,
    @Req() request: RawBodyRequest<FastifyRequest>,
  ): Promise<void> {
    this.elements.get(element);
    if (await this.inbox.receive(key, request.rawBody, signature)) this.dispatcher.nudge();
  }
}
