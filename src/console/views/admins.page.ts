import type { Organization } from '../../auth/organization.entity';
import type { ConsoleAdmin } from '../console-admin.entity';
import type { FormState } from '../console-forms';
import type { ConsoleContext } from '../console.guard';
import { PASSWORD_RULE } from '../console.dto';
import { html, SafeHtml } from './html';
import { actionButton, csrfField, layout, url } from './layout';

const NO_STATE: FormState = { values: {}, errors: {} };

interface Field {
  name: string;
  label: string;
  type: 'text' | 'email' | 'password';
  value?: string | null;
  /** Extra attributes: required, maxlength, autocomplete. */
  attributes?: SafeHtml;
  hint?: string;
}

/** A labelled input; after a refusal, its message beside it (and read out with it) and what was typed. */
function input(state: FormState, field: Field): SafeHtml {
  const error = state.errors[field.name];
  const value = field.type === 'password' ? '' : (state.values[field.name] ?? field.value ?? '');
  const described = [field.hint && `${field.name}-hint`, error && `${field.name}-error`].filter(Boolean).join(' ');
  return html`<label for="${field.name}">${field.label}</label>
    <input id="${field.name}" name="${field.name}" type="${field.type}" value="${value}" ${field.attributes ?? ''}${error ? html` aria-invalid="true"` : ''}${described ? html` aria-describedby="${described}"` : ''}>
    ${field.hint && html`<p class="hint" id="${field.name}-hint">${field.hint}</p>`}
    ${error && html`<p class="field-error" id="${field.name}-error">${error}</p>`}`;
}

function select(state: FormState, name: string, label: string, selected: string, options: Array<[string, string]>): SafeHtml {
  const chosen = state.values[name] ?? selected;
  const error = state.errors[name];
  return html`<label for="${name}">${label}</label>
    <select id="${name}" name="${name}"${error ? html` aria-invalid="true" aria-describedby="${name}-error"` : ''}>${options.map(
      ([value, text]) => html`<option value="${value}"${value === chosen ? html` selected` : ''}>${text}</option>`,
    )}</select>
    ${error && html`<p class="field-error" id="${name}-error">${error}</p>`}`;
}

function adminFields(state: FormState, organizations: Organization[], admin: Pick<ConsoleAdmin, 'displayName' | 'email' | 'role' | 'organizationId'>): SafeHtml {
  return html`${profileFields(state, admin)}
    ${select(state, 'role', 'Role', admin.role, [
      ['admin', 'Admin: manages instances'],
      ['super', 'Super admin: also manages admins'],
    ])}
    ${select(
      state,
      'organizationId',
      'Organization',
      String(admin.organizationId),
      organizations.map((o) => [String(o.id), o.name]),
    )}`;
}

function profileFields(state: FormState, admin?: Pick<ConsoleAdmin, 'displayName' | 'email'>): SafeHtml {
  return html`${input(state, { name: 'displayName', label: 'Display name', type: 'text', value: admin?.displayName, attributes: html`required maxlength="200"` })}
    ${input(state, { name: 'email', label: 'Email', type: 'email', value: admin?.email, attributes: html`maxlength="320"` })}`;
}

/** The refusal of the whole form, at its top, where a screen reader announces it. */
function formError(state: FormState): SafeHtml | undefined {
  const count = Object.keys(state.errors).length;
  const text = state.error ?? (count && `${count === 1 ? 'One field needs' : `${count} fields need`} a change; nothing was saved.`);
  return text ? html`<p class="error" role="alert" id="form-error">${text}</p>${state.requestId && html`<p class="hint">Request ${state.requestId}</p>`}` : undefined;
}

