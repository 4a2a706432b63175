import { auditedAction, auditedRoute } from './audited-routes';

describe('auditedRoute', () => {
  const sut = (method: string, pattern: string | undefined) => auditedRoute(method, pattern, 'elements/api-v2');

  it('finds a route by method and pattern under the API prefix', () => {
    expect(sut('POST', '/elements/api-v2/instances')).toMatchObject({ resource: 'instance', action: 'create', instance: true });
    expect(sut('DELETE', '/elements/api-v2/instances/:id/enabled')).toMatchObject({ action: 'disable', sets: { disabled: true } });
    expect(sut('POST', '/elements/api-v2/users/:id/secret')).toMatchObject({ resource: 'secret', action: 'rotate', owner: 'user' });
    expect(sut('POST', '/elements/api-v2/console/profile/password')).toMatchObject({ resource: 'console-admin', console: true, self: true });
    expect(sut('PATCH', '/elements/api-v2/instances/:id/configuration/:configId')).toMatchObject({ action: 'configure', configurationEntry: true });
  });

  it('ignores reads, routes that change nothing audited, and requests no route matched', () => {
    expect(sut('GET', '/elements/api-v2/instances/:id')).toBeUndefined();
    expect(sut('GET', '/elements/api-v2/audit-logs')).toBeUndefined();
    expect(sut('POST', '/elements/api-v2/instances/:id/tokens/refresh')).toBeUndefined();
    expect(sut('POST', '/elements/api-v2/console/login')).toBeUndefined();
    expect(sut('POST', undefined)).toBeUndefined();
  });

  it('records a console consent as the creation or the re-authorization it ended in, by where the browser goes next', () => {
    const callback = sut('GET', '/elements/api-v2/console/oauth/callback')!;
    expect(auditedAction(callback, '/elements/api-v2/console/instances/7/connected')).toBe('create');
    expect(auditedAction(callback, '/elements/api-v2/console/instances/7/connected?done=reauthorized')).toBe('reauthorize');
    expect(auditedAction(callback, undefined)).toBe('create');
    expect(auditedAction(sut('DELETE', '/elements/api-v2/instances/:id')!, '/x?done=reauthorized')).toBe('delete');
  });
});
