import { Global, Module } from '@nestjs/common';
import { HubShutdown } from './hub-shutdown';
import { StartupNotes } from './startup-notes';

/** Global: workers inject HubShutdown for its deadline, and its hook runs after theirs; first-start code hands StartupNotes its secrets. */
@Global()
@Module({ providers: [HubShutdown, StartupNotes], exports: [HubShutdown, StartupNotes] })
export class LifecycleModule {}
