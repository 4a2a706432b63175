import type { EventWebhooksView } from '../../events/events.dto';
import type { OutboxEvent } from '../../events/outbox-event.entity';
import type { InstanceView } from '../../instances/instances.dto';
import type { RefreshRecord } from '../../tokens/token-events';
import type { ConsoleInstance } from '../console-instances.service';
import type { ConsoleContext } from '../console.guard';
import { html, SafeHtml } from './html';
import { instanceFacts } from './instance-facts';
import { instanceActions } from './instances.page';
import { actionButton, layout, timeOf, url } from './layout';

/** The outbox's statuses in a reader's words. */
const DELIVERY: Record<OutboxEvent['status'], string> = { RECEIVED: 'waiting', DISPATCHED: 'delivering', NOTIFIED: 'delivered', FAILED: 'failed' };

const iso = (date: Date | null | undefined) => (date ? new Date(date).toISOString() : undefined);

function eventsOf(session: ConsoleContext, instance: InstanceView, events: OutboxEvent[]): SafeHtml {
  if (!events.length) return html`<p class="events empty">No recent events.</p>`;
  return html`<div class="scroll"><table class="events">
    <caption class="hint">Recent events of ${instance.name}, newest first</caption>
    <thead><tr><th scope="col">Event</th><th scope="col">Received</th><th scope="col">Delivery</th><th scope="col"><span class="hint">Action</span></th></tr></thead>
    <tbody>${events.map(
      (e) => html`<tr data-event="${e.id}">
        <td>${e.objectType} ${e.vendorEvent ?? e.eventType.toLowerCase()}</td><td>${timeOf(new Date(e.receivedAt).toISOString())}</td>
        <td data-field="delivery">${DELIVERY[e.status]} (${e.attempts} ${e.attempts === 1 ? 'attempt' : 'attempts'})${e.lastError && html`<br><span class="hint">${e.lastError}</span>`}</td>
        <td>${e.status === 'FAILED' && actionButton(session, `/instances/${instance.id}/events/${encodeURIComponent(e.id)}/redeliver`, 'Redeliver')}</td>
      </tr>`,
    )}</tbody>
  </table></div>`;
}

/** The Webex webhooks of an instance with events on, as the last check found them, and the last registration error. */
function webhooksOf(webhooks: EventWebhooksView | undefined): SafeHtml {
  if (!webhooks) return html`<p class="webhooks empty" data-field="webhooks">Events are off for this instance: no Webex webhooks are registered.</p>`;
  const hooks = webhooks.webhooks.map((w) => `${w.resource} ${w.status ?? 'active'}`).join(', ') || 'none registered';
  return html`<p class="webhooks" data-field="webhooks">Webex webhooks: ${hooks} <span class="hint">checked ${timeOf(webhooks.checkedDate ?? undefined)}</span>${
    webhooks.lastError && html`<br><span class="status invalid" data-field="webhook-error">Registration error: ${webhooks.lastError}</span> ${timeOf(webhooks.lastErrorDate ?? undefined)}`
  }</p>`;
}

/** What tokens/ records of the refreshes: the last and next, the last error, the failures since the last success. */
function refreshesOf({ instance, refreshes }: ConsoleInstance): SafeHtml {
  return html`<dl class="facts" id="refreshes">
    <dt>Last refresh</dt><dd>${timeOf(instance.lastRefreshDate)}</dd>
    <dt>Next refresh</dt><dd>${timeOf(instance.nextRefreshDate)}</dd>
    <dt>Access token expires</dt><dd>${timeOf(iso(refreshes.accessTokenExpiresAt))}</dd>
    <dt>Refresh token expires</dt><dd>${timeOf(iso(refreshes.refreshTokenExpiresAt))}</dd>
    <dt>Failures in a row</dt><dd data-field="refresh-failures">${refreshes.refreshFailures ?? 0}</dd>
    <dt>Last error</dt><dd data-field="refresh-error">${instance.lastRefreshError ?? html`<span class="empty">none</span>`}</dd>
    ${!instance.valid && html`<dt>Invalid since</dt><dd>${timeOf(instance.invalidDate)}</dd>`}
  </dl>`;
}

