import type { ConsoleContext } from '../console/console-context';
import { html, SafeHtml } from '../console/views/html';
import { layout, timeOf } from '../console/views/layout';
import type { AuditEntryView } from './audit.dto';

function who(entry: AuditEntryView): string {
  if (entry.console_admin_id !== undefined) return `console admin ${entry.console_admin_id}`;
  return entry.user_id !== undefined ? `user ${entry.user_id}` : 'unknown';
}

/** The newest audit entries in the console: who changed what, when and from where (secrets masked). */
export function auditPage(session: ConsoleContext, entries: AuditEntryView[]): SafeHtml {
  const rows = entries.map(
    (e) => html`<tr data-audit="${e.id}">
      <td>${timeOf(e.timestamp)}</td><td>${who(e)}${e.org_id !== undefined && html`<br><span class="hint">organization ${e.org_id}</span>`}</td>
      <td data-field="change">${e.action} ${e.resource_type}${e.resource_id !== undefined ? ` ${e.resource_id}` : ''}</td>
      <td><code>${e.method} ${e.resource_uri}</code></td><td>${e.ip_address}</td>
      <td>${e.changes && html`<pre>${JSON.stringify(e.changes, null, 2)}</pre>`}</td>
    </tr>`,
  );
  return layout(
    { title: 'Audit log', session, section: 'audit' },
    html`<h1>Audit log</h1>
    <p class="hint">The newest changes to instances, users, secrets and console admins${session.admin.role === 'super' ? '' : ' of your organization'}. The full log: <code>GET /audit-logs</code>.</p>
    ${
      entries.length
        ? html`<table class="events">
      <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Change</th><th scope="col">Request</th><th scope="col">Address</th><th scope="col">Fields set</th></tr></thead>
      <tbody>${rows}</tbody>
    </table>`
        : html`<p class="empty">No changes recorded.</p>`
    }`,
  );
}
