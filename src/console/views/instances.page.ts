import type { OutboxEvent } from '../../events/outbox-event.entity';
import type { EventWebhooksView } from '../../events/events.dto';
import type { ConsoleInstance } from '../console-instances.service';
import type { ConsoleContext } from '../console.guard';
import type { InstanceView } from '../../instances/instances.dto';
import { html, SafeHtml } from './html';
import { actionButton, layout, timeOf, url } from './layout';

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

/** Name, account, status and refresh times of one instance. */
export function instanceFacts(instance: InstanceView): SafeHtml {
  return html`<div class="instance">
    ${avatarOf(instance)}
    <div>
      <h2>${instance.name}</h2>
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

/** The outbox's statuses in a reader's words. */
const DELIVERY: Record<OutboxEvent['status'], string> = { RECEIVED: 'waiting', DISPATCHED: 'delivering', NOTIFIED: 'delivered', FAILED: 'failed' };

function eventsOf(session: ConsoleContext, instance: InstanceView, events: OutboxEvent[]): SafeHtml {
  if (!events.length) return html`<p class="events empty">No recent events.</p>`;
  return html`<table class="events">
    <caption class="hint">Recent events of ${instance.name}</caption>
    <thead><tr><th scope="col">Event</th><th scope="col">Received</th><th scope="col">Delivery</th><th scope="col"><span class="hint">Action</span></th></tr></thead>
    <tbody>${events.map(
      (e) => html`<tr data-event="${e.id}">
        <td>${e.objectType} ${e.vendorEvent ?? e.eventType.toLowerCase()}</td><td>${timeOf(new Date(e.receivedAt).toISOString())}</td>
        <td data-field="delivery">${DELIVERY[e.status]} (${e.attempts} ${e.attempts === 1 ? 'attempt' : 'attempts'})${e.lastError && html`<br><span class="hint">${e.lastError}</span>`}</td>
        <td>${e.status === 'FAILED' && actionButton(session, `/instances/${instance.id}/events/${encodeURIComponent(e.id)}/redeliver`, 'Redeliver')}</td>
      </tr>`,
    )}</tbody>
  </table>`;
}

/** The Webex webhooks of an instance with events on, as the last check found them, and the last registration error. */
function webhooksOf(webhooks: EventWebhooksView | undefined): SafeHtml | undefined {
  if (!webhooks) return undefined;
  const hooks = webhooks.webhooks.map((w) => `${w.resource} ${w.status ?? 'active'}`).join(', ') || 'none registered';
  return html`<p class="webhooks" data-field="webhooks">Webex webhooks: ${hooks} <span class="hint">checked ${timeOf(webhooks.checkedDate ?? undefined)}</span>${
    webhooks.lastError && html`<br><span class="status invalid" data-field="webhook-error">Registration error: ${webhooks.lastError}</span> ${timeOf(webhooks.lastErrorDate ?? undefined)}`
  }</p>`;
}

export function instancesPage(session: ConsoleContext, rows: ConsoleInstance[], notice?: string): SafeHtml {
  const cards = rows.map(
    ({ instance, events, webhooks }) => html`<section class="card" id="instance-${instance.id}" aria-label="Instance ${instance.name}">
      ${instanceFacts(instance)}
      ${eventsOf(session, instance, events)}
      ${webhooksOf(webhooks)}
      <div class="actions">
        ${actionButton(session, `/instances/${instance.id}/refresh`, 'Refresh now')}
        ${instance.disabled ? actionButton(session, `/instances/${instance.id}/enable`, 'Enable') : actionButton(session, `/instances/${instance.id}/disable`, 'Disable')}
        <a class="button secondary" href="${url(`/instances/${instance.id}/trace`)}">Trace${instance.traceLoggingEnabled ? ' (on)' : ''}</a>
        <a class="button secondary" href="${url(`/instances/${instance.id}/delete`)}">Delete…</a>
      </div>
    </section>`,
  );
  return layout(
    { title: 'Instances', session, section: 'instances', notice },
    html`<h1>Instances</h1>
    ${rows.length ? cards : html`<div class="card"><p class="empty">No Webex account is connected yet.</p></div>`}
    <p><a class="button" href="${url('/connect')}">Connect a Webex account</a></p>`,
  );
}

export function deleteInstancePage(session: ConsoleContext, instance: InstanceView): SafeHtml {
  return layout(
    { title: `Delete ${instance.name}`, session, section: 'instances' },
    html`<h1>Delete this instance?</h1>
    <div class="card">
      ${instanceFacts(instance)}
      <p>Apps using its instance token stop working at once. This cannot be undone.</p>
      <div class="actions">
        ${actionButton(session, `/instances/${instance.id}/delete`, 'Delete the instance', 'danger')}
        <a class="button secondary" href="${url('/instances')}">Cancel</a>
      </div>
    </div>`,
  );
}

export function connectedPage(session: ConsoleContext, instance: InstanceView): SafeHtml {
  return layout(
    { title: 'Webex account connected', session, section: 'instances' },
    html`<h1>Webex account connected</h1>
    <div class="card" id="connected">
      <p>Connected as <strong class="name">${instance.displayName ?? 'Unknown account'}</strong> <span class="email">${instance.email ?? ''}</span>.</p>
      ${instanceFacts(instance)}
    </div>
    <p><a class="button" href="${url('/instances')}">See all instances</a></p>`,
  );
}
