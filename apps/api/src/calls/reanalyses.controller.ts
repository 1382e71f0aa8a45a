import { BadRequestException, Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { Roles } from '../auth/roles.guard';
import { CampaignsService } from '../campaigns/campaigns.service';
import { CallControlRateLimit } from '../common/rate-limit.guard';
import { CurrentPrincipal, type Principal } from '../common/tenant';
import type { ReanalysisFilters } from '../../../../libs/contracts/src';
import { CallFiltersDto } from './calls.controller';
import { type ReanalysisControl, ReanalysesService } from './reanalyses.service';

/** GET /calls's filters, or a campaign as the other call-control requests name it. */
export class ReanalyzeDto extends CallFiltersDto {
  @ApiPropertyOptional({ description: 'The same as campaign_id' }) @IsOptional() @IsUUID() campaignId?: string;
}

/**
 * Re-analysis without re-dialing: the matching calls' stored turns analysed again with today's rules, script
 * and model, as a Temporal workflow. Registered before the calls controller, whose `:id` would take `reanalyze`.
 */
@ApiTags('calls')
@ApiBearerAuth()
@Controller('calls/reanalyze')
export class ReanalysesController {
  constructor(
    private readonly reanalyses: ReanalysesService,
    private readonly campaigns: CampaignsService,
  ) {}

  @Post()
  @Roles('admin')
  @CallControlRateLimit()
  @HttpCode(202)
  async start(@CurrentPrincipal() principal: Principal, @Body() body: ReanalyzeDto) {
    if (body.campaignId && body.campaign_id && body.campaignId !== body.campaign_id) {
      throw new BadRequestException('campaignId: names another campaign than campaign_id');
    }
    const campaignId = body.campaign_id ?? body.campaignId;
    if (campaignId) await this.campaigns.get(principal.organizationId, campaignId);
    if (body.from && body.to && Date.parse(body.from) >= Date.parse(body.to)) throw new BadRequestException('to: must be after from');
    const filters: ReanalysisFilters = {
      ...(campaignId ? { campaignId } : {}),
      ...(body.contact_id ? { contactId: body.contact_id } : {}),
      ...(body.outcome ? { outcome: body.outcome } : {}),
      ...(body.emotion ? { emotion: body.emotion } : {}),
      ...(body.status ? { status: body.status } : {}),
      ...(body.from ? { from: new Date(body.from).toISOString() } : {}),
      ...(body.to ? { to: new Date(body.to).toISOString() } : {}),
      rehearsal: body.rehearsal === 'true',
    };
    return { success: true, reanalysis: await this.reanalyses.start(principal.organizationId, filters) };
  }

  @Get(':id')
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return { success: true, reanalysis: await this.reanalyses.get(principal.organizationId, id) };
  }

  /** No page starts once the run has taken this; the page in progress finishes. */
  @Post(':id/pause')
  @Roles('admin')
  @HttpCode(200)
  pause(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.control(principal, id, 'pause');
  }

  @Post(':id/resume')
  @Roles('admin')
  @HttpCode(200)
  resume(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.control(principal, id, 'resume');
  }

  /** Versions already written stay; the run is recorded as cancelled. */
  @Post(':id/cancel')
  @Roles('admin')
  @HttpCode(200)
  cancel(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.control(principal, id, 'cancel');
  }

  private async control(principal: Principal, id: string, action: ReanalysisControl) {
    return { success: true, reanalysis: await this.reanalyses.control(principal.organizationId, id, action) };
  }
}
