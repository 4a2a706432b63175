import type { InstanceView } from '../../instances/instances.dto';
import { RefreshOutcome, RefreshTrigger } from '../../tokens/token-events';
import type { ConsoleContext } from '../console.guard';
import type { ConsoleInstance } from '../console-instances.service';
import { instancePage } from './instance.page';
import { instancesPage } from './instances.page';

describe('the instances pages', () => {
  const session = { admin: { role: 'admin', displayName: 'Ada', username: 'ada' }, csrfToken: 'csrf', sessionId: 1 } as ConsoleContext;
  const instance = (fields: Partial<InstanceView>): InstanceView =>
    ({ id: 1, name: 'Sales', tags: ['sales'], valid: true, disabled: false, configuration: {}, externalAuthentication: 'none', traceLoggingEnabled: false, ...fields }) as InstanceView;
  const buttons = (page: string) => [...page.matchAll(/<button[^>]*>([^<]+)<\/button>/g)].map((m) => m[1]);

  it('offers Refresh now to a valid instance and Re-authorize to an invalid one, but neither to one added from a token', () => {
    const sut = instancesPage(
      session,
      { instances: [instance({ id: 1 }), instance({ id: 2, valid: false, invalidReason: 'revoked' }), instance({ id: 3, valid: false, externalAuthentication: 'token' }), instance({ id: 4, externalAuthentication: 'token' })] },
      { page: 1 },
    ).value;
    const cards = sut.split('<section').slice(1);
    expect(cards.map(buttons)).toEqual([
      ['Refresh now', 'Disable'],
      ['Re-authorize', 'Disable'],
      ['Disable'],
      ['Disable'],
    ]);
    expect(cards[1]).toContain('action="/elements/api-v2/console/instances/2/reauthorize"');
  });

  it('keeps the search and the status in the next page’s link, and numbers the pages', () => {
    const sut = instancesPage(session, { instances: [instance({})], nextPage: 'n3xt' }, { search: 'a&b', status: 'invalid', next: 'prev', page: 2 }).value;
    expect(sut).toContain('href="/elements/api-v2/console/instances?search=a%26b&amp;status=invalid&amp;next=n3xt&amp;page=3"');
    expect(sut).toContain('href="/elements/api-v2/console/instances?search=a%26b&amp;status=invalid">First page</a>');
    expect(sut).toContain('<span id="page-number">Page 2</span>');
    expect(sut).toContain('value="a&amp;b"');
    expect(sut).toContain('<option value="invalid" selected>');
  });

  it('says whether nothing is connected or nothing matches', () => {
    expect(instancesPage(session, { instances: [] }, { page: 1 }).value).toContain('No Webex account is connected yet.');
    expect(instancesPage(session, { instances: [] }, { search: 'x', page: 1 }).value).toContain('No instance matches this search.');
  });

  it('shows an instance’s configuration as the API reads it, masked values included, and its refresh record', () => {
    const detail: ConsoleInstance = {
      instance: instance({ configuration: { 'oauth.api.key': '********', 'oauth.api.secret': '********', 'oauth.scope': 'spark:all' }, lastRefreshError: 'timeout' }),
      events: [],
      refreshes: { refreshFailures: 2, accessTokenExpiresAt: null, refreshTokenExpiresAt: null },
      history: [],
    };
    const sut = instancePage(session, detail).value;
    expect(sut).toContain('<dt><code>oauth.api.secret</code></dt><dd>********</dd>');
    expect(sut).toContain('<dt><code>oauth.scope</code></dt><dd>spark:all</dd>');
    expect(sut).toContain('<dd data-field="refresh-failures">2</dd>');
    expect(sut).toContain('<dd data-field="refresh-error">timeout</dd>');
    expect(sut).toContain('Events are off for this instance');
  });

  it('lists the last refresh attempts newest first, in words, with the Webex code of a failure', () => {
    const at = new Date('2026-12-03T10:00:00Z');
    const history = [
      { at, outcome: RefreshOutcome.INVALIDATED, trigger: RefreshTrigger.HUB_CALL, webexCode: 'invalid_grant' },
      { at, outcome: RefreshOutcome.FAILED_RETRYING, trigger: RefreshTrigger.SCHEDULER, webexCode: '503' },
      { at, outcome: RefreshOutcome.REFRESHED, trigger: RefreshTrigger.CONSOLE, webexCode: null },
    ];
    const refreshes = { refreshFailures: 0, accessTokenExpiresAt: null, refreshTokenExpiresAt: null };
    const rows = instancePage(session, { instance: instance({}), events: [], refreshes, history }).value.match(/<tr data-outcome=[^]*?<\/tr>/g)!;

    expect(rows.map((row) => row.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().replace(/^.*?\) /, ''))).toEqual([
      'invalidated hub call invalid_grant',
      'failed, will retry schedule 503',
      'refreshed console none',
    ]);
    expect(instancePage(session, { instance: instance({}), events: [], refreshes, history: [] }).value).toContain('No refresh attempts recorded yet.');
  });
});
