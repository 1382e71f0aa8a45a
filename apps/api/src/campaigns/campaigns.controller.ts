import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.guard';
import { CurrentPrincipal, type Principal } from '../common/tenant';
import { CampaignRunner } from './campaign-runner.service';
import { CreateCampaignDto, UpdateCampaignDto } from './campaign.dto';
import { definedFields } from '../common/dto';
import { CampaignsService } from './campaigns.service';

@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('campaigns')
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly runner: CampaignRunner,
  ) {}

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

  /**
   * A running campaign's call settings go through its workflow first, which validates them and applies
   * them to the next dial; a rejected change leaves the campaign as it was.
   */
  @Patch(':id')
  @Roles('admin')
  async update(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateCampaignDto) {
    await this.campaigns.get(principal.organizationId, id);
    if (body.callSettings) await this.runner.updateSettings(id, definedFields(body.callSettings));
    return { success: true, campaign: await this.campaigns.update(principal.organizationId, id, body) };
  }
}
