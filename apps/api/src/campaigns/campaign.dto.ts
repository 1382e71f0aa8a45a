import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CAMPAIGN_STATUSES, CAMPAIGN_TYPES, type CampaignStatus, type CampaignType } from '../../../../libs/contracts/src';
import { OneOf } from '../common/dto';

export class RetryRuleDto {
  @ApiProperty() @IsBoolean() retry!: boolean;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) delayMinutes?: number;
}

export class RetryPolicyDto {
  @ApiPropertyOptional({ type: () => RetryRuleDto }) @IsOptional() @ValidateNested() @Type(() => RetryRuleDto) busy?: RetryRuleDto;
  @ApiPropertyOptional({ type: () => RetryRuleDto }) @IsOptional() @ValidateNested() @Type(() => RetryRuleDto) no_answer?: RetryRuleDto;
  @ApiPropertyOptional({ type: () => RetryRuleDto }) @IsOptional() @ValidateNested() @Type(() => RetryRuleDto) failed?: RetryRuleDto;
  @ApiPropertyOptional({ type: () => RetryRuleDto }) @IsOptional() @ValidateNested() @Type(() => RetryRuleDto) voicemail?: RetryRuleDto;
}

export class CompletionRetryDto {
  @ApiProperty() @IsBoolean() enabled!: boolean;
  @ApiProperty() @IsNumber() @Min(0) delayMinutes!: number;
}

export class CallSettingsDto {
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(500) maxConcurrentCalls?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) callIntervalMs?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(20) retryAttempts?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) retryDelayMinutes?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(300) callTimeoutSeconds?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(10) @Max(7200) maxCallSeconds?: number;
  @ApiPropertyOptional({ type: () => RetryPolicyDto }) @IsOptional() @ValidateNested() @Type(() => RetryPolicyDto) retryPolicy?: RetryPolicyDto;
  @ApiPropertyOptional({ type: () => CompletionRetryDto }) @IsOptional() @ValidateNested() @Type(() => CompletionRetryDto) completionRetry?: CompletionRetryDto;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0.01) @Max(1) breakerFailureRate?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(1000) breakerWindow?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(1000) breakerMinCalls?: number;
}

export class CallingWindowDto {
  @ApiProperty() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/) start!: string;
  @ApiProperty() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/) end!: string;
  /** 0 = Sunday. */
  @ApiProperty({ type: [Number] }) @IsArray() @IsInt({ each: true }) @Min(0, { each: true }) @Max(6, { each: true }) days!: number[];
}

export class CreateCampaignDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @OneOf(CAMPAIGN_TYPES, { optional: true }) type?: CampaignType;
  @OneOf(['draft', 'active', 'paused'], { optional: true }) status?: CampaignStatus;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() scriptId?: string;
  @ApiPropertyOptional({ type: () => CallSettingsDto }) @IsOptional() @ValidateNested() @Type(() => CallSettingsDto) callSettings?: CallSettingsDto;
  @ApiPropertyOptional({ type: () => CallingWindowDto }) @IsOptional() @ValidateNested() @Type(() => CallingWindowDto) callingWindow?: CallingWindowDto;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) callerId?: string;
}

export class CampaignIdDto {
  @ApiProperty() @IsUUID() campaignId!: string;
}

/** Everything an admin may change; status moves only through start, pause, resume and stop. */
export class UpdateCampaignDto extends PartialType(OmitType(CreateCampaignDto, ['type', 'status'] as const)) {}

export class CampaignsQueryDto {
  @OneOf(CAMPAIGN_STATUSES, { optional: true }) status?: CampaignStatus;
}

/** Calls created in [from, to), ISO 8601; all of them when unset. */
export class PerformanceQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601() to?: string;
}
