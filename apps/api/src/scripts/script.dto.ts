import { IsObject, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class CreateScriptDto {
  @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @IsString() @MinLength(1) @MaxLength(4000) mainPitch!: string;
  /** Replies keyed by objection kind: price, timing, need, trust, competitor, authority, other. */
  @IsOptional() @IsObject() objectionHandling?: Record<string, string>;
  @IsOptional() @IsString() @MaxLength(4000) closing?: string;
  @IsOptional() @IsString() @MaxLength(4000) followUp?: string;
  @IsOptional() @IsString() @MaxLength(4000) voicemailMessage?: string;
}

export class UpdateScriptDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(4000) mainPitch?: string;
  @IsOptional() @IsObject() objectionHandling?: Record<string, string>;
  @IsOptional() @IsString() @MaxLength(4000) closing?: string;
  @IsOptional() @IsString() @MaxLength(4000) followUp?: string;
  @IsOptional() @IsString() @MaxLength(4000) voicemailMessage?: string;
}
