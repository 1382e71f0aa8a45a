import { applyDecorators } from '@nestjs/common';
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
  Validate,
  ValidateNested,
  type ValidationArguments,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import {
  AGENT_DESTINATION_KINDS,
  CALL_SETTING_RULES,
  CAMPAIGN_MODES,
  CAMPAIGN_STATUSES,
  CAMPAIGN_TYPES,
  type CampaignMode,
  type CampaignStatus,
  type CampaignType,
  HANDOFF_DEFAULTS,
  HANDOFF_TRIGGERS,
  MAX_REHEARSAL_WEIGHT,
  RECORDING_RULES,
  type HandoffSettings,
  describeProblems,
  handoffProblems,
} from '../../../../libs/contracts/src';
import { OneOf } from '../common/dto';

/** A call setting, validated and documented from the one table of bounds the worker and the workflow use too. */
function Setting(name: keyof typeof CALL_SETTING_RULES): PropertyDecorator {
  const rule = CALL_SETTING_RULES[name];
  return applyDecorators(
    ApiPropertyOptional({ type: rule.integer ? 'integer' : 'number', minimum: rule.min, maximum: rule.max }),
    IsOptional(),
    rule.integer ? IsInt() : IsNumber(),
    Min(rule.min),
    Max(rule.max),
  );
}

const MAX_DELAY_MINUTES = CALL_SETTING_RULES.retryDelayMinutes.max;

export class RetryRuleDto {
  @ApiProperty() @IsBoolean() retry!: boolean;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(MAX_DELAY_MINUTES) delayMinutes?: number;
}

export class RetryPolicyDto {
  @ApiPropertyOptional({ type: () => RetryRuleDto }) @IsOptional() @ValidateNested() @Type(() => RetryRuleDto) busy?: RetryRuleDto;
  @ApiPropertyOptional({ type: () => RetryRuleDto }) @IsOptional() @ValidateNested() @Type(() => RetryRuleDto) no_answer?: RetryRuleDto;
  @ApiPropertyOptional({ type: () => RetryRuleDto }) @IsOptional() @ValidateNested() @Type(() => RetryRuleDto) failed?: RetryRuleDto;
  @ApiPropertyOptional({ type: () => RetryRuleDto }) @IsOptional() @ValidateNested() @Type(() => RetryRuleDto) voicemail?: RetryRuleDto;
}

export class CompletionRetryDto {
  @ApiProperty() @IsBoolean() enabled!: boolean;
  @ApiProperty() @IsNumber() @Min(0) @Max(MAX_DELAY_MINUTES) delayMinutes!: number;
}

const { retentionDays, consentMessageMaxLength } = RECORDING_RULES;

export class RecordingSettingsDto {
  @ApiProperty() @IsBoolean() enabled!: boolean;
  /** Spoken after the greeting in place of the standard announcement; say how to decline. */
  @ApiPropertyOptional({ maxLength: consentMessageMaxLength })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(consentMessageMaxLength)
  consentMessage?: string;
  @ApiProperty({ type: 'integer', minimum: retentionDays.min, maximum: retentionDays.max })
  @IsInt()
  @Min(retentionDays.min)
  @Max(retentionDays.max)
  retentionDays!: number;
}

export class CallSettingsDto {
  @Setting('maxConcurrentCalls') maxConcurrentCalls?: number;
  @Setting('callIntervalMs') callIntervalMs?: number;
  @Setting('retryAttempts') retryAttempts?: number;
  @Setting('retryDelayMinutes') retryDelayMinutes?: number;
  @Setting('callTimeoutSeconds') callTimeoutSeconds?: number;
  @Setting('maxCallSeconds') maxCallSeconds?: number;
  @ApiPropertyOptional({ type: () => RetryPolicyDto }) @IsOptional() @ValidateNested() @Type(() => RetryPolicyDto) retryPolicy?: RetryPolicyDto;
  @ApiPropertyOptional({ type: () => CompletionRetryDto }) @IsOptional() @ValidateNested() @Type(() => CompletionRetryDto) completionRetry?: CompletionRetryDto;
  @Setting('breakerFailureRate') breakerFailureRate?: number;
  @Setting('breakerWindow') breakerWindow?: number;
  @Setting('breakerMinCalls') breakerMinCalls?: number;
  @ApiPropertyOptional({ type: () => RecordingSettingsDto }) @IsOptional() @ValidateNested() @Type(() => RecordingSettingsDto) recording?: RecordingSettingsDto;
}

