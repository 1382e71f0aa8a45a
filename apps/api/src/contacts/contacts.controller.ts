import { Body, ConflictException, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Roles } from '../auth/roles.guard';
import { definedFields } from '../common/dto';
import { CallControlRateLimit } from '../common/rate-limit.guard';
import { CurrentPrincipal, type Principal } from '../common/tenant';
import { uploadedFile } from '../common/upload';
import { AddContactsDto, ContactsQueryDto, CreateCampaignContactDto, UpdateContactDto } from './contact.dto';
import { ContactsService } from './contacts.service';

@ApiTags('contacts')
@ApiBearerAuth()
@Controller()
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Post('campaigns/:campaignId/contacts')
  @Roles('admin')
  async add(
    @CurrentPrincipal() principal: Principal,
    @Param('campaignId', ParseUUIDPipe) campaignId: string,
    @Body() body: AddContactsDto,
  ) {
    return { success: true, ...(await this.contacts.add(principal.organizationId, campaignId, body.contacts)) };
  }

  /**
   * The seed's bulk upload: a CSV (`first_name,last_name,phone,email,company`, other columns become custom
   * fields), streamed. Good rows are imported even when others are bad; each bad line is reported.
   */
  @Post('campaigns/:campaignId/contacts/upload')
  @Roles('admin')
  @CallControlRateLimit()
  @HttpCode(200)
  @ApiConsumes('text/csv', 'multipart/form-data')
  async upload(@CurrentPrincipal() principal: Principal, @Param('campaignId', ParseUUIDPipe) campaignId: string, @Req() request: Request) {
    const file = await uploadedFile(request);
    return { success: true, report: await this.contacts.importCsv(principal.organizationId, campaignId, file) };
  }

  @Post('contacts')
  @Roles('admin')
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateCampaignContactDto) {
    const { campaignId, ...contact } = body;
    const [created] = (await this.contacts.add(principal.organizationId, campaignId, [contact])).contacts;
    if (!created) throw new ConflictException(`phone: already a contact of campaign ${campaignId}`);
    return { success: true, contact: await this.contacts.get(principal.organizationId, created.id) };
  }

  @Get('contacts')
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ContactsQueryDto) {
    return { success: true, ...(await this.contacts.list(principal.organizationId, query)) };
  }

  @Get('contacts/:id')
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return { success: true, contact: await this.contacts.get(principal.organizationId, id) };
  }

  @Patch('contacts/:id')
  @Roles('admin')
  async update(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateContactDto) {
    return { success: true, contact: await this.contacts.update(principal.organizationId, id, definedFields(body)) };
  }

  @Delete('contacts/:id')
  @Roles('admin')
  @HttpCode(204)
  async remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.contacts.remove(principal.organizationId, id);
  }
}
