import { Organization } from '../auth/organization.entity';
import { User } from '../auth/user.entity';
import { Instance } from '../instances/instance.entity';
import { ConsoleAdmin } from '../console/console-admin.entity';
import { ConsoleConnectState, ConsoleSession } from '../console/console-session.entity';
import { EventRegistration } from '../events/event-registration.entity';
import { OutboxEvent } from '../events/outbox-event.entity';

/** Every entity of the hub; a feature that adds a table adds its entity here and a migration. */
export const ENTITIES = [Organization, User, Instance, ConsoleAdmin, ConsoleSession, ConsoleConnectState, EventRegistration, OutboxEvent];
