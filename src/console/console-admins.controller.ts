import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ParseIdPipe } from '../common/id.pipe';
import { ConsoleAdmins } from './console-admins.service';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsolePages, seeOther } from './console-http';
import { AdminCreateDto, AdminUpdateDto, PasswordDto, ProfileDto } from './console.dto';
import { Console, ConsoleContext, ConsoleGuard, SuperOnly } from './console.guard';
import { adminsPage, editAdminPage, profilePage } from './views/admins.page';

const NOTICES: Record<string, string> = {
  created: 'The admin was added.',
  updated: 'The admin was saved.',
  removed: 'The admin was removed.',
  profile: 'Your profile was saved.',
  password: 'Your password was changed; your other sessions were logged out.',
};

/** Console admins: the super admin manages them all; everyone manages their own profile. */
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
    const [admins, organizations] = await Promise.all([this.admins.list(), this.admins.listOrganizations()]);
    return this.pages.send(reply, 200, adminsPage(session, admins, organizations, NOTICES[String(done)]));
  }

  @Post('admins')
  @SuperOnly()
  @HttpCode(200)
  async create(@Res() reply: FastifyReply, @Body() dto: AdminCreateDto) {
    await this.admins.create(dto);
    return seeOther(reply, '/admins?done=created');
  }

  @Get('admins/:id')
  @SuperOnly()
  async edit(@Res() reply: FastifyReply, @Console() session: ConsoleContext, @Param('id', ParseIdPipe) id: number) {
    const [admin, organizations] = await Promise.all([this.admins.get(id), this.admins.listOrganizations()]);
    return this.pages.send(reply, 200, editAdminPage(session, admin, organizations));
  }

  @Post('admins/:id')
  @SuperOnly()
  @HttpCode(200)
  async update(@Res() reply: FastifyReply, @Console() session: ConsoleContext, @Param('id', ParseIdPipe) id: number, @Body() dto: AdminUpdateDto) {
    await this.admins.update(session, id, dto);
    return seeOther(reply, '/admins?done=updated');
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
    return this.pages.send(reply, 200, profilePage(session, await this.admins.organizationName(session.admin.organizationId), NOTICES[String(done)]));
  }

  @Post('profile')
  @HttpCode(200)
  async saveProfile(@Res() reply: FastifyReply, @Console() session: ConsoleContext, @Body() dto: ProfileDto) {
    await this.admins.updateProfile(session, dto);
    return seeOther(reply, '/profile?done=profile');
  }

  @Post('profile/password')
  @HttpCode(200)
  async changePassword(@Res() reply: FastifyReply, @Console() session: ConsoleContext, @Body() dto: PasswordDto) {
    await this.admins.changePassword(session, dto);
    return seeOther(reply, '/profile?done=password');
  }
}