/** Outcomes and triggers of the refresh history in a reader's words. */
const OUTCOME: Record<RefreshRecord['outcome'], string> = { REFRESHED: 'refreshed', FAILED_RETRYING: 'failed, will retry', INVALIDATED: 'invalidated' };
const OUTCOME_CLASS: Record<RefreshRecord['outcome'], string> = { REFRESHED: 'valid', FAILED_RETRYING: 'disabled', INVALIDATED: 'invalid' };
const TRIGGER: Record<RefreshRecord['trigger'], string> = { SCHEDULER: 'schedule', HUB_CALL: 'hub call', API: 'API', CONSOLE: 'console' };

/** The last refresh attempts: when, how each ended, who asked, and Webex's code for a failure. */
function historyOf(instance: InstanceView, history: RefreshRecord[]): SafeHtml {
  if (!history.length) return html`<p class="refresh-history empty">No refresh attempts recorded yet.</p>`;
  return html`<div class="scroll"><table class="refresh-history">
    <caption class="hint">Last refresh attempts of ${instance.name}, newest first</caption>
    <thead><tr><th scope="col">When</th><th scope="col">Outcome</th><th scope="col">Asked by</th><th scope="col">Webex code</th></tr></thead>
    <tbody>${history.map(
      (r) => html`<tr data-outcome="${r.outcome}">
        <td>${timeOf(new Date(r.at).toISOString())}</td><td><span class="status ${OUTCOME_CLASS[r.outcome]}">${OUTCOME[r.outcome]}</span></td>
        <td>${TRIGGER[r.trigger]}</td><td>${r.webexCode ? html`<code>${r.webexCode}</code>` : html`<span class="empty">none</span>`}</td>
      </tr>`,
    )}</tbody>
  </table></div>`;
}

/** The configuration as the API reads it: secrets (and the client id, as Cloud Elements does) masked. */
function configurationOf(instance: InstanceView): SafeHtml {
  const entries = Object.entries(instance.configuration);
  if (!entries.length) return html`<p class="empty">No configuration.</p>`;
  return html`<dl class="facts config" id="configuration">${entries.map(([key, value]) => html`<dt><code>${key}</code></dt><dd>${value}</dd>`)}</dl>`;
}

export function instancePage(session: ConsoleContext, detail: ConsoleInstance, notice?: string): SafeHtml {
  const { instance } = detail;
  return layout(
    { title: instance.name, session, section: 'instances', notice },
    html`<h1 class="crumbs"><a href="${url('/instances')}">Instances</a> › ${instance.name}</h1>
    <section class="card" id="instance-${instance.id}" aria-label="Instance ${instance.name}">
      ${instanceFacts(instance)}
      <div class="actions">
        ${instanceActions(session, instance)}
        <a class="button secondary" href="${url(`/instances/${instance.id}/trace`)}">Trace${instance.traceLoggingEnabled ? ' (on)' : ''}</a>
        <a class="button secondary" href="${url(`/instances/${instance.id}/delete`)}">Delete…</a>
      </div>
      <h2>Webex webhooks</h2>
      ${webhooksOf(detail.webhooks)}
    </section>
    <section class="card" aria-labelledby="refreshes-title"><h2 id="refreshes-title">Token refreshes</h2>${refreshesOf(detail)}${historyOf(instance, detail.history)}</section>
    <section class="card" aria-labelledby="events-title"><h2 id="events-title">Recent events</h2>${eventsOf(session, instance, detail.events)}</section>
    <section class="card" aria-labelledby="configuration-title"><h2 id="configuration-title">Configuration</h2>${configurationOf(instance)}</section>`,
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
