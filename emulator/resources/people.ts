import type { ApiContext, ApiRoute } from '../api';
import { badRequest, conflict } from '../errors';
import type { Person } from '../model';
import type { EmulatorStore } from '../store';
import { compact } from './access';

const READ = ['spark:people_read', 'spark-admin:people_read'];
const WRITE = ['spark-admin:people_write'];
const MAX_IDS = 85;

/** A person as Webex shows them; admins also see roles and licenses. */
export function renderPerson(store: EmulatorStore, person: Person, detailed: boolean) {
  return compact({
    id: person.id,
    emails: person.emails,
    phoneNumbers: [],
    displayName: person.displayName,
    nickName: person.nickName,
    firstName: person.firstName,
    lastName: person.lastName,
    avatar: person.avatar,
    orgId: person.orgId,
    roles: detailed ? person.roles : undefined,
    licenses: detailed ? person.licenses : undefined,
    department: person.department,
    title: person.title,
    created: person.created,
    lastModified: person.lastModified,
    status: 'unknown' as const,
    type: person.type,
  });
}

const render = (ctx: ApiContext) => (person: Person) => renderPerson(ctx.store, person, ctx.store.isAdmin(ctx.me));

function checkedIds(ids: string[] | undefined, known: ReadonlyMap<string, unknown>, name: string): string[] | undefined {
  const unknown = ids?.filter((id) => !known.has(id));
  if (unknown && unknown.length > 0) throw badRequest(`Unknown ${name}: ${unknown.join(', ')}`);
  return ids;
}

/** Fields an admin may set on create and update. */
function personFields(ctx: ApiContext) {
  const b = ctx.body;
  return compact({
    displayName: b.string('displayName'),
    firstName: b.string('firstName'),
    lastName: b.string('lastName'),
    nickName: b.string('nickName'),
    avatar: b.string('avatar'),
    department: b.string('department'),
    title: b.string('title'),
    roles: checkedIds(b.strings('roles'), ctx.store.roles, 'roles'),
    licenses: checkedIds(b.strings('licenses'), ctx.store.licenses, 'licenses'),
  });
}

const peopleAdmin = (store: EmulatorStore, person: Person) => store.isPeopleAdmin(person);

export const peopleRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/people',
    scopes: READ,
    handle(ctx) {
      const email = ctx.query('email')?.toLowerCase();
      const displayName = ctx.query('displayName')?.toLowerCase();
      const ids = ctx.query('id')?.split(',').filter(Boolean);
      const roles = ctx.query('roles')?.split(',').filter(Boolean);
      const admin = ctx.store.isAdmin(ctx.me);
      if (!admin && !email && !displayName && !ids) throw badRequest('email, displayName or id is required');
      if (ids && ids.length > MAX_IDS) throw badRequest(`id accepts at most ${MAX_IDS} ids`);
      const people = [...ctx.store.people.values()].filter(
        (p) =>
          (!email || p.emails.includes(email)) &&
          (!displayName || p.displayName.toLowerCase().startsWith(displayName)) &&
          (!ids || ids.includes(p.id)) &&
          (!roles || !admin || roles.some((r) => p.roles.includes(r))),
      );
      const page = ctx.list(people, render(ctx));
      const notFoundIds = ids?.filter((id) => !ctx.store.people.has(id));
      return notFoundIds && notFoundIds.length > 0 ? { ...page, notFoundIds } : page;
    },
  },
  { method: 'GET', path: '/people/me', scopes: READ, handle: (ctx) => render(ctx)(ctx.me) },
  { method: 'GET', path: '/people/{id}', scopes: READ, handle: (ctx) => render(ctx)(ctx.find(ctx.store.people, ctx.param('id'))) },
  {
    method: 'POST',
    path: '/people',
    scopes: WRITE,
    allowed: peopleAdmin,
    handle(ctx) {
      const emails = ctx.body.strings('emails');
      if (!emails || emails.length === 0 || !emails[0].includes('@')) throw badRequest('emails is required');
      if (ctx.store.peopleByEmail.has(emails[0].toLowerCase())) throw conflict('A person with this email already exists');
      const { roles, ...fields } = personFields(ctx);
      const person = ctx.store.addPerson({ email: emails[0], ...fields, roles });
      return render(ctx)(person);
    },
  },
  {
    method: 'PUT',
    path: '/people/{id}',
    scopes: WRITE,
    allowed: peopleAdmin,
    handle(ctx) {
      const person = ctx.find(ctx.store.people, ctx.param('id'));
      ctx.body.requiredString('displayName');
      Object.assign(person, personFields(ctx), { lastModified: ctx.store.now() });
      return render(ctx)(person);
    },
  },
  {
    method: 'DELETE',
    path: '/people/{id}',
    scopes: WRITE,
    allowed: peopleAdmin,
    handle(ctx) {
      ctx.store.removePerson(ctx.find(ctx.store.people, ctx.param('id')));
      return undefined;
    },
  },
];
