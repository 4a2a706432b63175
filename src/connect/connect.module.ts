import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { User } from '../auth/user.entity';
import { ConsolePages } from '../console/console-http';
import { ElementsModule } from '../elements/elements.module';
import { CallbackClient } from '../events/callback-client';
import { EventsModule } from '../events/events.module';
import { InstancesModule } from '../instances/instances.module';
import { ConnectFlow } from './connect-flow.service';
import { ConnectOutcomes } from './connect-outcomes';
import { ConnectPagesController } from './connect-pages.controller';
import { ConnectSessionEvents } from './connect-session-events';
import { ConnectSession } from './connect-session.entity';
import { ConnectSessionsController } from './connect-sessions.controller';
import { ConnectSessions } from './connect-sessions.service';

/** Connect sessions: hosted links through which an application's end users connect their Webex accounts. */
@Module({
  imports: [TypeOrmModule.forFeature([ConnectSession, User]), AuthModule, ElementsModule, InstancesModule, EventsModule],
  controllers: [ConnectSessionsController, ConnectPagesController],
  // Its own callback client: events/ keeps the outbox's to itself.
  providers: [ConnectSessions, ConnectFlow, ConnectOutcomes, ConnectSessionEvents, CallbackClient, ConsolePages],
})
export class ConnectModule {}
