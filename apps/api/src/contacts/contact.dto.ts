import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
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
import { CONTACT_STATUSES, type ContactStatus } from '../../../../libs/contracts/src';
import { OneOf } from '../common/dto';

export class CreateContactDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) firstName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) lastName?: string;
  @ApiProperty() @IsString() @MaxLength(40) phone!: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() email?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) company?: string;
  /** IANA zone, e.g. America/New_York. */
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) timezone?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } }) @IsOptional() @IsObject() customFields?: Record<string, string>;
}

/** POST /contacts: one contact, naming its campaign. */
export class CreateCampaignContactDto extends CreateContactDto {
  @ApiProperty() @IsUUID() campaignId!: string;
}

/** Status, attempts and schedule belong to the engine and are not editable. */
export class UpdateContactDto extends PartialType(CreateContactDto) {}

export class AddContactsDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => CreateContactDto)
  contacts!: CreateContactDto[];
}

export class ContactsQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() campaign_id?: string;
  @OneOf(CONTACT_STATUSES, { optional: true }) status?: ContactStatus;
  /** Part of a phone number, name or email. */
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) q?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}