export class CallingWindowDto {
  @ApiProperty() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/) start!: string;
  @ApiProperty() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/) end!: string;
  /** 0 = Sunday. */
  @ApiProperty({ type: [Number] }) @IsArray() @IsInt({ each: true }) @Min(0, { each: true }) @Max(6, { each: true }) days!: number[];
}

/** Use as `@Validate(IsHandoff)`: the one check of handoff settings (libs/contracts/src/handoff.ts), every problem by its field. */
@ValidatorConstraint({ name: 'handoff' })
export class IsHandoff implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return handoffProblems(value).length === 0;
  }
  defaultMessage(args: ValidationArguments): string {
    return describeProblems(handoffProblems(args.value));
  }
}

class AgentDestinationDoc {
  @ApiProperty({ enum: AGENT_DESTINATION_KINDS }) kind!: string;
  @ApiProperty({ description: 'Endpoint or queue name, E.164 number, or an Asterisk dial string (kind channel)' }) value!: string;
}

/** Documentation of the handoff object; IsHandoff validates it. */
class HandoffDoc {
  @ApiProperty({ type: () => AgentDestinationDoc }) destination!: AgentDestinationDoc;
  @ApiProperty({ enum: HANDOFF_TRIGGERS, isArray: true }) triggers!: string[];
  @ApiPropertyOptional({ default: HANDOFF_DEFAULTS.key }) key?: string;
  @ApiPropertyOptional({ default: HANDOFF_DEFAULTS.answerTimeoutSeconds, minimum: 5, maximum: 120 }) answerTimeoutSeconds?: number;
  @ApiPropertyOptional({ default: HANDOFF_DEFAULTS.callbackDelayMinutes, minimum: 5, maximum: 10_080 }) callbackDelayMinutes?: number;
}

/** A behaviour's weight in a rehearsal (counts that add up to the contacts give exactly those counts). */
function Weight(): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_REHEARSAL_WEIGHT }), IsOptional(), IsInt(), Min(0), Max(MAX_REHEARSAL_WEIGHT));
}

/** The simulated customers' behaviours of a rehearsal, by weight (libs/contracts/src/rehearsal.ts). */
export class RehearsalMixDto {
  @Weight() listens?: number;
  @Weight() busy?: number;
  @Weight() no_answer?: number;
  @Weight() voicemail?: number;
  @Weight() interested?: number;
  @Weight() opts_out?: number;
  @Weight() callback?: number;
  @Weight() asks_for_person?: number;
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
  /** Handoff to a person; null turns it off. */
  @ApiPropertyOptional({ type: () => HandoffDoc, nullable: true }) @IsOptional() @Validate(IsHandoff) handoff?: HandoffSettings | null;
  /** `rehearsal`: every dial goes to a simulated customer of `rehearsalMix` (required then) instead of the contact. */
  @OneOf(CAMPAIGN_MODES, { optional: true }) mode?: CampaignMode;
  @ApiPropertyOptional({ type: () => RehearsalMixDto }) @IsOptional() @ValidateNested() @Type(() => RehearsalMixDto) rehearsalMix?: RehearsalMixDto;
}

export class CampaignIdDto {
  @ApiProperty() @IsUUID() campaignId!: string;
}

export class CampaignControlDto extends CampaignIdDto {
  /** Shown as the pause reason. */
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) reason?: string;
}

/**
 * Everything an admin may change; status moves only through start, pause, resume and stop. A change of
 * `mode` resets the campaign's contacts and is refused while it runs.
 */
export class UpdateCampaignDto extends PartialType(OmitType(CreateCampaignDto, ['type', 'status'] as const)) {}

export class CampaignsQueryDto {
  @OneOf(CAMPAIGN_STATUSES, { optional: true }) status?: CampaignStatus;
}

/** Calls created in [from, to), ISO 8601; all of them when unset. */
export class PerformanceQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601() to?: string;
}
