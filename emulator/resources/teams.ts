import type { ApiContext, ApiRoute } from '../api';
import { badRequest, conflict, forbidden, notFound } from '../errors';
import { webexId } from '../ids';
import type { Team, TeamMembership } from '../model';
import type { EmulatorStore } from '../store';
import { compact, personFields, targetPerson } from './access';
import { joinRoom, leaveRoom } from './memberships';
import { createRoom } from './rooms';

const TEAMS_READ = ['spark:teams_read'];
const TEAMS_WRITE = ['spark:teams_write'];
const MEMBERS_READ = ['spark:team_memberships_read'];
const MEMBERS_WRITE = ['spark:team_memberships_write'];

export function renderTeam(team: Team) {
  return compact({ id: team.id, name: team.name, description: team.description, creatorId: team.creatorId, created: team.created });
}

export function renderTeamMembership(store: EmulatorStore, tm: TeamMembership) {
  return compact({
    id: tm.id,
    teamId: tm.teamId,
    ...personFields(store, tm.personId),
    isModerator: tm.isModerator,
    created: tm.created,
  });
}

/** A team the caller belongs to (others are 404); `moderator` also demands moderation rights. */
function myTeam(ctx: ApiContext, teamId: string | undefined, moderator = false): Team {
  const team = ctx.find(ctx.store.teams, teamId);
  const mine = ctx.store.teamMembership(team.id, ctx.me.id);
  if (!mine) throw notFound();
  if (moderator && !mine.isModerator) throw forbidden('Only team moderators can do this');
  return team;
}

function teamFields(ctx: ApiContext) {
  return compact({ name: ctx.body.requiredString('name'), description: ctx.body.string('description') });
}

/** Adds someone to the team and, as Webex does, to its General room. */
function joinTeam(ctx: ApiContext, team: Team, personId: string, isModerator: boolean): TeamMembership {
  if (ctx.store.teamMembership(team.id, personId)) throw conflict('The person is already a member of the team');
  const tm = ctx.store.addTeamMembership(team.id, personId, isModerator);
  const general = ctx.store.generalRoom(team.id);
  if (general && !ctx.store.membership(general.id, personId)) joinRoom(ctx, general, personId, isModerator);
  return tm;
}

function visibleTeamMembership(ctx: ApiContext, moderator = false): TeamMembership {
  const tm = ctx.find(ctx.store.teamMemberships, ctx.param('id'));
  myTeam(ctx, tm.teamId, moderator);
  return tm;
}

export const teamRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/teams',
    scopes: TEAMS_READ,
    handle: (ctx) => ctx.list([...ctx.store.teams.values()].filter((t) => ctx.store.teamMembership(t.id, ctx.me.id)), renderTeam),
  },
  {
    method: 'POST',
    path: '/teams',
    scopes: TEAMS_WRITE,
    handle(ctx) {
      const team: Team = { id: webexId('TEAM'), seq: ctx.store.nextSeq(), ...teamFields(ctx), creatorId: ctx.me.id, created: ctx.store.now() };
      ctx.store.teams.set(team.id, team);
      // Webex gives every new team its General room, titled after the team.
      createRoom(ctx, { title: team.name, type: 'group', teamId: team.id });
      joinTeam(ctx, team, ctx.me.id, true);
      return renderTeam(team);
    },
  },
  { method: 'GET', path: '/teams/{id}', scopes: TEAMS_READ, handle: (ctx) => renderTeam(myTeam(ctx, ctx.param('id'))) },
  {
    method: 'PUT',
    path: '/teams/{id}',
    scopes: TEAMS_WRITE,
    handle(ctx) {
      const team = myTeam(ctx, ctx.param('id'), true);
      Object.assign(team, teamFields(ctx));
      return renderTeam(team);
    },
  },
  {
    method: 'DELETE',
    path: '/teams/{id}',
    scopes: TEAMS_WRITE,
    handle(ctx) {
      const team = myTeam(ctx, ctx.param('id'), true);
      for (const tm of [...ctx.store.teamMemberships.values()]) if (tm.teamId === team.id) ctx.store.removeTeamMembership(tm);
      for (const room of [...ctx.store.rooms.values()]) if (room.teamId === team.id) ctx.store.removeRoom(room);
      ctx.store.teams.delete(team.id);
      return undefined;
    },
  },
  {
    method: 'GET',
    path: '/team/memberships',
    scopes: MEMBERS_READ,
    handle(ctx) {
      const team = myTeam(ctx, ctx.requiredQuery('teamId'));
      return ctx.list(ctx.store.teamMembers.get(team.id)?.values() ?? [], (tm) => renderTeamMembership(ctx.store, tm));
    },
  },
  {
    method: 'POST',
    path: '/team/memberships',
    scopes: MEMBERS_WRITE,
    handle(ctx) {
      const team = myTeam(ctx, ctx.body.requiredString('teamId'));
      const person = targetPerson(ctx, ctx.body.string('personId'), ctx.body.string('personEmail'));
      if (!person) throw badRequest('personId or personEmail is required');
      return renderTeamMembership(ctx.store, joinTeam(ctx, team, person.id, ctx.body.boolean('isModerator') ?? false));
    },
  },
  { method: 'GET', path: '/team/memberships/{id}', scopes: MEMBERS_READ, handle: (ctx) => renderTeamMembership(ctx.store, visibleTeamMembership(ctx)) },
  {
    method: 'PUT',
    path: '/team/memberships/{id}',
    scopes: MEMBERS_WRITE,
    handle(ctx) {
      const tm = visibleTeamMembership(ctx, true);
      const isModerator = ctx.body.boolean('isModerator');
      if (isModerator === undefined) throw badRequest('isModerator is required');
      tm.isModerator = isModerator;
      return renderTeamMembership(ctx.store, tm);
    },
  },
  {
    method: 'DELETE',
    path: '/team/memberships/{id}',
    scopes: MEMBERS_WRITE,
    handle(ctx) {
      const tm = ctx.find(ctx.store.teamMemberships, ctx.param('id'));
      visibleTeamMembership(ctx, tm.personId !== ctx.me.id);
      ctx.store.removeTeamMembership(tm);
      const general = ctx.store.generalRoom(tm.teamId);
      const roomMembership = general && ctx.store.membership(general.id, tm.personId);
      if (roomMembership) leaveRoom(ctx, roomMembership);
      return undefined;
    },
  },
];
