import { BulwarkError } from '@bulwark/core';
import type { ResolvedQuery } from '../config/resolve-hardening';
import { countParameters, type ParsedQuery } from '../transport/query-string';
import { createDtoValidator, type DtoValidator } from './dto-validator';
import { MAX_FIELD_ERRORS } from './field-errors';
import { inspectPayload, type PayloadLimits } from './inspect-payload';

/** What the query check of a route needs besides its DTO. */
export interface QuerySettings {
  readonly query: ResolvedQuery;
  readonly limits: PayloadLimits;
}

/**
 * Builds the query check of one route; every route gets one, with or without a query DTO.
 *
 * First the parsed parameters are counted (`query.maxParameters`) and inspected like a JSON body
 * (string length, forbidden keys such as `__proto__`): 400 `ERR_REQUEST_MALFORMED`. Then:
 * - with a query DTO, the DTO validator refuses unknown parameters (400 `ERR_VALIDATION_FAILED`,
 *   constraint `whitelistValidation`) and converts the declared ones;
 * - without one, `query.undeclared: 'refuse'` answers the same 400 for any parameter, and
 *   `'ignore'` hands the handler an empty query.
 *
 * @param dto - The route's query DTO, or `null`.
 * @param groups - The route's validation groups.
 * @param settings - Query options and payload limits.
 * @returns The validator; it returns (or resolves) the value `request.query` is replaced with,
 *   and rejects refusals.
 * @throws BulwarkError `ERR_POLICY_INVALID` at bootstrap for a DTO without validation decorators.
 */
export function createQueryValidator(
  dto: Function | null,
  groups: readonly string[],
  settings: QuerySettings,
): DtoValidator {
  const validateDto = dto === null ? null : createDtoValidator(dto, 'query', groups);
  const { maxParameters, undeclared } = settings.query;
  return (plain) => {
    const query = (typeof plain === 'object' && plain !== null ? plain : {}) as ParsedQuery;
    if (countParameters(query) > maxParameters) {
      return Promise.reject(malformed(`more than ${maxParameters} query parameters`));
    }
    const problem = inspectPayload(query, settings.limits);
    if (problem !== null) return Promise.reject(malformed(problem.replace(/^\$/, 'query')));
    if (validateDto !== null) return validateDto(query);

    const names = Object.keys(query);
    if (names.length === 0 || undeclared === 'ignore') return Object.create(null) as object;
    return Promise.reject(
      new BulwarkError('ERR_VALIDATION_FAILED', 'The request failed validation.', {
        details: {
          errors: names.slice(0, MAX_FIELD_ERRORS).map((name) => ({
            path: `query.${name.slice(0, 64)}`,
            constraint: 'whitelistValidation',
            message: 'this route takes no query parameters',
          })),
          errorCount: names.length,
        },
      }),
    );
  };
}

function malformed(problem: string): BulwarkError {
  return new BulwarkError('ERR_REQUEST_MALFORMED', 'The query string breaks a limit.', {
    details: { problem },
  });
}
