import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.guard';
import { CurrentPrincipal, type Principal } from '../common/tenant';
import { CreateCampaignDto } from './campaign.dto';
import { CampaignsService } from './campaigns.service';

@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Post()
  @Roles('admin')
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateCampaignDto) {
    return { success: true, campaign: await this.campaigns.create(principal.organizationId, body) };
  }

  @Get()
  async list(@CurrentPrincipal() principal: Principal) {
    return { success: true, campaigns: await this.campaigns.list(principal.organizationId) };
  }

  @Get(':id')
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return { success: true, campaign: await this.campaigns.get(principal.organizationId, id) };
  }
}
