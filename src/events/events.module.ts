import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { CacheModule } from '../cache/cache.module';
import { ElementsModule } from '../elements/elements.module';
import { InstancesModule } from '../instances/instances.module';
import { TokensModule } from '../tokens/tokens.module';
import { CallbackClient } from './callback-client';
import { EventBacklog } from './event-backlog';
import { EventDispatcher } from './event-dispatcher';
import { EventInbox } from './event-inbox';
import { EventInboxController } from './event-inbox.controller';
import { EventOutbox } from './event-outbox';
import { EventRegistration } from './event-registration.entity';
import { EventsController } from './events.controller';
import { OutboxEvent } from './outbox-event.entity';
import { OutboxRetention } from './outbox-retention';
import { WebhookHealth } from './webhook-health';
import { WebhookRegistrar } from './webhook-registrar';

/** The event relay: Webex webhooks in, signed Cloud Elements events out, through a durable outbox. */
@Module({
  imports: [TypeOrmModule.forFeature([EventRegistration, OutboxEvent]), InstancesModule, TokensModule, ElementsModule, AuthModule, CacheModule],
  controllers: [EventInboxController, EventsController],
  providers: [CallbackClient, EventOutbox, EventBacklog, EventInbox, EventDispatcher, OutboxRetention, WebhookRegistrar, WebhookHealth],
  exports: [EventDispatcher, EventOutbox, WebhookHealth],
})
export class EventsModule {}
