import { CONSOLE_PATH } from '../console-http';
import type { ConsoleContext } from '../console.guard';
import { html, SafeHtml } from './html';

export type Section = 'instances' | 'connect' | 'admins' | 'profile' | 'audit';

export interface PageFrame {
  title: string;
  /** The browser tab's title when the page is not the console's (the connect pages); `<title> · Element Hub console` otherwise. */
  tabTitle?: string;
  session?: ConsoleContext;
  section?: Section;
  notice?: string;
  error?: string;
}

export const url = (path: string): string => `${CONSOLE_PATH}${path}`;

/** The hidden field every console form carries. */
export function csrfField(session: ConsoleContext): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${session.csrfToken}">`;
}

/** A one-button form posting to `path`: the console's actions are all posts with the CSRF token. */
export function actionButton(session: ConsoleContext, path: string, label: string, className = 'secondary', extra: SafeHtml | string = ''): SafeHtml {
  return html`<form method="post" action="${url(path)}">${csrfField(session)}${extra}<button type="submit" class="${className}">${label}</button></form>`;
}

function menu(session: ConsoleContext, section?: Section): SafeHtml {
  const link = (key: Section, path: string, label: string) => html`<a href="${url(path)}"${key === section ? html` aria-current="page"` : ''}>${label}</a>`;
  return html`<nav aria-label="Console">
      ${link('instances', '/instances', 'Instances')}
      ${link('connect', '/connect', 'Connect a Webex account')}
      ${session.admin.role === 'super' && link('admins', '/admins', 'Admins')}
      ${link('audit', '/audit', 'Audit log')}
      ${link('profile', '/profile', 'My profile')}
    </nav>
    <span class="who">${session.admin.displayName} (${session.admin.username})</span>
    ${actionButton(session, '/logout', 'Log out')}`;
}

export function layout(frame: PageFrame, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${frame.tabTitle ?? `${frame.title} · Element Hub console`}</title>
  <link rel="stylesheet" href="${url('/console.css')}">
</head>
<body>
  <header class="top">
    <span class="brand">Element Hub</span>
    ${frame.session && menu(frame.session, frame.section)}
  </header>
  <main>
    ${frame.notice && html`<p class="notice" role="status">${frame.notice}</p>`}
    ${frame.error && html`<p class="error" role="alert">${frame.error}</p>`}
    ${body}
  </main>
</body>
</html>`;
}

/** Refusals and errors: what happened, in words, and a way back. */
export function messagePage(session: ConsoleContext | undefined, title: string, message: string, requestId?: string): SafeHtml {
  return layout(
    { title, session },
    html`<h1>${title}</h1>
    <div class="card"><p id="message">${message}</p>
    ${requestId && html`<p class="hint">Request ${requestId}</p>`}
    <p><a href="${url(session ? '/instances' : '/login')}">${session ? 'Back to the instances' : 'Go to the login page'}</a></p></div>`,
  );
}

/** A time as UTC text, with the exact instant for machines in `datetime`. */
export function timeOf(iso: string | undefined, now = Date.now()): SafeHtml {
  if (!iso) return html`<span class="empty">never</span>`;
  const date = new Date(iso);
  const text = `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  return html`<time datetime="${date.toISOString()}">${text}</time> <span class="hint">(${relative(date.getTime() - now)})</span>`;
}

function relative(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const amount = minutes < 1 ? 'less than a minute' : minutes < 120 ? `${minutes} min` : minutes < 48 * 60 ? `${Math.round(minutes / 60)} h` : `${Math.round(minutes / 1440)} days`;
  return ms >= 0 ? `in ${amount}` : `${amount} ago`;
}
