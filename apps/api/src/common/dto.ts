import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, type ValidationArguments, type ValidatorConstraintInterface, ValidatorConstraint } from 'class-validator';
import { isValidTimeZone } from '../../../../libs/compliance/src/calling-window';

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

/** Use as `@Validate(IsTimeZone)`: a zone of the IANA database, as Node's Intl knows it. */
@ValidatorConstraint({ name: 'timeZone' })
export class IsTimeZone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isValidTimeZone(value);
  }
  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be an IANA time zone, e.g. America/New_York`;
  }
}
