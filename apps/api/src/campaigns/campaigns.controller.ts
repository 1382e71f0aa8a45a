import { Body, ConflictException, Controller, Delete, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.guard';
import { CurrentPrincipal, type Principal } from '../common/tenant';
import { CampaignRunner, isInterrupted } from './campaign-runner.service';
import { CampaignSchedules } from './campaign-schedules.service';
import { CampaignsQueryDto, CreateCampaignDto, PerformanceQueryDto, UpdateCampaignDto } from './campaign.dto';
import { definedFields } from '../common/dto';
import { CampaignsService } from './campaigns.service';

@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('campaigns')
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly runner: CampaignRunner,
    private readonly schedules: CampaignSchedules,
  ) {}

  @Post()
  @Roles('admin')
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateCampaignDto) {
    return { success: true, campaign: await this.campaigns.create(principal.organizationId, body) };
  }

  @Get()
  /**
   * Each campaign with `running` (its workflow runs now) and `interrupted` (the row says it runs, but its run was
   * terminated or failed); both null when Temporal does not answer.
   */
  async list(@CurrentPrincipal() principal: Principal, @Query() query: CampaignsQueryDto) {
    const [campaigns, runs] = await Promise.all([
      this.campaigns.list(principal.organizationId, query.status),
      this.runner.runStates(principal.organizationId),
    ]);
    return {
      success: true,
      campaigns: campaigns.map((campaign) => {
        if (!runs) return { ...campaign, running: null, interrupted: null };
        const running = runs.running.has(campaign.id);
        return { ...campaign, running, interrupted: isInterrupted(campaign.status, !running, runs.abnormal.has(campaign.id)) };
      }),
    };
  }

  @Get(':id')
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    const campaign = await this.campaigns.get(principal.organizationId, id);
    return { success: true, campaign: { ...campaign, engine: await this.runner.engineState(campaign) } };
  }

  @Get(':id/performance')
  async performance(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() query: PerformanceQueryDto) {
    const range = { from: query.from ? new Date(query.from) : undefined, to: query.to ? new Date(query.to) : undefined };
    return { success: true, campaignId: id, performance: await this.campaigns.performance(principal.organizationId, id, range) };
  }

  /**
   * A running campaign must be stopped first; one with call records is archived rather than deleted. Its launch
   * schedule goes first (a Temporal that does not answer leaves both as they were): it could never start the campaign again.
   */
  @Delete(':id')
  @Roles('admin')
  async remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    await this.campaigns.get(principal.organizationId, id);
    if (await this.runner.isRunning(id)) throw new ConflictException(`Campaign ${id} is running; stop it before deleting it`);
    await this.schedules.remove(id);
    const result = await this.campaigns.remove(principal.organizationId, id);
    return { success: true, campaignId: id, result };
  }

  /**
   * A running campaign's call settings go through its workflow first, which validates them and applies
   * them to the next dial; a rejected change leaves the campaign as it was. A change of mode (rehearsal or
   * live) resets the contacts, so it waits until the campaign's workflow has ended (stopped or completed):
   * a run that changed mode halfway would mix simulated and real calls.
   */
  @Patch(':id')
  @Roles('admin')
  async update(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateCampaignDto) {
    const campaign = await this.campaigns.get(principal.organizationId, id);
    if (body.mode && body.mode !== campaign.mode && (await this.runner.isRunning(id))) {
      throw new ConflictException(`mode: campaign ${id} is running; stop it or let it complete before switching it to ${body.mode}`);
    }
    if (body.callSettings) await this.runner.updateSettings(id, definedFields(body.callSettings));
    return { success: true, ...(await this.campaigns.update(principal.organizationId, id, body)) };
  }
}
