import { Logger } from '@nestjs/common';
import { Repository } from 'typeorm';
import { Credentials } from '../auth/auth.guard';
import { UserHooks } from '../auth/user-hooks';
import type { User } from '../auth/user.entity';
import { SecretBox } from '../common/secret-box';
import { ElementDefinition } from '../elements/element.types';
import { ElementsService } from '../elements/elements.service';
import { AccessTokens } from '../tokens/access-tokens';
import { TokenEvents } from '../tokens/token-events';
import { TokenGrants } from '../tokens/token-grants';
import { WebexClient } from '../webex/webex.client';
import { InstanceAuthorizer } from './instance-authorizer';
import { InstanceHooks } from './instance-hooks';
import { InstanceListing } from './instance-listing';
import { InstanceResolver } from './instance-resolver';
import { Instance } from './instance.entity';
import { InstancesService } from './instances.service';

const box = { seal: (v: string) => `sealed:${v}`, open: (v: string) => v.replace(/^sealed:/, '') } as SecretBox;
const element = { id: 1, key: 'ciscospark', name: 'Webex', authentication: { type: 'oauth2' }, configuration: [{ key: 'oauth.api.secret', secret: true }], oauth: { refreshAheadFraction: 0.1 } } as unknown as ElementDefinition;
const caller = { organization: { id: 1 }, user: { id: 10, role: 'admin', email: 'ada@example.com' } } as Credentials;

function stored(changes: Partial<Instance> = {}): Instance {
  return Object.assign(new Instance(), {
    id: 7, organizationId: 1, userId: 10, elementKey: 'ciscospark', name: 'Mine', tags: [], tokenHash: 'h',
    configuration: { 'oauth.api.secret': 'sealed:secret' }, accessToken: 'sealed:a1', refreshToken: 'sealed:r1', tokenVersion: 1,
    valid: true, disabled: false, eventsEnabled: false, createdAt: new Date(), updatedAt: new Date(), ...changes,
  });
}

function setup(row = stored()) {
  const repository = {
    findOne: jest.fn(async () => Object.assign(new Instance(), row)),
    findOneBy: jest.fn(async () => Object.assign(new Instance(), row)),
    save: jest.fn(async (instance: Instance) => ({ ...instance })),
  };
  const hooks = new InstanceHooks();
  const changes: Array<[string, Instance]> = [];
  hooks.listen(async (change, instance) => void changes.push([change, instance]));
  const tokenEvents = new TokenEvents();
  const tokens = { refreshNow: jest.fn(), assertUsable: jest.fn(), withTokenState: jest.fn(async <T>(owners: T[]) => owners) };
  const grants = new TokenGrants(box, {} as WebexClient);
  const storeGrant = jest.spyOn(grants, 'store');
  const resolver = { forget: jest.fn(async () => undefined) };
  const sut = new InstancesService(
    repository as unknown as Repository<Instance>,
    { get: () => element } as unknown as ElementsService,
    {} as InstanceAuthorizer,
    resolver as unknown as InstanceResolver,
    hooks,
    box,
    { onDeleting: jest.fn() } as unknown as UserHooks,
    grants,
    tokens as unknown as AccessTokens,
    tokenEvents,
    {} as InstanceListing,
    {} as Repository<User>,
  );
  sut.onModuleInit();
  return { sut, repository, changes, tokenEvents, tokens, resolver, storeGrant };
}

beforeAll(() => Logger.overrideLogger(false));

describe('InstancesService', () => {
  it('saves a rename without asking tokens/ to store anything, so a refresh meanwhile is not written back', async () => {
    const { sut, repository, resolver, storeGrant } = setup();

    const view = await sut.patch(caller, 7, { name: 'Renamed' });

    const saved = repository.save.mock.calls[0][0];
    expect(saved.name).toBe('Renamed');
    expect(storeGrant).not.toHaveBeenCalled();
    expect(view.name).toBe('Renamed');
    expect(resolver.forget).toHaveBeenCalledWith(expect.objectContaining({ id: 7 }));
  });

  it('tells its listeners of an instance whose grant tokens/ found dead, as stored', async () => {
    const { changes, tokenEvents, repository } = setup(stored({ valid: false, invalidReason: 'invalid_grant' }));

    await tokenEvents.publish('invalidated', stored({ valid: false }));

    expect(repository.findOneBy).toHaveBeenCalledWith({ id: 7 });
    expect(changes).toEqual([['invalidated', expect.objectContaining({ id: 7, valid: false, invalidReason: 'invalid_grant' })]]);
  });

  it('stays quiet when the invalidated instance was deleted meanwhile', async () => {
    const { changes, tokenEvents, repository } = setup();
    repository.findOneBy.mockResolvedValueOnce(null as never);

    await tokenEvents.publish('invalidated', stored({ valid: false }));

    expect(changes).toEqual([]);
  });

  it('answers a manual refresh with the instance and the token state tokens/ ended with', async () => {
    const { sut, tokens } = setup();
    const lastRefreshAt = new Date('2026-12-02T10:00:00Z');
    tokens.refreshNow.mockResolvedValueOnce({ ...stored(), tokenVersion: 2, lastRefreshAt, nextRefreshAt: new Date('2026-12-02T10:54:00Z') });

    const view = await sut.refreshTokens(caller, 7);

    expect(tokens.refreshNow).toHaveBeenCalledWith(expect.objectContaining({ id: 7, tokenVersion: 1 }));
    expect(view).toMatchObject({ id: 7, name: 'Mine', valid: true, lastRefreshDate: lastRefreshAt.toISOString(), nextRefreshDate: '2026-12-02T10:54:00.000Z' });
  });

  it('refuses to let a client set the schedule keys tokens/ manages, unless written back unchanged', async () => {
    const { sut, repository } = setup(stored({ configuration: { 'oauth.user.refresh_interval': '3600' } }));

    await expect(sut.patch(caller, 7, { configuration: { 'oauth.user.refresh_interval': '60' } })).rejects.toMatchObject({ status: 400 });
    expect(repository.save).not.toHaveBeenCalled();
    await expect(sut.patch(caller, 7, { configuration: { 'oauth.user.refresh_interval': '3600' } })).resolves.toMatchObject({ id: 7 });
  });
});
