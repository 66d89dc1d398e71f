import { BulwarkError } from '@bulwark/core';
import { plainToInstance } from 'class-transformer';
import {
  getMetadataStorage,
  validate,
  type ValidationError,
  type ValidatorOptions,
} from 'class-validator';
import { compileDtoValidator } from './compiled/compile-dto';
import { toFieldErrors } from './field-errors';

export type { FieldError } from './field-errors';

/** Where an input comes from; decides whether strings may be converted to numbers and booleans. */
export type InputLocation = 'body' | 'query' | 'params' | 'headers';

/** Validates one input location of one route into a DTO instance. */
export type DtoValidator = (plain: unknown) => object | Promise<object>;

/**
 * Builds, at bootstrap, the validator of one DTO for one location, fixing class-transformer and
 * class-validator options so that no per-request option object is built. Sanitizer decorators
 * (`@Trim`, `@NormalizeUnicode`, `@StripHtml`, `@SanitizeHtml`) run during the transformation,
 * so validation sees the sanitized values.
 *
 * Security: whitelisting with `forbidNonWhitelisted` refuses unknown properties instead of
 * silently dropping them, `forbidUnknownValues` refuses values with no validation metadata
 * (including a nested object without `@Type`), and implicit conversion is enabled for query,
 * path and header values only — a JSON body must already carry the right types. Headers are
 * narrowed to the DTO's properties first, since every request carries headers no DTO declares.
 * Field errors never carry the submitted value.
 *
 * @param dto - The DTO class.
 * @param location - The input location.
 * @param groups - class-validator groups (for a DTO shared by create and update).
 * @returns A function that returns the DTO instance (at once for an input the compiled path
 *   accepts, else as a promise) or rejects with `ERR_VALIDATION_FAILED`.
 * @throws BulwarkError `ERR_POLICY_INVALID` at bootstrap when the DTO declares no validated
 *   property (for these groups): every request would be refused, which is a bug, not a policy.
 */
export function createDtoValidator(
  dto: Function,
  location: InputLocation,
  groups: readonly string[],
): DtoValidator {
  const properties = declaredProperties(dto, groups);
  if (properties.length === 0) {
    const inGroups = groups.length > 0 ? ` in groups ${groups.join(', ')}` : '';
    throw new BulwarkError(
      'ERR_POLICY_INVALID',
      `${dto.name} (${location}) has no validation decorators${inGroups}; every request would be refused.`,
    );
  }
  const transformOptions = Object.freeze({
    enableImplicitConversion: location !== 'body',
    exposeDefaultValues: true,
    ...(groups.length > 0 ? { groups: [...groups] } : {}),
  });
  const validatorOptions: ValidatorOptions = Object.freeze({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    // The value is kept so messages that quote it can be scrubbed; it never leaves this module.
    validationError: { target: false, value: true },
    // Decorators without groups apply on every route; grouped ones only where the route names
    // one of their groups — never on a route without groups, where `@IsOptional({ groups:
    // ['update'] })` would otherwise loosen a create route.
    always: true,
    strictGroups: true,
    ...(groups.length > 0 ? { groups: [...groups] } : {}),
  });
  const type = dto as new () => object;
  const narrow = location === 'headers' ? pick(properties) : (plain: object) => plain;
  // Valid inputs of DTOs made of built-in checks skip the generic machinery; everything else,
  // and every refusal, goes through class-transformer and class-validator below.
  const compiled = compileDtoValidator(type, transformOptions, validatorOptions);
  const validateGenerically = async (narrowed: object): Promise<object> => {
    const instance = plainToInstance(type, narrowed, transformOptions) as object;
    const errors: ValidationError[] = await validate(instance, validatorOptions);
    if (errors.length > 0) throw validationFailed(errors, location);
    return instance;
  };
  return (plain) => {
    if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
      return Promise.reject(invalidInput(location));
    }
    const narrowed = narrow(plain);
    // An input the compiled path accepts is answered at once, without a promise.
    const accepted = compiled?.(narrowed);
    if (accepted !== undefined) return accepted;
    return validateGenerically(narrowed);
  };
}

/**
 * The error of a failed validation: `ERR_VALIDATION_FAILED` with `details.errors`, a list of
 * `{ path, constraint, message }`.
 *
 * @param errors - class-validator's error tree.
 * @param location - The input location, the first path segment.
 * @returns The error to throw.
 */
export function validationFailed(
  errors: readonly ValidationError[],
  location: string,
): BulwarkError {
  return new BulwarkError('ERR_VALIDATION_FAILED', 'The request failed validation.', {
    details: toFieldErrors(errors, location),
  });
}

function invalidInput(location: InputLocation): BulwarkError {
  return new BulwarkError('ERR_VALIDATION_FAILED', 'The request failed validation.', {
    details: {
      errors: [
        { path: location, constraint: 'isObject', message: `${location} must be a JSON object` },
      ],
    },
  });
}

function declaredProperties(dto: Function, groups: readonly string[]): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(
    dto,
    '',
    true,
    true,
    groups.length > 0 ? [...groups] : undefined,
  );
  return [...new Set(metadata.map((m) => m.propertyName))];
}

/** Keeps only the named keys (header names are lower-case in Node). */
function pick(names: readonly string[]) {
  return (plain: object): object => {
    const source = plain as Record<string, unknown>;
    const picked: Record<string, unknown> = {};
    for (const name of names) {
      const value = source[name.toLowerCase()];
      if (value !== undefined) picked[name] = value;
    }
    return picked;
  };
}
