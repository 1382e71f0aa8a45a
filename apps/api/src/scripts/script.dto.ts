import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { SCRIPT_LANGUAGES, type ScriptLanguage } from '../../../../libs/contracts/src';
import { OneOf } from '../common/dto';
import { IsObject, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class CreateScriptDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(4000) mainPitch!: string;
  /** Replies keyed by objection kind: price, timing, need, trust, competitor, authority, other. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } }) @IsOptional() @IsObject() objectionHandling?: Record<string, string>;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) closing?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) followUp?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) voicemailMessage?: string;
  /** What the call speaks and understands (BCP 47); en-US when left out. */
  @OneOf(SCRIPT_LANGUAGES, { optional: true }) language?: ScriptLanguage;
}

export class UpdateScriptDto extends PartialType(CreateScriptDto) {}
