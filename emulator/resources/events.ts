import type { ApiRoute } from '../api';
import { badRequest } from '../errors';
import type { ComplianceEvent, Person } from '../model';
import { NEWEST_FIRST } from '../pagination';
import type { EmulatorStore } from '../store';

const SCOPES = ['spark-compliance:events_read'];
const complianceOfficer = (store: EmulatorStore, person: Person) => store.isComplianceOfficer(person);

function render(e: ComplianceEvent) {
  return { id: e.id, resource: e.resource, type: e.type, appId: e.appId, actorId: e.actorId, orgId: e.orgId, created: e.created, data: e.data };
}

function time(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = Date.parse(raw);
  if (Number.isNaN(value)) throw badRequest(`${name} must be an ISO 8601 date`);
  return value;
}

/** Compliance events (created/updated/deleted of rooms, messages, memberships, tabs, attachment actions). */
export const eventRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/events',
    scopes: SCOPES,
    allowed: complianceOfficer,
    handle(ctx) {
      const resource = ctx.query('resource');
      const type = ctx.query('type');
      const actorId = ctx.query('actorId');
      const from = time(ctx.query('from'), 'from');
      const to = time(ctx.query('to'), 'to');
      const events = [...ctx.store.events.values()].filter((e) => {
        const at = Date.parse(e.created);
        return (!resource || e.resource === resource) && (!type || e.type === type) && (!actorId || e.actorId === actorId) && (from === undefined || at >= from) && (to === undefined || at < to);
      });
      return ctx.list(events, render, { ordering: NEWEST_FIRST });
    },
  },
  { method: 'GET', path: '/events/{id}', scopes: SCOPES, allowed: complianceOfficer, handle: (ctx) => render(ctx.find(ctx.store.events, ctx.param('id'))) },
];
