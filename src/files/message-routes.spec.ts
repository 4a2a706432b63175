import { ciscospark } from '../elements/ciscospark.element';
import { fileRoutes, hubFileLinks } from './message-routes';

describe('fileRoutes', () => {
  it('takes a file on every hub resource whose create is Webex’s POST /messages, with its path parameters bound', () => {
    const sut = fileRoutes([ciscospark], '/elements/api-v2');
    expect(sut.messages).toEqual([
      {
        hub: 'collaboration',
        path: '/elements/api-v2/hubs/collaboration/channels/{channelId}/messages',
        url: '/elements/api-v2/hubs/collaboration/channels/:channelId/messages',
        bind: { roomId: 'channelId' },
        filesPath: '/elements/api-v2/hubs/collaboration/files/{contentId}',
      },
      expect.objectContaining({ path: '/elements/api-v2/hubs/collaboration/messages', bind: {} }),
    ]);
    expect(sut.files).toEqual([{ hub: 'collaboration', path: '/elements/api-v2/hubs/collaboration/files/{contentId}', url: '/elements/api-v2/hubs/collaboration/files/:contentId' }]);
  });
});

describe('hubFileLinks', () => {
  const contentIdOf = (url: string) => (url.startsWith('https://webexapis.com/v1/contents/') ? url.split('/').pop() : undefined);
  const filesPath = '/hub/files/{contentId}';

  it('adds the hub path of each Webex file, and leaves Webex’s fields as they came', () => {
    const message = { id: 'M1', files: ['https://webexapis.com/v1/contents/C1', 'https://elsewhere.example/x'], text: 'hi' };
    expect(JSON.parse(hubFileLinks(JSON.stringify(message), filesPath, contentIdOf))).toEqual({ ...message, hubFiles: ['/hub/files/C1'] });
  });

  it('passes a message without files, or text that is not JSON, on unchanged', () => {
    expect(hubFileLinks('{"id":"M1","text":"hi"}', filesPath, contentIdOf)).toBe('{"id":"M1","text":"hi"}');
    expect(hubFileLinks('not json', filesPath, contentIdOf)).toBe('not json');
  });
});
