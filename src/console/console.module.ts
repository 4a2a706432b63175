import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Organization } from '../auth/organization.entity';
import { User } from '../auth/user.entity';
import { ElementsModule } from '../elements/elements.module';
import { EventsModule } from '../events/events.module';
import { InstancesModule } from '../instances/instances.module';
import { TokensModule } from '../tokens/tokens.module';
import { ConsoleAdmin } from './console-admin.entity';
import { ConsoleAdminsController } from './console-admins.controller';
import { ConsoleAdmins } from './console-admins.service';
import { ConsoleConnectController } from './console-connect.controller';
import { ConsoleConnect } from './console-connect.service';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsolePages } from './console-http';
import { ConsoleInstances } from './console-instances.service';
import { ConsoleLoginRateLimit } from './console-login-rate-limit';
import { ConsoleLoginThrottle } from './console-login-throttle.service';
import { ConsoleConnectState, ConsoleSession } from './console-session.entity';
import { ConsoleSessions } from './console-sessions.service';
import { ConsoleTokenFlash } from './console-token-flash';
import { ConsoleController } from './console.controller';
import { ConsoleGuard } from './console.guard';
import { WelcomeController } from './welcome.controller';

/** The web console (token management center), server-rendered, at `/console`. */
@Module({
  imports: [TypeOrmModule.forFeature([ConsoleAdmin, ConsoleSession, ConsoleConnectState, Organization, User]), InstancesModule, TokensModule, ElementsModule, EventsModule],
  controllers: [ConsoleController, ConsoleConnectController, ConsoleAdminsController, WelcomeController],
  providers: [ConsolePages, ConsoleSessions, ConsoleLoginThrottle, ConsoleLoginRateLimit, ConsoleAdmins, ConsoleInstances, ConsoleConnect, ConsoleTokenFlash, ConsoleGuard, ConsoleExceptionFilter],
  // For the console pages other features add (an instance's trace, the audit log).
  exports: [ConsolePages, ConsoleSessions, ConsoleInstances, ConsoleGuard, ConsoleExceptionFilter],
})
export class ConsoleModule {}
