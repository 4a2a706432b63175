import { html, SafeHtml } from './html';
import { layout, url } from './layout';

export function loginPage(csrfToken: string, options: { error?: string; notice?: string; username?: string } = {}): SafeHtml {
  return layout(
    { title: 'Log in', error: options.error, notice: options.notice },
    html`<div class="card narrow">
      <h1>Log in to the console</h1>
      <form method="post" action="${url('/login')}">
        <input type="hidden" name="_csrf" value="${csrfToken}">
        <label for="username">Username</label>
        <input id="username" name="username" type="text" autocomplete="username" required value="${options.username ?? ''}">
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required>
        <div class="actions"><button type="submit">Log in</button></div>
      </form>
    </div>`,
  );
}
