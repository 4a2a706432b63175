import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ParseIdPipe } from '../common/id.pipe';
import { ConsoleAdmins } from './console-admins.service';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsoleFormRefused, FormState, readForm, typedValues } from './console-forms';
import { ConsolePages, seeOther } from './console-http';
import { AdminCreateDto, AdminUpdateDto, PasswordDto, ProfileDto } from './console.dto';
import { ConsoleErrorCode, ConsoleException } from './console.exception';
import { Console, ConsoleContext, ConsoleGuard, SuperOnly } from './console.guard';
import { adminsPage, editAdminPage, profilePage, removeAdminPage } from './views/admins.page';
import type { SafeHtml } from './views/html';

const NOTICES: Record<string, string> = {
  created: 'The admin was added.',
  updated: 'The admin was saved.',
  removed: 'The admin was removed.',
  profile: 'Your profile was saved.',
  password: 'Your password was changed; your other sessions were logged out.',
};

/** The field a refusal of the service is about, so the form shows it there. */
const FIELD_OF: Partial<Record<ConsoleErrorCode, string>> = {
  [ConsoleErrorCode.USERNAME_TAKEN]: 'username',
  [ConsoleErrorCode.UNKNOWN_ORGANIZATION]: 'organizationId',
  [ConsoleErrorCode.WRONG_PASSWORD]: 'currentPassword',
};

/**
 * Runs a form's change; a refusal the person can fix (a ConsoleException under 500) comes back as
 * the form's state, to show on the form with what was typed, and its status.
 */
async function attempt(body: unknown, change: () => Promise<unknown>): Promise<{ status: number; state: FormState } | undefined> {
  try {
    await change();
    return undefined;
  } catch (error) {
    if (!(error instanceof ConsoleException) || error.status >= 500) throw error;
    const field = FIELD_OF[error.code as ConsoleErrorCode];
    return { status: error.status, state: { values: typedValues(body), errors: field ? { [field]: error.message } : {}, error: field ? undefined : error.message } };
  }
}

/** Console admins: the super admin manages them all; everyone manages their own profile. Form errors show on the form. */
// HTML pages for people, not API operations: left out of the API document.
@ApiExcludeController()
@UseGuards(ConsoleGuard)
@UseFilters(ConsoleExceptionFilter)
@Controller('console')
export class ConsoleAdminsController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly admins: ConsoleAdmins,
  ) {}

  @Get('admins')
  @SuperOnly()
  async list(@Res() reply: FastifyReply, @Console() session: ConsoleContext, @Query('done') done?: string) {
    return this.listPage(reply, session, 200, NOTICES[String(done)]);
  }

  /** The body is read here rather than by the validation pipe, so that a refusal is shown on the form. */
  @Post('admins')
  @SuperOnly()
  @HttpCode(200)
  async create(@Res() reply: FastifyReply, @Console() session: ConsoleContext, @Body() body: unknown) {
    const form = await readForm(AdminCreateDto, body);
    const refused = form.state ? { status: 400, state: form.state } : await attempt(body, () => this.admins.create(form.dto!));
    if (refused) return this.listPage(reply, session, refused.status, undefined, refused.state);
    return seeOther(reply, '/admins?done=created');
  }

  @Get('admins/:id')
  @SuperOnly()
  async edit(@Res() reply: FastifyReply, @Console() session: ConsoleContext, @Param('id', ParseIdPipe) id: number) {
    return this.editPage(reply, session, id, 200);
  }

  @Post('admins/:id')
  @SuperOnly()
  @HttpCode(200)
  async update(@Res() reply: FastifyReply, @Console() session: ConsoleContext, @Param('id', ParseIdPipe) id: number, @Body() body: unknown) {
    const form = await readForm(AdminUpdateDto, body);
    const refused = form.state ? { status: 400, state: form.state } : await attempt(body, () => this.admins.update(session, id, form.dto!));
    if (refused) return this.editPage(reply, session, id, refused.status, refused.state);
    return seeOther(reply, '/admins?done=updated');
  }

  /** The confirmation step before a removal. */
  @Get('admins/:id/delete')
  @SuperOnly()
  async confirmRemove(@Res() reply: FastifyReply, @Console() session: ConsoleContext, @Param('id', ParseIdPipe) id: number) {
    const admin = await this.admins.get(id);
    if (admin.id === session.admin.id) throw new ConsoleException(ConsoleErrorCode.ADMIN_CHANGE_REFUSED, 'You cannot remove yourself');
    return this.pages.send(reply, 200, removeAdminPage(session, admin));
  }

  @Post('admins/:id/delete')
  @SuperOnly()
  @HttpCode(200)
  async remove(@Res() reply: FastifyReply, @Console() session: ConsoleContext, @Param('id', ParseIdPipe) id: number) {
    await this.admins.remove(session, id);
    return seeOther(reply, '/admins?done=removed');
  }

  @Get('profile')
  async profile(@Res() reply: FastifyReply, @Console() session: ConsoleContext, @Query('done') done?: string) {
    return this.profilePage(reply, session, 200, NOTICES[String(done)]);
  }

  @Post('profile')
  @HttpCode(200)
  async saveProfile(@Res() reply: FastifyReply, @Console() session: ConsoleContext, @Body() body: unknown) {
    const form = await readForm(ProfileDto, body);
    if (form.state) return this.profilePage(reply, session, 400, undefined, { profile: form.state });
    await this.admins.updateProfile(session, form.dto);
    return seeOther(reply, '/profile?done=profile');
  }

  @Post('profile/password')
  @HttpCode(200)
  async changePassword(@Res() reply: FastifyReply, @Console() session: ConsoleContext, @Body() body: unknown) {
    const form = await readForm(PasswordDto, body);
    const refused = form.state ? { status: 400, state: form.state } : await attempt(body, () => this.admins.changePassword(session, form.dto!));
    if (refused) return this.profilePage(reply, session, refused.status, undefined, { password: refused.state });
    return seeOther(reply, '/profile?done=password');
  }

  /** The page, sent; or, with a refused form's state, thrown (see ConsoleFormRefused). */
  private send(reply: FastifyReply, status: number, page: SafeHtml, refused?: unknown): FastifyReply {
    if (refused) throw new ConsoleFormRefused(status, page);
    return this.pages.send(reply, status, page);
  }

  private async listPage(reply: FastifyReply, session: ConsoleContext, status: number, notice?: string, state?: FormState) {
    const [admins, organizations] = await Promise.all([this.admins.list(), this.admins.listOrganizations()]);
    return this.send(reply, status, adminsPage(session, admins, organizations, notice, stamped(reply, state)), state);
  }

  private async editPage(reply: FastifyReply, session: ConsoleContext, id: number, status: number, state?: FormState) {
    const [admin, organizations] = await Promise.all([this.admins.get(id), this.admins.listOrganizations()]);
    return this.send(reply, status, editAdminPage(session, admin, organizations, stamped(reply, state)), state);
  }

  private async profilePage(reply: FastifyReply, session: ConsoleContext, status: number, notice?: string, forms?: Parameters<typeof profilePage>[3]) {
    const stampedForms = forms && { profile: stamped(reply, forms.profile), password: stamped(reply, forms.password) };
    const page = profilePage(session, await this.admins.organizationName(session.admin.organizationId), notice, stampedForms);
    return this.send(reply, status, page, forms?.profile ?? forms?.password);
  }
}

/** A refused form names its request, as every console error page does, for a support request. */
function stamped<T extends FormState | undefined>(reply: FastifyReply, state: T): T {
  if (state) state.requestId = String(reply.request.id);
  return state;
}
