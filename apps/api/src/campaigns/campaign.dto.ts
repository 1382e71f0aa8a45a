import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
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
import type { CampaignStatus, CampaignType } from '../../../../libs/contracts/src';

export class RetryRuleDto {
  @IsBoolean() retry!: boolean;
  @IsOptional() @IsNumber() @Min(0) delayMinutes?: number;
}

export class RetryPolicyDto {
  @IsOptional() @ValidateNested() @Type(() => RetryRuleDto) busy?: RetryRuleDto;
  @IsOptional() @ValidateNested() @Type(() => RetryRuleDto) no_answer?: RetryRuleDto;
  @IsOptional() @ValidateNested() @Type(() => RetryRuleDto) failed?: RetryRuleDto;
  @IsOptional() @ValidateNested() @Type(() => RetryRuleDto) voicemail?: RetryRuleDto;
}

export class CompletionRetryDto {
  @IsBoolean() enabled!: boolean;
  @IsNumber() @Min(0) delayMinutes!: number;
}

export class CallSettingsDto {
  @IsOptional() @IsInt() @Min(1) @Max(500) maxConcurrentCalls?: number;
  @IsOptional() @IsInt() @Min(0) callIntervalMs?: number;
  @IsOptional() @IsInt() @Min(0) @Max(20) retryAttempts?: number;
  @IsOptional() @IsNumber() @Min(0) retryDelayMinutes?: number;
  @IsOptional() @IsInt() @Min(1) @Max(300) callTimeoutSeconds?: number;
  @IsOptional() @IsInt() @Min(10) @Max(7200) maxCallSeconds?: number;
  @IsOptional() @ValidateNested() @Type(() => RetryPolicyDto) retryPolicy?: RetryPolicyDto;
  @IsOptional() @ValidateNested() @Type(() => CompletionRetryDto) completionRetry?: CompletionRetryDto;
  @IsOptional() @IsNumber() @Min(0.01) @Max(1) breakerFailureRate?: number;
  @IsOptional() @IsInt() @Min(1) @Max(1000) breakerWindow?: number;
  @IsOptional() @IsInt() @Min(1) @Max(1000) breakerMinCalls?: number;
}

export class CallingWindowDto {
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/) start!: string;
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/) end!: string;
  /** 0 = Sunday. */
  @IsArray() @IsInt({ each: true }) @Min(0, { each: true }) @Max(6, { each: true }) days!: number[];
}

export class CreateCampaignDto {
  @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @IsOptional() @IsIn(['sales', 'marketing', 'follow_up', 'recruitment']) type?: CampaignType;
  @IsOptional() @IsIn(['draft', 'active', 'paused']) status?: CampaignStatus;
  @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @IsOptional() @IsUUID() scriptId?: string;
  @IsOptional() @ValidateNested() @Type(() => CallSettingsDto) callSettings?: CallSettingsDto;
  @IsOptional() @ValidateNested() @Type(() => CallingWindowDto) callingWindow?: CallingWindowDto;
  @IsOptional() @IsString() @MaxLength(40) callerId?: string;
}

export class CampaignIdDto {
  @IsUUID() campaignId!: string;
}

/** Everything an admin may change; status moves only through start, pause, resume and stop. */
export class UpdateCampaignDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @IsOptional() @IsUUID() scriptId?: string;
  @IsOptional() @ValidateNested() @Type(() => CallSettingsDto) callSettings?: CallSettingsDto;
  @IsOptional() @ValidateNested() @Type(() => CallingWindowDto) callingWindow?: CallingWindowDto;
  @IsOptional() @IsString() @MaxLength(40) callerId?: string;
}

export class CampaignsQueryDto {
  @IsOptional() @IsIn(['draft', 'active', 'paused', 'stopped', 'completed', 'archived']) status?: CampaignStatus;
}
