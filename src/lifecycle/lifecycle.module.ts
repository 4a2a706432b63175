import { Global, Module } from '@nestjs/common';
import { HubShutdown } from './hub-shutdown';

/** Global: workers inject HubShutdown for its deadline, and its hook runs after theirs. */
@Global()
@Module({ providers: [HubShutdown], exports: [HubShutdown] })
export class LifecycleModule {}
