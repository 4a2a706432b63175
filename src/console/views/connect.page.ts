import type { ConsoleContext } from '../console.guard';
import { html, SafeHtml } from './html';
import { csrfField, layout, url } from './layout';

export interface ConnectForm {
  defaultScopes: string;
  hasDefaultClient: boolean;
  callbackUrl: string;
}

export function connectPage(session: ConsoleContext, form: ConnectForm): SafeHtml {
  const optional = form.hasDefaultClient ? ' (leave blank to use the hub’s integration)' : '';
  return layout(
    { title: 'Connect a Webex account', session, section: 'connect' },
    html`<h1>Connect a Webex account</h1>
    <div class="card narrow">
      <form method="post" action="${url('/connect')}">
        ${csrfField(session)}
        <label for="name">Instance name</label>
        <input id="name" name="name" type="text" required maxlength="200">
        <label for="tags">Tags</label>
        <input id="tags" name="tags" type="text" aria-describedby="tags-hint">
        <p class="hint" id="tags-hint">Comma separated, for example <code>sales, emea</code>.</p>
        <label for="clientId">Client ID${optional}</label>
        <input id="clientId" name="clientId" type="text" autocomplete="off" ${form.hasDefaultClient ? '' : html`required`}>
        <label for="clientSecret">Client secret${optional}</label>
        <input id="clientSecret" name="clientSecret" type="password" autocomplete="off" ${form.hasDefaultClient ? '' : html`required`}>
        <label for="scope">Scopes</label>
        <input id="scope" name="scope" type="text" value="${form.defaultScopes}" aria-describedby="scope-hint">
        <p class="hint" id="scope-hint">Space separated Webex scopes. The integration’s redirect URI must be <code>${form.callbackUrl}</code>.</p>
        <div class="actions"><button type="submit">Continue to Webex</button></div>
      </form>
    </div>`,
  );
}
