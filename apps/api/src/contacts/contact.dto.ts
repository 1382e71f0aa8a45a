import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { ContactStatus } from '../../../../libs/contracts/src';

export class CreateContactDto {
  @IsOptional() @IsString() @MaxLength(200) firstName?: string;
  @IsOptional() @IsString() @MaxLength(200) lastName?: string;
  @IsString() @MaxLength(40) phone!: string;
  @IsOptional() @IsEmail() email?: string;
  @IsOptional() @IsString() @MaxLength(200) company?: string;
  /** IANA zone, e.g. America/New_York. */
  @IsOptional() @IsString() @MaxLength(64) timezone?: string;
  @IsOptional() @IsObject() customFields?: Record<string, string>;
}

/** POST /contacts: one contact, naming its campaign. */
export class CreateCampaignContactDto extends CreateContactDto {
  @IsUUID() campaignId!: string;
}

/** Status, attempts and schedule belong to the engine and are not editable. */
export class UpdateContactDto {
  @IsOptional() @IsString() @MaxLength(200) firstName?: string;
  @IsOptional() @IsString() @MaxLength(200) lastName?: string;
  @IsOptional() @IsString() @MaxLength(40) phone?: string;
  @IsOptional() @IsEmail() email?: string;
  @IsOptional() @IsString() @MaxLength(200) company?: string;
  @IsOptional() @IsString() @MaxLength(64) timezone?: string;
  @IsOptional() @IsObject() customFields?: Record<string, string>;
}

export class AddContactsDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => CreateContactDto)
  contacts!: CreateContactDto[];
}

export class ContactsQueryDto {
  @IsOptional() @IsUUID() campaign_id?: string;
  @IsOptional() @IsIn(['new', 'dialing', 'retry', 'contacted', 'failed', 'dnc']) status?: ContactStatus;
  /** Part of a phone number, name or email. */
  @IsOptional() @IsString() @MaxLength(100) q?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}
