import { Global, Module } from '@nestjs/common';
import { WebexOAuth } from './webex-oauth.service';
import { WebexClient } from './webex.client';

@Global()
@Module({ providers: [WebexClient, WebexOAuth], exports: [WebexClient, WebexOAuth] })
export class WebexModule {}
