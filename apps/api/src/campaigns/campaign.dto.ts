import { Type } from 'class-transformer';
import {
  IsArray,
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

export class CallSettingsDto {
  @IsOptional() @IsInt() @Min(1) @Max(500) maxConcurrentCalls?: number;
  @IsOptional() @IsInt() @Min(0) callIntervalMs?: number;
  @IsOptional() @IsInt() @Min(0) @Max(20) retryAttempts?: number;
  @IsOptional() @IsNumber() @Min(0) retryDelayMinutes?: number;
  @IsOptional() @IsInt() @Min(1) @Max(300) callTimeoutSeconds?: number;
  @IsOptional() @IsInt() @Min(10) @Max(7200) maxCallSeconds?: number;
}

export class CallingWindowDto {
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/) start!: string;
  @Matches(/^([01]\d|2[0-4]):[0-5]\d$/) end!: string;
  @IsArray() @IsInt({ each: true }) @Min(1, { each: true }) @Max(7, { each: true }) days!: number[];
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
