import { ElementDefinition } from '../elements/element.types';
import { MASK } from '../common/secrets';
import { maskConfiguration } from './instance-configuration';
import { Instance } from './instance.entity';
import { InstanceView } from './instances.dto';

/** The Cloud Elements shape of an instance; secrets masked, the token only when handed out. */
export function instanceView(element: ElementDefinition, instance: Instance, token?: string): InstanceView {
  const account = instance.account;
  const iso = (date: Date | null) => (date ? new Date(date).toISOString() : undefined);
  return {
    id: instance.id,
    name: instance.name,
    token: token ?? MASK,
    element: { id: element.id, key: element.key, name: element.name },
    configuration: maskConfiguration(element, instance.configuration),
    tags: instance.tags,
    valid: instance.valid,
    disabled: instance.disabled,
    eventsEnabled: instance.eventsEnabled,
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
