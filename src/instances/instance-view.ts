import type { User } from '../auth/user.entity';
import { elementSummary } from '../elements/element-views';
import { ElementDefinition } from '../elements/element.types';
import { MASK } from '../common/secrets';
import { maskConfiguration } from './instance-configuration';
import { Instance } from './instance.entity';
import type { RefreshRecord } from '../tokens/token-events';
import { InstanceUserView, InstanceView, TokenRefreshView } from './instances.dto';

/** The hub user who owns an instance: what its `user` shows. */
export type InstanceOwner = Pick<User, 'id' | 'email' | 'firstName' | 'lastName'>;

/**
 * Cloud Elements' user: the hub's user has a first and last name only when given one, so a
 * user without them shows the part of the email address before the @ as the first name.
 */
function userView(owner: InstanceOwner): InstanceUserView {
  return { id: owner.id, emailAddress: owner.email, firstName: owner.firstName || owner.email.split('@')[0], lastName: owner.lastName ?? '' };
}

/** The Cloud Elements shape of an instance, and the hub's own fields; secrets masked, the token only when handed out. */
export function instanceView(element: ElementDefinition, instance: Instance, owner: InstanceOwner, token?: string): InstanceView {
  const account = instance.account;
  const iso = (date: Date | null) => (date ? new Date(date).toISOString() : undefined);
  return {
    id: instance.id,
    name: instance.name,
    token: token ?? MASK,
    element: elementSummary(element),
    elementId: element.id,
    user: userView(owner),
    configuration: maskConfiguration(element, instance.configuration),
    tags: instance.tags,
    valid: instance.valid,
    disabled: instance.disabled,
    eventsEnabled: instance.eventsEnabled,
    externalAuthentication: instance.externalAuthentication,
    cachingEnabled: instance.cachingEnabled,
    cacheTimeToLive: instance.cacheTimeToLive,
    maxCacheSize: instance.maxCacheSize,
    traceLoggingEnabled: instance.traceLoggingEnabled,
    provisionInteractions: instance.provisionInteractions,
    createdDate: iso(instance.createdAt)!,
    updatedDate: iso(instance.updatedAt)!,
    ...(account && {
      displayName: account.displayName,
      email: account.email,
      avatar: account.avatar,
      account: { id: account.id, displayName: account.displayName, email: account.email, avatar: account.avatar },
    }),
    ...(instance.invalidReason && { invalidReason: instance.invalidReason, invalidDate: iso(instance.invalidAt) }),
    ...(instance.lastRefreshAt && { lastRefreshDate: iso(instance.lastRefreshAt) }),
    ...(instance.nextRefreshAt && { nextRefreshDate: iso(instance.nextRefreshAt) }),
    ...(instance.lastRefreshError && { lastRefreshError: instance.lastRefreshError }),
  };
}

/** A refresh attempt of the history as the API shows it. */
export function tokenRefreshView(record: RefreshRecord): TokenRefreshView {
  return { date: new Date(record.at).toISOString(), outcome: record.outcome, trigger: record.trigger, ...(record.webexCode && { webexCode: record.webexCode }) };
}
