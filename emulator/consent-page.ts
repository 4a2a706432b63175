import type { Integration } from './model';

const escape = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** The consent page `GET /v1/authorize` shows; its form posts back to `/v1/authorize`. */
export function consentPage(integration: Integration, scopes: string[], hidden: Record<string, string | undefined>, emails: string[]): string {
  const fields = Object.entries(hidden)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v as string)}">`)
    .join('\n      ');
  const options = emails.map((e) => `<option value="${escape(e)}"></option>`).join('');
  const scopeItems = scopes.map((s) => `<li><code>${escape(s)}</code></li>`).join('');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Webex (emulator) — Authorize ${escape(integration.name)}</title></head>
<body>
  <main>
    <h1>${escape(integration.name)} would like to access your Webex account</h1>
    <p>It asks for these scopes:</p>
    <ul id="scopes">${scopeItems}</ul>
    <form method="post" action="/v1/authorize">
      ${fields}
      <label for="email">Sign in as (email)</label>
      <input id="email" name="email" type="email" list="people" required value="${escape(emails[0] ?? '')}">
      <datalist id="people">${options}</datalist>
      <button type="submit" name="decision" value="accept">Accept</button>
      <button type="submit" name="decision" value="decline" formnovalidate>Decline</button>
    </form>
  </main>
</body>
</html>`;
}

export function errorPage(message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Webex (emulator) — Authorization error</title></head>
<body><main><h1>Authorization error</h1><p id="error">${escape(message)}</p></main></body></html>`;
}
