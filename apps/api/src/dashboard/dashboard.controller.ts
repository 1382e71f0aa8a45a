import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsOptional, IsString, MaxLength, Validate, type ValidatorConstraintInterface, ValidatorConstraint } from 'class-validator';
import type { DataSource } from 'typeorm';
import { callMetrics } from '../campaigns/campaign-performance';
import { CurrentPrincipal, type Principal } from '../common/tenant';
import { isValidTimeZone } from '../../../../libs/compliance/src/calling-window';

@ValidatorConstraint({ name: 'timeZone' })
class IsTimeZone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isValidTimeZone(value);
  }
  defaultMessage(): string {
    return 'timezone must be an IANA time zone, e.g. America/New_York';
  }
}

export class DashboardQueryDto {
  /** Where "today" begins; UTC when not given. */
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) @Validate(IsTimeZone) timezone?: string;
}

/** The seed's real-time metrics: today's calls, calls in progress, success rate, duration, CSAT. */
@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get()
  async dashboard(@CurrentPrincipal() principal: Principal, @Query() query: DashboardQueryDto) {
    const timezone = query.timezone ?? 'UTC';
    const [now] = (await this.db.query(
      `SELECT date_trunc('day', now() AT TIME ZONE $1) AT TIME ZONE $1 AS day_start,
              (SELECT count(*)::int FROM calls WHERE organization_id = $2 AND status IN ('initiated', 'ringing', 'in_progress')) AS active_calls,
              (SELECT count(*)::int FROM campaigns WHERE organization_id = $2 AND status = 'active') AS active_campaigns`,
      [timezone, principal.organizationId],
    )) as [{ day_start: Date; active_calls: number; active_campaigns: number }];
    const today = await callMetrics(this.db, 'c.organization_id = $1 AND c.created_at >= $2', [principal.organizationId, now.day_start]);
    return {
      success: true,
      dashboard: {
        timezone,
        since: now.day_start,
        totalCallsToday: today.totalCalls,
        activeCalls: now.active_calls,
        activeCampaigns: now.active_campaigns,
        ...today,
      },
    };
  }
}
