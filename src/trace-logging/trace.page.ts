import type { ConsoleContext } from '../console/console-context';
import { html, SafeHtml } from '../console/views/html';
import { actionButton, layout, timeOf, url } from '../console/views/layout';
import type { InstanceView } from '../instances/instances.dto';
import type { TraceEntryView } from './trace-logging.dto';

const body = (value: unknown): SafeHtml => html`<pre>${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}</pre>`;

/** An instance's trace in the console: the switch, and the newest calls with their masked bodies. */
export function tracePage(session: ConsoleContext, instance: InstanceView, enabled: boolean, entries: TraceEntryView[]): SafeHtml {
  const rows = entries.map(
    (e) => html`<tr data-trace="${e.id}">
      <td>${timeOf(e.timestamp)}</td><td>${e.method}</td><td><code>${e.path}</code></td><td data-field="status">${e.responseCode}</td><td>${e.processTime} ms</td><td><code>${e.trackingId ?? ''}</code></td>
      <td>${(e.requestBody !== undefined || e.responseBody !== undefined) && html`<details><summary>Bodies</summary>${e.requestBody !== undefined && html`<h3>Request</h3>${body(e.requestBody)}`}${e.responseBody !== undefined && html`<h3>Response</h3>${body(e.responseBody)}`}</details>`}</td>
    </tr>`,
  );
  return layout(
    { title: `Trace of ${instance.name}`, session, section: 'instances' },
    html`<h1>Trace of ${instance.name}</h1>
    <p>Trace logging is <strong data-field="trace-logging">${enabled ? 'on' : 'off'}</strong>: while on, the hub keeps this instance's newest Webex calls, secrets masked.</p>
    <div class="actions">
      ${enabled ? actionButton(session, `/instances/${instance.id}/trace-logging/off`, 'Turn off') : actionButton(session, `/instances/${instance.id}/trace-logging/on`, 'Turn on')}
      <a class="button secondary" href="${url(`/instances#instance-${instance.id}`)}">Back to instances</a>
    </div>
    ${
      entries.length
        ? html`<table class="events">
      <thead><tr><th scope="col">When</th><th scope="col">Method</th><th scope="col">Path</th><th scope="col">Status</th><th scope="col">Time</th><th scope="col">trackingId</th><th scope="col">Bodies</th></tr></thead>
      <tbody>${rows}</tbody>
    </table>`
        : html`<p class="empty">No calls recorded.</p>`
    }`,
  );
}
