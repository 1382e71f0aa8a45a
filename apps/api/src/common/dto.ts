import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

/** A validated DTO carries every declared field, unset ones as undefined: keep only what was sent. */
export function definedFields<T extends object>(dto: T): Partial<T> {
  return Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** A field that takes one of `values`: validated and documented from the one list. */
export function OneOf(values: readonly string[], options: { optional: boolean } = { optional: false }): PropertyDecorator {
  return options.optional
    ? applyDecorators(ApiPropertyOptional({ enum: values }), IsOptional(), IsIn(values))
    : applyDecorators(ApiProperty({ enum: values }), IsIn(values));
}
