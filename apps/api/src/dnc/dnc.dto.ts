import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class AddDncDto {
  @IsString() @MaxLength(40) phone!: string;
  @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

export class BulkDncDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10000) @IsString({ each: true }) @MaxLength(40, { each: true }) phones!: string[];
  @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

export class DncQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}