export function adminsPage(session: ConsoleContext, admins: ConsoleAdmin[], organizations: Organization[], notice?: string, state = NO_STATE): SafeHtml {
  const names = new Map(organizations.map((o) => [o.id, o.name]));
  return layout(
    { title: 'Admins', session, section: 'admins', notice },
    html`<h1>Console admins</h1>
    <div class="scroll"><table>
      <caption class="hint">Everyone who can log in to this console</caption>
      <thead><tr><th scope="col">Username</th><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Organization</th></tr></thead>
      <tbody>${admins.map(
        (a) => html`<tr id="admin-${a.id}">
          <td><a href="${url(`/admins/${a.id}`)}">${a.username}</a></td><td>${a.displayName}</td><td>${a.email ?? ''}</td>
          <td>${a.role === 'super' ? 'Super admin' : 'Admin'}</td><td>${names.get(a.organizationId) ?? a.organizationId}</td>
        </tr>`,
      )}</tbody>
    </table></div>
    <h2 id="add-admin">Add an admin</h2>
    <div class="card narrow">
      <form method="post" action="${url('/admins')}" novalidate>
        ${formError(state)}
        ${csrfField(session)}
        ${input(state, { name: 'username', label: 'Username', type: 'text', attributes: html`required maxlength="100" autocomplete="off"`, hint: 'Letters, digits and . _ @ - (up to 100).' })}
        ${adminFields(state, organizations, { displayName: '', email: null, role: 'admin', organizationId: session.admin.organizationId })}
        ${input(state, { name: 'password', label: 'Password', type: 'password', attributes: html`required minlength="10" maxlength="200" autocomplete="new-password"`, hint: PASSWORD_RULE })}
        <div class="actions"><button type="submit">Add admin</button></div>
      </form>
    </div>`,
  );
}

export function editAdminPage(session: ConsoleContext, admin: ConsoleAdmin, organizations: Organization[], state = NO_STATE): SafeHtml {
  return layout(
    { title: `Admin ${admin.username}`, session, section: 'admins' },
    html`<h1>Admin ${admin.username}</h1>
    <div class="card narrow">
      <form method="post" action="${url(`/admins/${admin.id}`)}" novalidate>
        ${formError(state)}
        ${csrfField(session)}
        ${adminFields(state, organizations, admin)}
        ${input(state, {
          name: 'password',
          label: 'New password',
          type: 'password',
          attributes: html`minlength="10" maxlength="200" autocomplete="new-password"`,
          hint: `${PASSWORD_RULE} Leave blank to keep the current one. A new password also unlocks the account.`,
        })}
        <div class="actions"><button type="submit">Save</button></div>
      </form>
    </div>
    ${admin.id !== session.admin.id && html`<h2>Remove</h2><div class="card narrow"><p>${admin.username} can no longer log in once removed.</p>
      <div class="actions"><a class="button secondary" href="${url(`/admins/${admin.id}/delete`)}">Remove ${admin.username}…</a></div></div>`}`,
  );
}

/** The confirmation step before an admin is removed. */
export function removeAdminPage(session: ConsoleContext, admin: ConsoleAdmin): SafeHtml {
  return layout(
    { title: `Remove ${admin.username}`, session, section: 'admins' },
    html`<h1>Remove ${admin.username}?</h1>
    <div class="card narrow confirm">
      <p><strong>${admin.displayName}</strong> (${admin.username}${admin.email ? `, ${admin.email}` : ''}) can no longer log in, and their open sessions end at once. This cannot be undone.</p>
      <div class="actions">
        ${actionButton(session, `/admins/${admin.id}/delete`, `Remove ${admin.username}`, 'danger')}
        <a class="button secondary" href="${url(`/admins/${admin.id}`)}">Cancel</a>
      </div>
    </div>`,
  );
}

export function profilePage(session: ConsoleContext, organizationName: string, notice?: string, forms: { profile?: FormState; password?: FormState } = {}): SafeHtml {
  const me = session.admin;
  const password = forms.password ?? NO_STATE;
  return layout(
    { title: 'My profile', session, section: 'profile', notice },
    html`<h1>My profile</h1>
    <p>${me.username} · ${me.role === 'super' ? 'Super admin' : 'Admin'} of ${organizationName}</p>
    <div class="card narrow">
      <h2>Profile</h2>
      <form method="post" action="${url('/profile')}" novalidate>
        ${formError(forms.profile ?? NO_STATE)}
        ${csrfField(session)}
        ${profileFields(forms.profile ?? NO_STATE, me)}
        <div class="actions"><button type="submit">Save profile</button></div>
      </form>
    </div>
    <div class="card narrow">
      <h2>Password</h2>
      <form method="post" action="${url('/profile/password')}" novalidate>
        ${formError(password)}
        ${csrfField(session)}
        ${input(password, { name: 'currentPassword', label: 'Current password', type: 'password', attributes: html`required autocomplete="current-password"` })}
        ${input(password, { name: 'newPassword', label: 'New password', type: 'password', attributes: html`required minlength="10" maxlength="200" autocomplete="new-password"`, hint: PASSWORD_RULE })}
        <div class="actions"><button type="submit">Change password</button></div>
      </form>
    </div>`,
  );
}
