import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { Roles } from '../auth/roles.guard';
import { CurrentPrincipal, type Principal } from '../common/tenant';
import { AddContactsDto } from './contact.dto';
import { ContactsService } from './contacts.service';

export class ContactsQueryDto {
  @IsOptional() @IsUUID() campaign_id?: string;
}

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

  @Get('contacts')
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ContactsQueryDto) {
    return { success: true, contacts: await this.contacts.list(principal.organizationId, query.campaign_id) };
  }
}
