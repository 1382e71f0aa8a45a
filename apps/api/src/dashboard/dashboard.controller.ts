import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, Validate } from 'class-validator';
import { CallRepository, DashboardRepository } from '../../../../libs/db/src';
import { IsTimeZone } from '../common/dto';
import { CurrentPrincipal, type Principal } from '../common/tenant';

export class DashboardQueryDto {
  /** Where "today" begins; UTC when not given. */
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) @Validate(IsTimeZone) timezone?: string;
}

/** The seed's real-time metrics: today's calls, calls in progress, success rate, duration, CSAT. */
@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(
    private readonly dashboards: DashboardRepository,
    private readonly calls: CallRepository,
  ) {}

  @Get()
  async dashboard(@CurrentPrincipal() principal: Principal, @Query() query: DashboardQueryDto) {
    const timezone = query.timezone ?? 'UTC';
    const now = await this.dashboards.snapshot(principal.organizationId, timezone);
    const today = await this.calls.metrics({ organizationId: principal.organizationId, from: now.dayStart });
    return {
      success: true,
      dashboard: {
        timezone,
        since: now.dayStart,
        totalCallsToday: today.totalCalls,
        activeCalls: now.activeCalls,
        activeCampaigns: now.activeCampaigns,
        ...today,
      },
    };
  }
}
