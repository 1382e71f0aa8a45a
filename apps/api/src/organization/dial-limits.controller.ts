import { Body, Controller, Get, NotFoundException, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsInt, IsNumber, IsPositive, Max, ValidateIf } from 'class-validator';
import { DIAL_LIMIT_MAX, type DialLimits } from '../../../../libs/contracts/src';
import { OrganizationDialLimits } from '../../../../libs/db/src';
import { Roles } from '../auth/roles.guard';
import { CurrentPrincipal, type Principal } from '../common/tenant';

/** Both fields are required: null lifts that limit, so a PUT always says what the organization has. */
export class DialLimitsDto implements DialLimits {
  @ApiProperty({ type: Number, nullable: true, description: 'Dials per second across all campaigns; null for no limit', maximum: DIAL_LIMIT_MAX.callsPerSecond })
  @ValidateIf((_, value) => value !== null)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(DIAL_LIMIT_MAX.callsPerSecond)
  callsPerSecond!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Calls in flight across all campaigns; null for no limit', maximum: DIAL_LIMIT_MAX.maxConcurrentCalls })
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @IsPositive()
  @Max(DIAL_LIMIT_MAX.maxConcurrentCalls)
  maxConcurrentCalls!: number | null;
}

/** The organization's dial limits, shared by all its running campaigns; the next dial of any campaign obeys a change. */
@ApiTags('organization')
@ApiBearerAuth()
@Roles('admin')
@Controller('organization/dial-limits')
export class DialLimitsController {
  constructor(private readonly limits: OrganizationDialLimits) {}

  private found(limits: DialLimits | undefined): { success: true; dialLimits: DialLimits } {
    if (!limits) throw new NotFoundException('Organization not found');
    return { success: true, dialLimits: limits };
  }

  @Get()
  async get(@CurrentPrincipal() principal: Principal) {
    return this.found(await this.limits.find(principal.organizationId));
  }

  @Put()
  async set(@CurrentPrincipal() principal: Principal, @Body() body: DialLimitsDto) {
    return this.found(await this.limits.set(principal.organizationId, { callsPerSecond: body.callsPerSecond, maxConcurrentCalls: body.maxConcurrentCalls }));
  }
}
