import { HubError } from '../common/hub-error';
import { ciscospark } from '../elements/ciscospark.element';
import { ElementDefinition } from '../elements/element.types';
import { HubRoutes, webexPathOf } from './hub-routes';

describe('HubRoutes', () => {
  const sut = new HubRoutes(ciscospark);
  const statusOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return (error as HubError).status;
    }
    return 200;
  };

  it('matches a path to its operation and parameters', () => {
    const { route, params } = sut.match('GET', 'channels/R1/messages');
    expect([route.operation, route.webexMethod, webexPathOf(route, params), route.bind]).toEqual(['list', 'GET', '/messages', [['roomId', 'channelId']]]);
    const item = sut.match('PATCH', 'channels/R%2F1');
    expect([item.route.operation, item.route.merge, webexPathOf(item.route, item.params)]).toEqual(['patch', true, '/rooms/R%2F1']);
    expect(webexPathOf(sut.match('GET', 'team-memberships/T1').route, { id: 'T1' })).toBe('/team/memberships/T1');
    expect(sut.match('GET', 'accounts').route.webexPath).toEqual(['/people/me']);
  });

  it('answers 404 for unknown paths and 405 for verbs a resource does not offer', () => {
    expect(statusOf(() => sut.match('GET', 'nothing'))).toBe(404);
    expect(statusOf(() => sut.match('GET', 'channels/R1/unknown'))).toBe(404);
    expect(statusOf(() => sut.match('GET', 'channels//messages'))).toBe(404);
    expect(statusOf(() => sut.match('DELETE', 'channels/R1/messages'))).toBe(405);
  });

  it('prefers literal segments over parameters', () => {
    const element: ElementDefinition = {
      ...ciscospark,
      resources: [
        { path: 'people/{id}', operations: ['get'], webex: { get: { call: 'GET /people/{id}' } } },
        { path: 'people/me', operations: ['get'], webex: { get: { call: 'GET /people/me' } } },
      ],
    };
    expect(new HubRoutes(element).match('GET', 'people/me').route.resource.path).toBe('people/me');
  });

  it('refuses a definition whose Webex path names a parameter the hub path lacks', () => {
    const element: ElementDefinition = { ...ciscospark, resources: [{ path: 'rooms', operations: ['get'], webex: { get: { call: 'GET /rooms/{id}' } } }] };
    expect(() => new HubRoutes(element)).toThrow(/names \{id\}/);
  });
});
