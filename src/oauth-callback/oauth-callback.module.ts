import { Module } from '@nestjs/common';
import { ConsolePages } from '../console/console-http';
import { OAuthCallbackController } from './oauth-callback.controller';

/** The walkthrough's OAuth callback page, dressed and secured as the console's pages are. */
@Module({
  controllers: [OAuthCallbackController],
  providers: [ConsolePages],
})
export class OAuthCallbackModule {}
