import { Body, ConflictException, Controller, Delete, Get, NotFoundException, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.guard';
import { CurrentPrincipal, type Principal } from '../common/tenant';
import { CampaignScheduleDto, launchPlanOf } from './campaign-schedule.dto';
import { CampaignSchedules } from './campaign-schedules.service';
import { CampaignsService } from './campaigns.service';

/** A campaign's launch plan: a Temporal Schedule, visible and steerable in Web UI's Schedules page too. */
@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('campaigns')
export class CampaignScheduleController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly schedules: CampaignSchedules,
  ) {}

  /** Sets the plan, replacing any earlier one; a plan put again is active (not paused). */
  @Put(':id/schedule')
  @Roles('admin')
  async put(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: CampaignScheduleDto) {
    const campaign = await this.campaigns.get(principal.organizationId, id);
    if (campaign.status === 'archived') throw new ConflictException(`Campaign ${id} is archived; an archived campaign cannot start`);
    const plan = launchPlanOf(body, new Date());
    return { success: true, campaignId: id, schedule: await this.schedules.put(campaign, plan) };
  }

  @Get(':id/schedule')
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    await this.campaigns.get(principal.organizationId, id);
    const schedule = await this.schedules.view(id);
    if (!schedule) throw new NotFoundException(`Campaign ${id} has no launch schedule`);
    return { success: true, campaignId: id, schedule };
  }

  @Delete(':id/schedule')
  @Roles('admin')
  async remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    await this.campaigns.get(principal.organizationId, id);
    const removed = await this.schedules.remove(id);
    if (!removed) throw new NotFoundException(`Campaign ${id} has no launch schedule`);
    return { success: true, campaignId: id, deleted: true, cancelledStops: removed.cancelledStops };
  }
}
