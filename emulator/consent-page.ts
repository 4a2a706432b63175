import type { Integration } from './model';

const escape = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** What Webex's consent page says a scope lets the integration do. */
const SCOPE_WORDS: Record<string, string> = {
  'spark:all': 'Full access to your Webex account',
  'spark:kms': 'Use the encryption keys of your messages',
  'spark:messages_read': 'Read the content of rooms that you are in',
  'spark:messages_write': 'Post and delete messages on your behalf',
  'spark:rooms_read': 'List the titles of rooms that you are in',
  'spark:rooms_write': 'Manage rooms on your behalf',
  'spark:memberships_read': 'List the people in rooms that you are in',
  'spark:memberships_write': 'Invite people to rooms on your behalf',
  'spark:people_read': 'Read your company directory',
  'spark:teams_read': 'List the teams you are a member of',
  'spark:teams_write': 'Create teams on your behalf',
};

/**
 * Webex's look (Accept first for the Enter key, drawn on the right), drawn with the page's own styles (no external asset): a white card on a light
 * grey field, the Webex mark, the integration's request in plain words, and pill-shaped buttons.
 */
const STYLE = `
*{box-sizing:border-box}
body{margin:0;min-height:100vh;background:#f7f7f7;color:#121212;font-family:"CiscoSansTT","Helvetica Neue",Helvetica,Arial,sans-serif;display:flex;flex-direction:column;align-items:center}
header{width:100%;padding:18px 28px;display:flex;align-items:center;gap:10px;font-size:20px;font-weight:600}
.mark{width:30px;height:30px;border-radius:50%;background:conic-gradient(from 200deg,#07c1e4,#0a78cc,#3bd6a3,#07c1e4)}
main{width:100%;max-width:440px;margin:12px 16px 40px;padding:32px 28px;background:#fff;border-radius:12px;box-shadow:0 2px 10px rgba(0,0,0,.12)}
h1{font-size:22px;font-weight:500;line-height:1.3;margin:0 0 18px}
.app{font-weight:700}
p{margin:0 0 10px;color:#545454}
#scopes{list-style:none;padding:0;margin:0 0 22px;border-top:1px solid #dedede}
#scopes li{padding:10px 0;border-bottom:1px solid #dedede}
#scopes code{display:block;font-size:12px;color:#6f6f6f;margin-top:2px}
label{display:block;font-size:14px;font-weight:600;margin:0 0 6px}
input[type=email]{width:100%;padding:10px 12px;border:1px solid #8f8f8f;border-radius:8px;font:inherit;margin-bottom:22px}
.buttons{display:flex;flex-direction:row-reverse;justify-content:flex-start;gap:12px;flex-wrap:wrap}
button{min-width:108px;padding:10px 22px;border-radius:20px;font:inherit;font-weight:600;cursor:pointer}
button[value=accept]{background:#0a78cc;border:1px solid #0a78cc;color:#fff}
button[value=decline]{background:#fff;border:1px solid #545454;color:#121212}
button:focus-visible,input:focus-visible{outline:3px solid #64b4fa;outline-offset:2px}
footer{font-size:12px;color:#6f6f6f}
`;

function frame(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><style>${STYLE}</style></head>
<body>
  <header><span class="mark" aria-hidden="true"></span>Webex</header>
  ${body}
  <footer>Webex emulator: this page stands in for Webex's consent page.</footer>
</body>
</html>`;
}

/** The consent page `GET /v1/authorize` shows; its form posts back to `/v1/authorize`. */
export function consentPage(integration: Integration, scopes: string[], hidden: Record<string, string | undefined>, emails: string[]): string {
  const fields = Object.entries(hidden)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v as string)}">`)
    .join('\n      ');
  const options = emails.map((e) => `<option value="${escape(e)}"></option>`).join('');
  const scopeItems = scopes.map((s) => `<li>${escape(SCOPE_WORDS[s] ?? s)}<code>${escape(s)}</code></li>`).join('');
  return frame(
    `Webex (emulator) — Authorize ${escape(integration.name)}`,
    `<main>
    <h1><span class="app">${escape(integration.name)}</span> would like to access your Webex account</h1>
    <p>It asks for these scopes:</p>
    <ul id="scopes">${scopeItems}</ul>
    <form method="post" action="/v1/authorize">
      ${fields}
      <label for="email">Sign in as (email)</label>
      <input id="email" name="email" type="email" list="people" required value="${escape(emails[0] ?? '')}">
      <datalist id="people">${options}</datalist>
      <div class="buttons">
        <button type="submit" name="decision" value="accept">Accept</button>
        <button type="submit" name="decision" value="decline" formnovalidate>Decline</button>
      </div>
    </form>
  </main>`,
  );
}

export function errorPage(message: string): string {
  return frame('Webex (emulator) — Authorization error', `<main><h1>Authorization error</h1><p id="error">${escape(message)}</p></main>`);
}
