import { Controller, Headers, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ElementsService } from '../elements/elements.service';
import { EventDispatcher } from './event-dispatcher';
import { EventInbox } from './event-inbox';

/** Where Webex posts webhook deliveries. No hub credentials: the `X-Spark-Signature` is the proof. */
@ApiExcludeController()
@Controller('events')
export class EventInboxController {
  constructor(
    private readonly inbox: EventInbox,
    private readonly dispatcher: EventDispatcher,
    private readonly elements: ElementsService,
  ) {}

  @HttpCode(200)
  @Post(':element/:key')
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
