import { CONSOLE_PATH } from '../console-http';
import { html, SafeHtml } from './html';
import { layout } from './layout';

/** The console lives under the API prefix. */
const API_PATH = CONSOLE_PATH.replace(/\/console$/, '');

/** `GET /`: where a person who typed the hub's address goes next. Relative links, so it works behind a proxy. */
export function welcomePage(): SafeHtml {
  const link = (href: string, label: string, hint: string) => html`<li><a href="${href}">${label}</a><p class="hint">${hint}</p></li>`;
  return layout(
    { title: 'Welcome' },
    html`<div class="card">
      <h1>Element Hub</h1>
      <p>A connector hub for the Webex messaging API. The API is under <code>${API_PATH}</code>.</p>
      <ul>
        ${link('/docs', 'API documentation', 'Every operation, with a form to try it (OpenAPI at /docs-json).')}
        ${link('/console', 'Console', 'Log in to connect Webex accounts and manage instances.')}
        ${link('/health', 'Health', 'Whether the hub and its database answer; /health/ready for load balancers.')}
        ${link('/metrics', 'Metrics', 'Prometheus metrics.')}
      </ul>
    </div>`,
  );
}
