import type { InstanceView } from '../../instances/instances.dto';
import { html, SafeHtml } from './html';
import { timeOf } from './layout';

export function avatarOf(instance: Pick<InstanceView, 'avatar' | 'displayName' | 'email'>): SafeHtml {
  const who = instance.displayName ?? instance.email ?? 'Webex account';
  if (instance.avatar) return html`<img class="avatar" src="${instance.avatar}" alt="Avatar of ${who}">`;
  const initials = who.split(/[\s@.]+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join('');
  return html`<span class="avatar" role="img" aria-label="Avatar of ${who}">${initials}</span>`;
}

export function statusOf(instance: InstanceView): SafeHtml {
  if (!instance.valid) return html`<span class="status invalid">Invalid${instance.invalidReason && html`: ${instance.invalidReason}`}</span>${instance.disabled ? ' (disabled)' : ''}`;
  if (instance.disabled) return html`<span class="status disabled">Disabled</span>`;
  return html`<span class="status valid">Valid</span>`;
}

function tagsOf(tags: string[]): SafeHtml {
  return tags.length ? html`${tags.map((t) => html`<span class="tag">${t}</span>`)}` : html`<span class="empty">none</span>`;
}

/** Whether the console can send the instance back to Webex's consent page: it was connected through an integration. */
export function canReauthorize(instance: InstanceView): boolean {
  return instance.externalAuthentication !== 'token';
}

/** Name (a link to its page, when given), account, status and refresh times of one instance. */
export function instanceFacts(instance: InstanceView, href?: string): SafeHtml {
  return html`<div class="instance">
    ${avatarOf(instance)}
    <div>
      <h2>${href ? html`<a href="${href}">${instance.name}</a>` : instance.name}</h2>
      <p class="account"><span class="name">${instance.displayName ?? 'Unknown account'}</span> · <span class="email">${instance.email ?? 'no email'}</span></p>
      <dl class="facts">
        <dt>Status</dt><dd data-field="status">${statusOf(instance)}</dd>
        <dt>Tags</dt><dd data-field="tags">${tagsOf(instance.tags)}</dd>
        <dt>Last refresh</dt><dd data-field="last-refresh">${timeOf(instance.lastRefreshDate)}</dd>
        <dt>Next refresh</dt><dd data-field="next-refresh">${timeOf(instance.nextRefreshDate)}</dd>
        ${instance.lastRefreshError && html`<dt>Last refresh error</dt><dd>${instance.lastRefreshError}</dd>`}
      </dl>
    </div>
  </div>`;
}
