import { Body, Controller, HttpCode, Delete, Get, Param, Patch, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ParseIdPipe } from '../common/id.pipe';
import { ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Credentials, CredentialsGuard, Creds } from '../auth/auth.guard';
import { ConfigurationEntryView, CreateInstanceDto, InstanceView, PatchConfigurationDto, PatchInstanceDto, ReplaceInstanceDto } from './instances.dto';
import { InstancesService } from './instances.service';

/**
 * `/instances`: the forms with `{id}` act on that instance; PUT, PATCH and DELETE without it act
 * on the instance named by the Element token of the Authorization header, and so does
 * `GET /instance` (GET `/instances` being the list), as in Cloud Elements.
 */
@ApiTags('instances')
@ApiSecurity('hub')
@UseGuards(CredentialsGuard)
@Controller()
export class InstancesController {
  constructor(private readonly instances: InstancesService) {}

  @HttpCode(200)
  @Post('instances')
  create(@Creds() caller: Credentials, @Body() dto: CreateInstanceDto): Promise<InstanceView> {
    return this.instances.create(caller, dto);
  }

  @Get('instances')
  @ApiQuery({ name: 'tags[]', required: false, type: [String] })
  list(@Creds() caller: Credentials, @Query('tags[]') tags?: string | string[]): Promise<InstanceView[]> {
    return this.instances.list(caller, tags === undefined ? [] : [tags].flat().map(String));
  }

  @Get('instance')
  getByToken(@Creds() caller: Credentials): Promise<InstanceView> {
    return this.instances.get(caller);
  }

  @Put('instances')
  replaceByToken(@Creds() caller: Credentials, @Body() dto: ReplaceInstanceDto): Promise<InstanceView> {
    return this.instances.replace(caller, undefined, dto);
  }

  @Patch('instances')
  patchByToken(@Creds() caller: Credentials, @Body() dto: PatchInstanceDto): Promise<InstanceView> {
    return this.instances.patch(caller, undefined, dto);
  }

  @Delete('instances')
  async removeByToken(@Creds() caller: Credentials): Promise<void> {
    await this.instances.remove(caller);
  }

  @Get('instances/:id')
  get(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number): Promise<InstanceView> {
    return this.instances.get(caller, id);
  }

  @Put('instances/:id')
  replace(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number, @Body() dto: ReplaceInstanceDto): Promise<InstanceView> {
    return this.instances.replace(caller, id, dto);
  }

  @Patch('instances/:id')
  patch(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number, @Body() dto: PatchInstanceDto): Promise<InstanceView> {
    return this.instances.patch(caller, id, dto);
  }

  @Delete('instances/:id')
  async remove(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number): Promise<void> {
    await this.instances.remove(caller, id);
  }

  @Put('instances/:id/enabled')
  enable(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number): Promise<InstanceView> {
    return this.instances.setEnabled(caller, id, true);
  }

  @Delete('instances/:id/enabled')
  disable(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number): Promise<InstanceView> {
    return this.instances.setEnabled(caller, id, false);
  }

  /** Makes a new instance token, returned in full this once; the old one stops working. */
  @HttpCode(200)
  @Post('instances/:id/token')
  rotateToken(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number): Promise<InstanceView> {
    return this.instances.rotateToken(caller, id);
  }

  @Get('instances/:id/configuration')
  configuration(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number): Promise<ConfigurationEntryView[]> {
    return this.instances.configuration(caller, id);
  }

  @Get('instances/:id/configuration/:configId')
  configurationEntry(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number, @Param('configId') key: string): Promise<ConfigurationEntryView> {
    return this.instances.configurationEntry(caller, id, key);
  }

  @Patch('instances/:id/configuration/:configId')
  patchConfigurationEntry(
    @Creds() caller: Credentials,
    @Param('id', ParseIdPipe) id: number,
    @Param('configId') key: string,
    @Body() dto: PatchConfigurationDto,
  ): Promise<ConfigurationEntryView> {
    return this.instances.patchConfigurationEntry(caller, id, key, dto.propertyValue);
  }
}
