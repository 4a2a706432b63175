import type { InstancePage, InstanceStatus } from '../../instances/instance-listing';
import type { InstanceView } from '../../instances/instances.dto';
import type { InstanceSearch } from '../console-instances.service';
import type { ConsoleContext } from '../console.guard';
import { html, SafeHtml } from './html';
import { canReauthorize, instanceFacts } from './instance-facts';
import { actionButton, layout, url } from './layout';

const STATUSES: Array<[InstanceStatus, string]> = [
  ['valid', 'Valid'],
  ['invalid', 'Invalid: needs re-authorization'],
  ['disabled', 'Disabled'],
];

/**
 * Refresh now while Webex honours the grant, Re-authorize once it does not; neither for an
 * instance added from a token, which Webex neither refreshes nor consents to again. Enable or disable either way.
 */
export function instanceActions(session: ConsoleContext, instance: InstanceView): SafeHtml {
  const base = `/instances/${instance.id}`;
  const grant = canReauthorize(instance) && (instance.valid ? actionButton(session, `${base}/refresh`, 'Refresh now') : actionButton(session, `${base}/reauthorize`, 'Re-authorize', ''));
  return html`${grant}
    ${instance.disabled ? actionButton(session, `${base}/enable`, 'Enable') : actionButton(session, `${base}/disable`, 'Disable')}`;
}

function searchForm(search: InstanceSearch): SafeHtml {
  const option = (value: string, label: string) => html`<option value="${value}"${value === (search.status ?? '') ? html` selected` : ''}>${label}</option>`;
  return html`<form class="search card" method="get" action="${url('/instances')}" role="search">
    <div class="field">
      <label for="search">Search</label>
      <input id="search" name="search" type="search" maxlength="200" value="${search.search ?? ''}" aria-describedby="search-hint">
      <p class="hint" id="search-hint">A part of the instance’s name, the account’s email or name, or a tag.</p>
    </div>
    <div class="field">
      <label for="status">Status</label>
      <select id="status" name="status">${option('', 'Any status')}${STATUSES.map(([value, label]) => option(value, label))}</select>
    </div>
    <div class="actions"><button type="submit">Search</button>${(search.search || search.status) && html`<a class="button secondary" href="${url('/instances')}">Clear</a>`}</div>
  </form>`;
}

/** The same search on its next page; `page` only numbers the page for the reader. */
function pageLink(search: InstanceSearch, next: string, page: number): string {
  const query = new URLSearchParams({ ...(search.search && { search: search.search }), ...(search.status && { status: search.status }), next, page: String(page) });
  return url(`/instances?${query.toString()}`);
}

export function instancesPage(session: ConsoleContext, listing: InstancePage, search: InstanceSearch & { page: number }, notice?: string): SafeHtml {
  const searching = Boolean(search.search || search.status);
  const cards = listing.instances.map(
    (instance) => html`<section class="card" id="instance-${instance.id}" aria-label="Instance ${instance.name}">
      ${instanceFacts(instance, url(`/instances/${instance.id}`))}
      <div class="actions">
        ${instanceActions(session, instance)}
        <a class="button secondary" href="${url(`/instances/${instance.id}/trace`)}">Trace${instance.traceLoggingEnabled ? ' (on)' : ''}</a>
        <a class="button secondary" href="${url(`/instances/${instance.id}/delete`)}">Delete…</a>
      </div>
    </section>`,
  );
  const empty = searching ? 'No instance matches this search.' : 'No Webex account is connected yet.';
  return layout(
    { title: 'Instances', session, section: 'instances', notice },
    html`<div class="heading"><h1>Instances</h1><a class="button" href="${url('/connect')}">Connect a Webex account</a></div>
    ${searchForm(search)}
    ${listing.instances.length ? cards : html`<div class="card"><p class="empty" id="no-instances">${empty}</p></div>`}
    <nav class="paging" aria-label="Pages of instances">
      <span id="page-number">Page ${search.page}</span>
      ${search.next && html`<a class="button secondary" href="${url(`/instances?${new URLSearchParams({ ...(search.search && { search: search.search }), ...(search.status && { status: search.status }) }).toString()}`)}">First page</a>`}
      ${listing.nextPage && html`<a class="button secondary" rel="next" href="${pageLink(search, listing.nextPage, search.page + 1)}">Next page</a>`}
    </nav>`,
  );
}
