import { BulwarkError } from '@bulwark/core';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError, type ValidatorOptions } from 'class-validator';

/** One field error in a 400 answer. */
export interface FieldError {
  readonly path: string;
  readonly constraint: string;
  readonly message: string;
}

/** Where an input comes from; decides whether strings may be converted to numbers and booleans. */
export type InputLocation = 'body' | 'query' | 'params' | 'headers';

/** Validates one input location of one route into a DTO instance. */
export type DtoValidator = (plain: unknown) => Promise<object>;

/**
 * Builds, at bootstrap, the validator of one DTO for one location, fixing class-transformer and
 * class-validator options so that no per-request option object is built.
 *
 * Security: whitelisting with `forbidNonWhitelisted` refuses unknown properties instead of
 * silently dropping them, `forbidUnknownValues` refuses values with no validation metadata, and
 * implicit conversion is enabled for query, path and header values only — a JSON body must
 * already carry the right types.
 *
 * @param dto - The DTO class.
 * @param location - The input location.
 * @param groups - class-validator groups (for a DTO shared by create and update).
 * @returns An async function that resolves the DTO instance or throws `ERR_VALIDATION_FAILED`.
 */
export function createDtoValidator(
  dto: Function,
  location: InputLocation,
  groups: readonly string[],
): DtoValidator {
  const isTextual = location !== 'body';
  const transformOptions = Object.freeze({
    enableImplicitConversion: isTextual,
    exposeDefaultValues: true,
    ...(groups.length > 0 ? { groups: [...groups] } : {}),
  });
  const validatorOptions: ValidatorOptions = Object.freeze({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    ...(groups.length > 0 ? { groups: [...groups], strictGroups: true } : {}),
  });
  const type = dto as new () => object;
  return async (plain) => {
    if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
      throw invalid([
        { path: location, constraint: 'isObject', message: `${location} must be a JSON object` },
      ]);
    }
    const instance = plainToInstance(type, plain, transformOptions) as object;
    const errors = await validate(instance, validatorOptions);
    if (errors.length > 0) throw invalid(flatten(errors, location));
    return instance;
  };
}

function invalid(errors: readonly FieldError[]): BulwarkError {
  return new BulwarkError('ERR_VALIDATION_FAILED', 'The request failed validation.', {
    details: { errors },
  });
}

/** Flattens class-validator's error tree into dotted paths (`body.items[0].name`). */
export function flatten(errors: readonly ValidationError[], prefix: string): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const segment = /^\d+$/.test(error.property) ? `[${error.property}]` : `.${error.property}`;
    const path = `${prefix}${segment}`;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      out.push({ path, constraint, message });
    }
    if (error.children !== undefined && error.children.length > 0)
      out.push(...flatten(error.children, path));
  }
  return out;
}
