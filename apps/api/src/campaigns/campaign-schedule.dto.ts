import { BadRequestException } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, ArrayUnique, IsArray, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, Validate, ValidateNested } from 'class-validator';
import type { LaunchPlan } from '../../../../libs/contracts/src';
import { parseDateTimeIn } from '../../../../libs/scheduling/src';
import { IsTimeZone } from '../common/dto';

/** The longest run a recurring launch may plan: a week, so a weekly launch can run to the next one. */
export const MAX_RUN_MINUTES = 7 * 24 * 60;
const CRON_FIELDS = /^[0-9A-Za-z*,/-]+( [0-9A-Za-z*,/-]+){4}$/;

export class LaunchCalendarDto {
  @ApiProperty({ example: '09:00' }) @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: '$property must be a time of day in HH:MM' }) time!: string;
  /** 0 = Sunday. */
  @ApiProperty({ type: [Number], example: [1, 2, 3, 4, 5] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(6, { each: true })
  days!: number[];
}

/**
 * A one-off launch (`startAt`, optionally `stopAt`) or a recurring one (`cron` or `calendar`, optionally
 * `stopAfterMinutes`), in `timezone`. Times without an offset are wall-clock times in that zone.
 */
export class CampaignScheduleDto {
  @ApiPropertyOptional({ example: '2026-03-10T09:00:00' }) @IsOptional() @IsString() @MaxLength(40) startAt?: string;
  @ApiPropertyOptional({ example: '2026-03-10T17:00:00' }) @IsOptional() @IsString() @MaxLength(40) stopAt?: string;
  @ApiPropertyOptional({ example: '0 9 * * 1-5', description: 'minute hour day-of-month month day-of-week' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(CRON_FIELDS, { message: '$property must have five fields: minute hour day-of-month month day-of-week, e.g. "0 9 * * 1-5"' })
  cron?: string;
  @ApiPropertyOptional({ type: () => LaunchCalendarDto }) @IsOptional() @ValidateNested() @Type(() => LaunchCalendarDto) calendar?: LaunchCalendarDto;
  @ApiProperty({ example: 'America/New_York' }) @IsString() @MaxLength(64) @Validate(IsTimeZone) timezone!: string;
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_RUN_MINUTES }) @IsOptional() @IsInt() @Min(1) @Max(MAX_RUN_MINUTES) stopAfterMinutes?: number;
}

/** The plan a valid body asks for; a 400 naming each field that breaks a rule across fields. */
export function launchPlanOf(body: CampaignScheduleDto, now: Date): LaunchPlan {
  // Temporal's server loads zones by their exact name: "america/new_york" becomes "America/New_York".
  const timezone = new Intl.DateTimeFormat('en-US', { timeZone: body.timezone }).resolvedOptions().timeZone;
  const given = (['startAt', 'cron', 'calendar'] as const).filter((field) => body[field] !== undefined);
  if (given.length !== 1) {
    const problem = given.length === 0 ? 'one of them is required' : `only one may be given, not ${given.join(' and ')}`;
    throw new BadRequestException([`startAt, cron or calendar: ${problem} (startAt for a one-off launch, cron or calendar for a recurring one)`]);
  }
  const problems: string[] = [];
  if (body.startAt !== undefined) {
    if (body.stopAfterMinutes !== undefined) problems.push('stopAfterMinutes applies to a recurring schedule; a one-off launch stops at stopAt');
    const startAt = dateTimeField('startAt', body.startAt, timezone, problems);
    const stopAt = body.stopAt === undefined ? undefined : dateTimeField('stopAt', body.stopAt, timezone, problems);
    if (startAt && startAt <= now) problems.push('startAt must be in the future');
    if (startAt && stopAt && stopAt <= startAt) problems.push('stopAt must be after startAt');
    if (problems.length > 0) throw new BadRequestException(problems);
    return { kind: 'once', startAt: startAt!.toISOString(), stopAt: stopAt?.toISOString() ?? null, timezone };
  }
  if (body.stopAt !== undefined) throw new BadRequestException(['stopAt applies to a one-off launch; a recurring one stops after stopAfterMinutes']);
  return {
    kind: 'recurring',
    cron: body.cron ?? null,
    calendar: body.calendar ? { time: body.calendar.time, days: [...body.calendar.days].sort((a, b) => a - b) } : null,
    timezone,
    stopAfterMinutes: body.stopAfterMinutes ?? null,
  };
}

function dateTimeField(field: string, text: string, zone: string, problems: string[]): Date | undefined {
  const instant = parseDateTimeIn(text, zone);
  if (!instant) {
    problems.push(`${field} must be an ISO 8601 date and time that exists in ${zone}: 2026-03-10T09:00:00 (in timezone) or with an offset (2026-03-10T13:00:00Z)`);
  }
  return instant;
}
