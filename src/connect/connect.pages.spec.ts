import type { InstanceView } from '../instances/instances.dto';
import type { ConnectSession } from './connect-session.entity';
import { returnUrlOf } from './connect-flow.service';
import { sessionView } from './connect-sessions.service';
import { connectPage } from './connect.pages';

const session = (changes: Partial<ConnectSession>): ConnectSession =>
  ({ id: '6f1c2b9e-3d4a-4f5b-8c7d-9e0a1b2c3d4e', status: 'PENDING', instanceId: null, reason: null, expiresAt: new Date(Date.now() + 60_000), returnUrl: 'https://app.example.com/back?from=hub', ...changes }) as ConnectSession;

describe('connect pages', () => {
  it('escapes what the application and Webex chose: the organization name, scopes, names', () => {
    const start = connectPage({ page: 'start', key: 'k"y', application: '<b>Acme</b>', scopes: [{ scope: 'spark:all', words: 'Read & send' }], reauthorize: false, expiresAt: new Date('2026-12-01T09:35:00Z') }, 'r1').value;
    expect(start).toContain('&lt;b&gt;Acme&lt;/b&gt;');
    expect(start).toContain('value="k&quot;y"');
    expect(start).toContain('Read &amp; send');
    const connected = connectPage({ page: 'connected', instance: { displayName: '<img src=x>', email: 'a@example.com', token: 'never-shown' } as InstanceView, returnTo: 'https://app.example.com/', application: 'Acme' }, 'r2').value;
    expect(connected).toContain('Connected as <strong class="name">&lt;img src=x&gt;</strong>');
    expect(connected).not.toContain('never-shown');
  });

  it('shows a picture the page may load, and initials otherwise', () => {
    const page = (avatar?: string) => connectPage({ page: 'connected', instance: { displayName: 'Ada Lovelace', email: 'ada@example.com', avatar } as InstanceView, returnTo: 'https://a.example.com/', application: 'Acme' }, 'r').value;
    expect(page('https://avatars.example.com/ada.png')).toContain('<img class="avatar" src="https://avatars.example.com/ada.png" alt="">');
    expect(page('http://127.0.0.1/ada.png')).toContain('<span class="avatar" aria-hidden="true">AL</span>');
    expect(page()).not.toContain('<img');
  });

  it('titles the tab with the page and the application that asked, not as the console', () => {
    const tab = (page: string) => page.match(/<title>(.*)<\/title>/)![1];
    expect(tab(connectPage({ page: 'start', key: 'k', application: 'Acme & Co', scopes: [], reauthorize: false, expiresAt: new Date() }, 'r').value)).toBe('Connect your Webex account – Acme &amp; Co');
    expect(tab(connectPage({ page: 'start', key: 'k', application: 'Acme', scopes: [], reauthorize: true, expiresAt: new Date() }, 'r').value)).toBe('Reconnect your Webex account – Acme');
    expect(tab(connectPage({ page: 'connected', instance: { displayName: 'Ada' } as InstanceView, returnTo: 'https://a.example.com/', application: 'Acme' }, 'r').value)).toBe('Webex account connected – Acme');
    expect(tab(connectPage({ page: 'ended', status: 410, title: 'This link has expired', message: '.' }, 'r').value)).toBe('This link has expired – Webex account connection');
  });

  it('names the request on a page that ends the path, and offers the way back when there is one', () => {
    const sut = connectPage({ page: 'ended', status: 410, title: 'This link has expired', message: 'Ask for a new one.', returnTo: 'https://app.example.com/?connectSession=1' }, 'req-42').value;
    expect(sut).toContain('role="alert"');
    expect(sut).toContain('Request req-42');
    expect(sut).toContain('href="https://app.example.com/?connectSession=1"');
    expect(connectPage({ page: 'ended', status: 404, title: 'Link not found', message: 'No.' }, 'r').value).not.toContain('Back to the application');
  });
});

describe('sessionView and returnUrlOf', () => {
  it('reads a pending session past its time as EXPIRED, and an ended one as it ended', () => {
    expect(sessionView(session({}))).toEqual({ id: expect.any(String), status: 'PENDING', expiresAt: expect.any(String) });
    expect(sessionView(session({ expiresAt: new Date(Date.now() - 1) }))).toMatchObject({ status: 'EXPIRED', reason: expect.stringMatching(/expired/) });
    expect(sessionView(session({ status: 'CONNECTED', instanceId: 7, expiresAt: new Date(Date.now() - 1) }))).toEqual({ id: expect.any(String), status: 'CONNECTED', instanceId: 7, expiresAt: expect.any(String) });
    expect(sessionView(session({ status: 'FAILED', reason: 'state' }))).toMatchObject({ status: 'FAILED', reason: 'state' });
  });

  it('adds connectSession to the return URL, keeping its own query', () => {
    expect(returnUrlOf(session({}))).toBe('https://app.example.com/back?from=hub&connectSession=6f1c2b9e-3d4a-4f5b-8c7d-9e0a1b2c3d4e');
  });
});
