import type { InstanceView } from '../../instances/instances.dto';
import type { ConsoleContext } from '../console.guard';
import { COPY_SCRIPT } from './copy-script';
import { html, SafeHtml } from './html';
import { instanceFacts } from './instance-facts';
import { layout, url } from './layout';

function tokenOnce(token: string): SafeHtml {
  return html`<div class="token-once" id="instance-token-box">
      <label for="instance-token">Instance token</label>
      <div class="copy">
        <input id="instance-token" type="text" readonly value="${token}" spellcheck="false" autocomplete="off" aria-describedby="token-once-hint">
        <button type="button" data-copy="instance-token" hidden>Copy</button>
      </div>
      <p class="hint" id="token-once-hint"><strong>Shown once.</strong> Copy it now: apps send it as <code>Element &lt;token&gt;</code> in the Authorization header. The hub keeps only its hash, so this page shows it no more; a lost token can only be replaced (<code>POST /instances/{id}/token</code>).</p>
    </div>
    <script>${new SafeHtml(COPY_SCRIPT)}</script>`;
}

/** After a connect: who it connected as, and the instance token when this is the page's first showing. */
export function connectedPage(session: ConsoleContext, instance: InstanceView, token?: string): SafeHtml {
  return layout(
    { title: 'Webex account connected', session, section: 'instances' },
    html`<h1>Webex account connected</h1>
    <div class="card" id="connected">
      <p>Connected as <strong class="name">${instance.displayName ?? 'Unknown account'}</strong> <span class="email">${instance.email ?? ''}</span>.</p>
      ${token ? tokenOnce(token) : html`<p class="hint" id="token-shown">The instance token was shown once, right after connecting. A lost token can only be replaced (<code>POST /instances/${instance.id}/token</code>).</p>`}
      ${instanceFacts(instance, url(`/instances/${instance.id}`))}
    </div>
    <p><a class="button" href="${url('/instances')}">See all instances</a></p>`,
  );
}

/** After a re-authorization: who granted access this time; the instance kept its id and token. */
export function reauthorizedPage(session: ConsoleContext, instance: InstanceView): SafeHtml {
  return layout(
    { title: 'Instance re-authorized', session, section: 'instances' },
    html`<h1>Instance re-authorized</h1>
    <div class="card" id="connected">
      <p>Re-authorized as <strong class="name">${instance.displayName ?? 'Unknown account'}</strong> <span class="email">${instance.email ?? ''}</span>. The instance keeps its id and its token: apps using it need no change.</p>
      ${instanceFacts(instance, url(`/instances/${instance.id}`))}
    </div>
    <p><a class="button" href="${url('/instances')}">See all instances</a></p>`,
  );
}
