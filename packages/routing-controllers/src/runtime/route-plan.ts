import type { Authenticator } from '@bulwark/auth';
import type { RoutePolicy } from '@bulwark/core';
import { createCsrfCheck, type CsrfCheck } from '../transport/csrf';
import { createBodyReader, refuseUndeclaredBody, type BodyReader } from '../validation/json-body';
import { createDtoValidator, type DtoValidator } from '../validation/dto-validator';
import { createQueryValidator } from '../validation/query-validator';
import { createResponseShaper, type ResponseShaper } from '../validation/shape-response';
import type { ResolvedOptions } from '../config/validate-options';
import { declaredStatus, planJsonAnswer, type JsonAnswer } from './json-answer';
import { pipelineSteps, type PipelineStep } from './pipeline';

/** Everything the pipeline runs for one route, prepared once at bootstrap. */
export interface RoutePlan {
  readonly policy: RoutePolicy;
  readonly authenticators: readonly Authenticator[];
  /** `WWW-Authenticate` value listing every accepted scheme's challenge. */
  readonly challenge: string;
  readonly readBody: BodyReader;
  /** CSRF check of a state-changing route that accepts a cookie credential. */
  readonly checkCsrf: CsrfCheck | null;
  /** Shapes the handler's result through the response DTO. */
  readonly shapeResponse: ResponseShaper;
  readonly validateBody: DtoValidator | null;
  readonly validateQuery: DtoValidator | null;
  readonly validateParams: DtoValidator | null;
  readonly validateHeaders: DtoValidator | null;
  /** The pipeline steps the policy needs, in order. */
  readonly steps: readonly PipelineStep[];
  /** How an authenticated JSON result is written directly; `null` leaves it to the framework. */
  readonly answer: JsonAnswer | null;
  /** The `@HttpCode` status, for the audit record of a success; `null` when none is declared. */
  readonly successStatus: number | null;
}

/**
 * Prepares the plan of every route: authenticators resolved by scheme, body reader, DTO
 * validators and pipeline steps built, so that per request nothing is looked up by name.
 *
 * @param policies - The compiled policies.
 * @param options - The resolved runtime options.
 * @param ownInterceptor - Bulwark's result interceptor, which direct JSON answers come after.
 * @returns Plans keyed by policy id.
 */
export function buildPlans(
  policies: readonly RoutePolicy[],
  options: ResolvedOptions,
  ownInterceptor: Function,
): ReadonlyMap<string, RoutePlan> {
  const byScheme = new Map(options.authenticators.map((a) => [a.scheme, a]));
  const plans = new Map<string, RoutePlan>();
  for (const policy of policies) {
    const authenticators = policy.schemes
      .map((s) => byScheme.get(s))
      .filter((a): a is Authenticator => a !== undefined);
    const { validation } = policy;
    const groups = validation.groups;
    const validators = {
      validateBody:
        validation.body === null ? null : createDtoValidator(validation.body, 'body', groups),
      validateQuery: createQueryValidator(validation.query, groups, {
        query: options.query,
        limits: options.body,
      }),
      validateParams:
        validation.params === null ? null : createDtoValidator(validation.params, 'params', groups),
      validateHeaders:
        validation.headers === null
          ? null
          : createDtoValidator(validation.headers, 'headers', groups),
    };
    const checkCsrf =
      options.csrf !== null && policy.isMutating
        ? createCsrfCheck(
            options.csrf,
            authenticators.flatMap((a) => a.credentialCookie ?? []),
          )
        : null;
    plans.set(
      policy.id,
      Object.freeze({
        policy,
        authenticators,
        challenge: authenticators.map((a) => a.challenge).join(', '),
        readBody:
          validation.body === null
            ? refuseUndeclaredBody
            : createBodyReader(options.body.maxBytes, options.body),
        checkCsrf,
        shapeResponse: createResponseShaper(validation.response, groups),
        ...validators,
        steps: pipelineSteps(policy, { checkCsrf, ...validators }),
        answer: planJsonAnswer(policy.controller, policy.handler, ownInterceptor),
        successStatus: declaredStatus(policy.controller, policy.handler),
      }),
    );
  }
  return plans;
}
