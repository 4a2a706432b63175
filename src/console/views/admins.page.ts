import type { Organization } from '../../auth/organization.entity';
import type { ConsoleAdmin } from '../console-admin.entity';
import type { ConsoleContext } from '../console.guard';
import { html, SafeHtml } from './html';
import { actionButton, csrfField, layout, url } from './layout';

function organizationSelect(organizations: Organization[], selected: number): SafeHtml {
  return html`<label for="organizationId">Organization</label>
    <select id="organizationId" name="organizationId">${organizations.map(
      (o) => html`<option value="${o.id}"${o.id === selected ? html` selected` : ''}>${o.name}</option>`,
    )}</select>`;
}

function roleSelect(selected: string): SafeHtml {
  const option = (value: string, label: string) => html`<option value="${value}"${value === selected ? html` selected` : ''}>${label}</option>`;
  return html`<label for="role">Role</label>
    <select id="role" name="role">${option('admin', 'Admin: manages instances')}${option('super', 'Super admin: also manages admins')}</select>`;
}

function profileFields(admin?: Pick<ConsoleAdmin, 'displayName' | 'email'>): SafeHtml {
  return html`<label for="displayName">Display name</label>
    <input id="displayName" name="displayName" type="text" required maxlength="200" value="${admin?.displayName ?? ''}">
    <label for="email">Email</label>
    <input id="email" name="email" type="email" maxlength="320" value="${admin?.email ?? ''}">`;
}

export function adminsPage(session: ConsoleContext, admins: ConsoleAdmin[], organizations: Organization[], notice?: string): SafeHtml {
  const names = new Map(organizations.map((o) => [o.id, o.name]));
  return layout(
    { title: 'Admins', session, section: 'admins', notice },
    html`<h1>Console admins</h1>
    <table>
      <caption class="hint">Everyone who can log in to this console</caption>
      <thead><tr><th scope="col">Username</th><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Organization</th></tr></thead>
      <tbody>${admins.map(
        (a) => html`<tr id="admin-${a.id}">
          <td><a href="${url(`/admins/${a.id}`)}">${a.username}</a></td><td>${a.displayName}</td><td>${a.email ?? ''}</td>
          <td>${a.role === 'super' ? 'Super admin' : 'Admin'}</td><td>${names.get(a.organizationId) ?? a.organizationId}</td>
        </tr>`,
      )}</tbody>
    </table>
    <h2>Add an admin</h2>
    <div class="card narrow">
      <form method="post" action="${url('/admins')}">
        ${csrfField(session)}
        <label for="username">Username</label>
        <input id="username" name="username" type="text" required maxlength="100" autocomplete="off">
        ${profileFields()}
        ${roleSelect('admin')}
        ${organizationSelect(organizations, session.admin.organizationId)}
        <label for="password">Password</label>
        <input id="password" name="password" type="password" required minlength="10" autocomplete="new-password">
        <div class="actions"><button type="submit">Add admin</button></div>
      </form>
    </div>`,
  );
}

export function editAdminPage(session: ConsoleContext, admin: ConsoleAdmin, organizations: Organization[]): SafeHtml {
  return layout(
    { title: `Admin ${admin.username}`, session, section: 'admins' },
    html`<h1>Admin ${admin.username}</h1>
    <div class="card narrow">
      <form method="post" action="${url(`/admins/${admin.id}`)}">
        ${csrfField(session)}
        ${profileFields(admin)}
        ${roleSelect(admin.role)}
        ${organizationSelect(organizations, admin.organizationId)}
        <label for="password">New password</label>
        <input id="password" name="password" type="password" minlength="10" autocomplete="new-password" aria-describedby="password-hint">
        <p class="hint" id="password-hint">Leave blank to keep the current one. A new password also unlocks the account.</p>
        <div class="actions"><button type="submit">Save</button></div>
      </form>
    </div>
    ${admin.id !== session.admin.id && html`<h2>Remove</h2><div class="card narrow"><p>${admin.username} can no longer log in once removed.</p>
      <div class="actions">${actionButton(session, `/admins/${admin.id}/delete`, `Remove ${admin.username}`, 'danger')}</div></div>`}`,
  );
}

export function profilePage(session: ConsoleContext, organizationName: string, notice?: string): SafeHtml {
  const me = session.admin;
  return layout(
    { title: 'My profile', session, section: 'profile', notice },
    html`<h1>My profile</h1>
    <p>${me.username} · ${me.role === 'super' ? 'Super admin' : 'Admin'} of ${organizationName}</p>
    <div class="card narrow">
      <h2>Profile</h2>
      <form method="post" action="${url('/profile')}">
        ${csrfField(session)}
        ${profileFields(me)}
        <div class="actions"><button type="submit">Save profile</button></div>
      </form>
    </div>
    <div class="card narrow">
      <h2>Password</h2>
      <form method="post" action="${url('/profile/password')}">
        ${csrfField(session)}
        <label for="currentPassword">Current password</label>
        <input id="currentPassword" name="currentPassword" type="password" required autocomplete="current-password">
        <label for="newPassword">New password</label>
        <input id="newPassword" name="newPassword" type="password" required minlength="10" autocomplete="new-password">
        <div class="actions"><button type="submit">Change password</button></div>
      </form>
    </div>`,
  );
}
