import { Organization } from '../auth/organization.entity';
import { User } from '../auth/user.entity';
import { ConsoleAdmin } from '../console/console-admin.entity';
import { ConsoleConnectState, ConsoleSession } from '../console/console-session.entity';
import { EventRegistration } from '../events/event-registration.entity';
import { OutboxEvent } from '../events/outbox-event.entity';
import { Instance } from '../instances/instance.entity';

/**
 * The entities the operator commands open outside Nest (the hub itself loads each module's own,
 * through autoLoadEntities). A command that reads a new table adds its entity here.
 */
export const CLI_ENTITIES = [Organization, User, Instance, ConsoleAdmin, ConsoleSession, ConsoleConnectState, EventRegistration, OutboxEvent];
