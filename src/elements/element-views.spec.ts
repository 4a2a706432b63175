import { ciscospark } from './ciscospark.element';
import { elementSummary, elementView, metadataView } from './element-views';
import { ELEMENTS } from './elements.service';

describe('element views', () => {
  it('lists each hub operation as one resource, with the Webex call behind it', () => {
    const sut = elementView(ciscospark);
    expect(sut.resources).toHaveLength(ciscospark.resources.reduce((n, r) => n + r.operations.length, 0));
    expect(sut.resources).toContainEqual({ path: '/hubs/collaboration/users/{id}', method: 'DELETE', vendorPath: '/people/{id}', vendorMethod: 'DELETE', description: 'One of users (Webex people; creating, updating and deleting needs an admin)', type: 'api', operation: 'delete' });
  });

  it('embeds in an instance the element without its configuration keys and resources', () => {
    const sut = elementSummary(ciscospark);
    expect(sut).toMatchObject({ id: 1, key: 'ciscospark', hub: 'collaboration', authentication: { type: 'oauth2' }, typeOauth: true });
    expect(Object.keys(sut)).not.toEqual(expect.arrayContaining(['configuration']));
    expect(Object.keys(sut)).not.toEqual(expect.arrayContaining(['resources']));
  });

  it("marks a resource's events supported when its Webex path is a watched webhook resource", () => {
    const sut = metadataView(ciscospark, true).resources!;
    const supported = sut.filter((r) => r.events.supported).map((r) => r.canonicalName);
    expect(supported).toEqual(expect.arrayContaining(['channels', 'channels/{id}', 'channels/{channelId}/messages', 'channels/{channelId}/users', 'attachment-actions']));
    expect(supported).not.toEqual(expect.arrayContaining(['groups']));
    expect(supported).not.toEqual(expect.arrayContaining(['accounts']));
  });

  it('names no hub resource `elements`: GET /hubs/{hub}/elements is the catalogue', () => {
    expect(ELEMENTS.flatMap((element) => element.resources).filter((r) => r.path === 'elements')).toEqual([]);
  });
});
