import { html, SafeHtml } from '../console/views/html';
import { layout } from '../console/views/layout';
import type { ConnectPage } from './connect-flow.service';
import { CONNECT_PATH } from './connect-sessions.service';

/** Seconds the connected page is shown before the browser goes back to the application. */
export const RETURN_DELAY_SECONDS = 3;

/** What the end user's tab says: the page, and the application that asked (the pages are not the console's). */
const tabTitle = (title: string, application?: string) => `${title} – ${application ?? 'Webex account connection'}`;

/** The end user's pages, in the console's shell and stylesheet (the header carries no menu: no hub account here). */
export function connectPage(page: ConnectPage, requestId: string): SafeHtml {
  if (page.page === 'start') return startPage(page);
  if (page.page === 'connected') return connectedPage(page);
  return layout(
    { title: page.title, tabTitle: tabTitle(page.title) },
    html`<h1>${page.title}</h1>
    <div class="card narrow" id="ended">
      <p id="message" role="${page.status >= 400 ? 'alert' : 'status'}">${page.message}</p>
      ${page.returnTo && html`<div class="actions"><a class="button secondary" href="${page.returnTo}">Back to the application</a></div>`}
      <p class="hint">Request ${requestId}</p>
    </div>`,
  );
}

function startPage(page: Extract<ConnectPage, { page: 'start' }>): SafeHtml {
  const title = page.reauthorize ? 'Reconnect your Webex account' : 'Connect your Webex account';
  return layout(
    { title, tabTitle: tabTitle(title, page.application) },
    html`<h1>${title}</h1>
    <div class="card narrow" id="start">
      <p><strong id="application">${page.application}</strong> asks for access to your Webex account. It will be able to:</p>
      <ul id="scopes">${page.scopes.map((s) => html`<li>${s.words} <span class="hint">(<code>${s.scope}</code>)</span></li>`)}</ul>
      <p class="hint">Webex asks you to sign in and confirm; the application never sees your Webex password. This link works until
        <time datetime="${page.expiresAt.toISOString()}">${page.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</time>.</p>
      <form method="post" action="${CONNECT_PATH}">
        <input type="hidden" name="token" value="${page.key}">
        <div class="actions"><button type="submit">Continue to Webex</button></div>
      </form>
    </div>`,
  );
}

function connectedPage(page: Extract<ConnectPage, { page: 'connected' }>): SafeHtml {
  const { displayName, email, avatar } = page.instance;
  const name = displayName ?? email ?? 'your Webex account';
  // The console's policy loads images from the hub, data: and https: only; other addresses get initials.
  const picture = avatar && /^(https:|data:image\/)/.test(avatar) ? html`<img class="avatar" src="${avatar}" alt="">` : html`<span class="avatar" aria-hidden="true">${initials(name)}</span>`;
  return layout(
    { title: 'Webex account connected', tabTitle: tabTitle('Webex account connected', page.application) },
    html`<h1>Webex account connected</h1>
    <div class="card narrow" id="connected">
      <div class="instance">
        ${picture}
        <div>
          <p class="account" role="status">Connected as <strong class="name">${name}</strong> <span class="email">${displayName ? email : ''}</span></p>
          <p class="hint">Taking you back to the application in a moment.</p>
        </div>
      </div>
      <div class="actions"><a class="button" id="continue" href="${page.returnTo}">Continue</a></div>
    </div>`,
  );
}

function initials(name: string): string {
  const words = name.replace(/@.*/, '').split(/[\s._-]+/).filter(Boolean);
  return words.slice(0, 2).map((w) => [...w][0].toUpperCase()).join('') || '?';
}
