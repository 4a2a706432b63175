import { html, SafeHtml } from '../console/views/html';
import { layout } from '../console/views/layout';

/** What Webex put on the redirect: the code and state of a consent, or the error of a refused one. */
export interface CallbackQuery {
  code?: string;
  state?: string;
  error?: string;
  errorDescription?: string;
}

/** Characters a code may have for the page to offer it as a shell line (anything else is shown, not quoted). */
const SHELL_SAFE = /^[A-Za-z0-9._~-]{1,2000}$/;

/**
 * The page a browser lands on at `<hub>/callback` after consent: the code, the state, and what to
 * run next in the walkthrough. Codes are single-use and short-lived, hence the hurry in the text.
 */
export function callbackPage(query: CallbackQuery): SafeHtml {
  if (query.error) {
    return layout(
      { title: 'Consent not given' },
      html`<h1>Webex did not give a code</h1>
      <div class="card">
        <p>Webex answered <code id="error">${query.error}</code>${query.errorDescription && html`: <span id="error-description">${query.errorDescription}</span>`}.</p>
        ${query.state && html`<p>State: <code id="state">${query.state}</code></p>`}
        <p>Ask for a new OAuth URL and consent again.</p>
      </div>`,
    );
  }
  if (!query.code) {
    return layout(
      { title: 'OAuth callback' },
      html`<h1>OAuth callback</h1>
      <div class="card"><p id="message">This is where Webex sends the browser back after consent, with <code>?code=…&amp;state=…</code>. This request carried neither a code nor an error.</p></div>`,
    );
  }
  return layout(
    { title: 'Webex sent a code' },
    html`<h1>Webex sent a code</h1>
    <div class="card">
      <p>Code: <code id="code">${query.code}</code></p>
      ${query.state && html`<p>State: <code id="state">${query.state}</code> (check that it is the one you sent)</p>`}
      <p>Next, in the shell of the walkthrough (the code is single-use and expires within minutes):</p>
      <pre id="next">${SHELL_SAFE.test(query.code) ? html`CODE='${query.code}'\n` : ''}# then step 5: create the instance (POST $API/instances with "providerData": {"code": "$CODE"})</pre>
      <p class="hint">Pass the same <code>oauth.callback.url</code> you gave <code>/oauth/url</code>: Webex binds the code to it.</p>
    </div>`,
  );
}
