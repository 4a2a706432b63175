import type { ApiRoute } from '../api';
import type { License, Organization, Person, Role, Sequenced } from '../model';
import type { EmulatorStore } from '../store';

/** A read-only collection seeded at start: a list route and a get-by-id route. */
interface Directory<T extends Sequenced> {
  path: string;
  scopes: string[];
  allowed?: (store: EmulatorStore, person: Person) => boolean;
  collection: (store: EmulatorStore) => ReadonlyMap<string, T>;
  render: (store: EmulatorStore, item: T) => unknown;
}

function directoryRoutes<T extends Sequenced>(d: Directory<T>): ApiRoute[] {
  const common = { scopes: d.scopes, allowed: d.allowed };
  return [
    { ...common, method: 'GET', path: d.path, handle: (ctx) => ctx.list(d.collection(ctx.store).values(), (item) => d.render(ctx.store, item)) },
    { ...common, method: 'GET', path: `${d.path}/{id}`, handle: (ctx) => d.render(ctx.store, ctx.find(d.collection(ctx.store), ctx.param('id'))) },
  ];
}

const admin = (store: EmulatorStore, person: Person) => store.isAdmin(person);

function renderLicense(store: EmulatorStore, license: License) {
  let consumedByUsers = 0;
  for (const person of store.people.values()) if (person.licenses.includes(license.id)) consumedByUsers++;
  return {
    id: license.id,
    name: license.name,
    totalUnits: license.totalUnits,
    consumedUnits: consumedByUsers,
    consumedByUsers,
    consumedByWorkspaces: 0,
    subscriptionId: license.subscriptionId,
  };
}

export const directoryRouteList: ApiRoute[] = [
  ...directoryRoutes<Organization>({
    path: '/organizations',
    scopes: ['spark-admin:organizations_read', 'spark:organizations_read'],
    collection: (store) => store.organizations,
    render: (_store, org) => ({ id: org.id, displayName: org.displayName, created: org.created }),
  }),
  ...directoryRoutes<License>({
    path: '/licenses',
    scopes: ['spark-admin:licenses_read'],
    allowed: admin,
    collection: (store) => store.licenses,
    render: renderLicense,
  }),
  ...directoryRoutes<Role>({
    path: '/roles',
    scopes: ['spark-admin:roles_read'],
    allowed: admin,
    collection: (store) => store.roles,
    render: (_store, role) => ({ id: role.id, name: role.name }),
  }),
];
