import { Foundation1763830000000 } from './1763830000000-Foundation';
import { Console1763837000000 } from './1763837000000-Console';
import { RefreshLease1763870000000 } from './1763870000000-RefreshLease';
import { EventRelay1763880000000 } from './1763880000000-EventRelay';
import { ConsoleLoginThrottle1764690000000 } from './1764690000000-ConsoleLoginThrottle';
import { FairEventClaims1796221782325 } from './1796221782325-FairEventClaims';
import { OutboxRetention1796222400000 } from './1796222400000-OutboxRetention';
import { InstanceTokens1796223000000 } from './1796223000000-InstanceTokens';
import { CloudElementsInstanceFields1796224000000 } from './1796224000000-CloudElementsInstanceFields';
import { TraceLog1796224100000 } from './1796224100000-TraceLog';
import { WebhookHealth1796224300000 } from './1796224300000-WebhookHealth';
import { AuditLog1796224200000 } from './1796224200000-AuditLog';
import { ConsoleReauthorize1796224450000 } from './1796224450000-ConsoleReauthorize';
import { ConnectSessions1796224400000 } from './1796224400000-ConnectSessions';
import { TokenRefreshes1796224500000 } from './1796224500000-TokenRefreshes';
import { ConnectSessionEvents1796224510000 } from './1796224510000-ConnectSessionEvents';

/** Every migration, in order; a new migration adds its class here. */
export const MIGRATIONS = [Foundation1763830000000, Console1763837000000, RefreshLease1763870000000, EventRelay1763880000000, ConsoleLoginThrottle1764690000000, FairEventClaims1796221782325, OutboxRetention1796222400000, InstanceTokens1796223000000, CloudElementsInstanceFields1796224000000, TraceLog1796224100000, WebhookHealth1796224300000, AuditLog1796224200000, ConnectSessions1796224400000, ConsoleReauthorize1796224450000, TokenRefreshes1796224500000, ConnectSessionEvents1796224510000];
