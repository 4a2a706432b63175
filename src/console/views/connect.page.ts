import type { ConsoleContext } from '../console.guard';
import { html, SafeHtml } from './html';
import { csrfField, layout, url } from './layout';

export interface ConnectForm {
  defaultScopes: string;
  hasDefaultClient: boolean;
  callbackUrl: string;
}

/** A page that adds an instance: its form posts to `path` with the name, the tags, then `fields`. */
function addPage(session: ConsoleContext, title: string, path: string, fields: SafeHtml, after: SafeHtml | string = ''): SafeHtml {
  return layout(
    { title, session, section: 'connect' },
    html`<h1>${title}</h1>
    <div class="card narrow">
      <form method="post" action="${url(path)}">
        ${csrfField(session)}
        <label for="name">Instance name</label>
        <input id="name" name="name" type="text" required maxlength="200">
        <label for="tags">Tags</label>
        <input id="tags" name="tags" type="text" aria-describedby="tags-hint">
        <p class="hint" id="tags-hint">Comma separated, for example <code>sales, emea</code>.</p>
        ${fields}
      </form>
      ${after}
    </div>`,
  );
}

export function connectPage(session: ConsoleContext, form: ConnectForm): SafeHtml {
  const optional = form.hasDefaultClient ? ' (leave blank to use the hub’s integration)' : '';
  return addPage(
    session,
    'Connect a Webex account',
    '/connect',
    html`<label for="clientId">Client ID${optional}</label>
        <input id="clientId" name="clientId" type="text" autocomplete="off" ${form.hasDefaultClient ? '' : html`required`}>
        <label for="clientSecret">Client secret${optional}</label>
        <input id="clientSecret" name="clientSecret" type="password" autocomplete="off" ${form.hasDefaultClient ? '' : html`required`}>
        <label for="scope">Scopes</label>
        <input id="scope" name="scope" type="text" value="${form.defaultScopes}" aria-describedby="scope-hint">
        <p class="hint" id="scope-hint">Space separated Webex scopes. The integration’s redirect URI must be <code>${form.callbackUrl}</code>.</p>
        <div class="actions"><button type="submit">Continue to Webex</button></div>`,
    html`<p class="hint">Have a bot’s token or a personal access token instead? <a href="${url('/connect/token')}">Add from a token</a>.</p>`,
  );
}

/** "Add from a token": a bot token never expires; a personal access token lives 12 hours, and the instance with it. */
export function connectTokenPage(session: ConsoleContext): SafeHtml {
  return addPage(
    session,
    'Add from a token',
    '/connect/token',
    html`<label for="accessToken">Access token</label>
        <input id="accessToken" name="accessToken" type="password" autocomplete="off" required maxlength="4096" aria-describedby="token-hint">
        <p class="hint" id="token-hint">A bot’s access token, which never expires, or a personal access token, which lives 12 hours: the instance stops working with it. The hub checks it with Webex before adding anything.</p>
        <div class="actions"><button type="submit">Add the instance</button></div>`,
  );
}
