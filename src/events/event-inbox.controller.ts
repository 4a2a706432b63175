import { Controller, Headers, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
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
  @ApiOperation({ summary: 'Webex webhook target: stores a signed delivery for relay (called by Webex, not by applications)' })
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
