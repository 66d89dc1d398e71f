import {
  checksWrittenFields,
  ERROR_CATALOG,
  type ErrorCode,
  type RoutePolicy,
} from '@bulwark/core';

/** Facts beyond the policy that decide which refusals a route can produce. */
export interface RefusalFacts {
  /** A Bearer scheme is accepted: a token sent the wrong way is refused with 400. */
  readonly isBearerAccepted: boolean;
  /** The app audits, and a failed durable write refuses the mutation. */
  readonly isAuditFailClosed: boolean;
  /** routing-controllers refuses a missing or malformed single parameter itself. */
  readonly hasFrameworkChecks: boolean;
  /** Codes the handler declares it throws (`@Refuses`). */
  readonly declared: readonly ErrorCode[];
  /** Query parameters no DTO declares are refused (rather than ignored). */
  readonly isUndeclaredQueryRefused: boolean;
  /** Plain HTTP is refused (or, for GET and HEAD, redirected) before any route runs. */
  readonly plainHttp: 'refuse' | 'redirect' | 'allow';
  /** The route accepts a cookie credential and the app checks CSRF on mutations. */
  readonly isCsrfChecked: boolean;
}

/** Every refusal of one status a route can produce. */
export interface Refusal {
  readonly status: number;
  readonly codes: readonly ErrorCode[];
  /** The address-keyed limits ran before some of these refusals, so their headers may be set. */
  readonly carriesAddressLimits: boolean;
  /** The principal-keyed limits ran before some of these refusals. */
  readonly carriesPrincipalLimits: boolean;
  /** Some of these refusals send a `WWW-Authenticate` challenge. */
  readonly hasChallenge: boolean;
}

/** Pipeline stages, in order: a refusal carries the rate-limit headers of the stages before it. */
const Stage = Object.freeze({
  BeforeLimits: 0,
  AddressLimits: 1,
  Authentication: 2,
  PrincipalLimits: 3,
  Later: 4,
});
type Stage = (typeof Stage)[keyof typeof Stage];

interface Occurrence {
  readonly code: ErrorCode;
  readonly status: number;
  readonly stage: Stage;
  /** Refusals of the authentication step and of missing scopes carry a challenge. */
  readonly hasChallenge?: boolean;
}

/**
 * Lists the refusals a route can really produce, following the request pipeline: address limits,
 * authentication, principal limits, the body reader, authorization, validation, the handler and
 * the durable audit write. A refusal is listed only when the route has the step that produces
 * it; a server fault (500) is always possible.
 *
 * @param policy - The route's policy.
 * @param facts - What else decides the refusals.
 * @returns The refusals by status, in ascending order.
 */
export function refusalsOf(policy: RoutePolicy, facts: RefusalFacts): Refusal[] {
  const occurrences = [
    ...transportRefusals(policy, facts),
    ...limitRefusals(policy),
    ...accessRefusals(policy, facts),
  ];
  const later = (code: ErrorCode, status = ERROR_CATALOG[code].status): void =>
    void occurrences.push({ code, status, stage: Stage.Later });
  const { validation } = policy;
  // A route without a body DTO refuses any body as an unsupported media type.
  later('ERR_UNSUPPORTED_MEDIA_TYPE');
  if (validation.body !== null) {
    later('ERR_REQUEST_TOO_LARGE');
    later('ERR_REQUEST_MALFORMED');
  }
  if (policy.path.includes(':')) later('ERR_AUTHZ_PARAMETER_CONFLICT');
  // Every route's query check bounds the parameters and their values.
  later('ERR_REQUEST_MALFORMED');
  const hasDto = [validation.body, validation.query, validation.params, validation.headers].some(
    (dto) => dto !== null,
  );
  if (hasDto || facts.isUndeclaredQueryRefused) later('ERR_VALIDATION_FAILED');
  if (checksWrittenFields(policy)) later('ERR_AUTHZ_FIELDS_DENIED');
  if (facts.hasFrameworkChecks) later('ERR_REQUEST_MALFORMED');
  for (const code of facts.declared) later(code);
  later('ERR_INTERNAL');
  if (policy.audit !== null && policy.isMutating && facts.isAuditFailClosed) {
    later('ERR_AUDIT_UNAVAILABLE');
  }
  return group(policy, occurrences);
}

function transportRefusals(policy: RoutePolicy, facts: RefusalFacts): Occurrence[] {
  const occurrences: Occurrence[] = [];
  const isSafe = policy.method === 'GET' || policy.method === 'HEAD';
  if (facts.plainHttp === 'refuse' || (facts.plainHttp === 'redirect' && !isSafe)) {
    occurrences.push({ code: 'ERR_HTTPS_REQUIRED', status: 403, stage: Stage.BeforeLimits });
  }
  if (facts.isCsrfChecked && policy.isMutating) {
    occurrences.push({ code: 'ERR_CSRF_FAILED', status: 403, stage: Stage.BeforeLimits });
  }
  return occurrences;
}

function limitRefusals(policy: RoutePolicy): Occurrence[] {
  const hasAddress = policy.rateLimits.some((limit) => limit.key === 'ip');
  const hasPrincipal = policy.rateLimits.some((limit) => limit.key !== 'ip');
  const occurrences: Occurrence[] = [];
  if (hasAddress) {
    occurrences.push({
      code: 'ERR_RATE_LIMIT_UNAVAILABLE',
      status: 503,
      stage: Stage.BeforeLimits,
    });
    occurrences.push({ code: 'ERR_RATE_LIMITED', status: 429, stage: Stage.AddressLimits });
  }
  if (hasPrincipal) {
    occurrences.push({
      code: 'ERR_RATE_LIMIT_UNAVAILABLE',
      status: 503,
      stage: Stage.Authentication,
    });
    occurrences.push({ code: 'ERR_RATE_LIMITED', status: 429, stage: Stage.PrincipalLimits });
  }
  return occurrences;
}

function accessRefusals(policy: RoutePolicy, facts: RefusalFacts): Occurrence[] {
  const occurrences: Occurrence[] = [];
  const authorization = policy.authorization;
  if (policy.isPublic || authorization === null) return occurrences;
  const authn = (code: ErrorCode, status: number): void =>
    void occurrences.push({ code, status, stage: Stage.Authentication, hasChallenge: true });
  authn('ERR_AUTHN_REQUIRED', 401);
  authn('ERR_AUTHN_INVALID', 401);
  if (facts.isBearerAccepted) authn('ERR_AUTHN_INVALID', 400);

  const { action, subject, load, deniedStatus } = authorization;
  const hasPermission = action !== null && subject !== null;
  const isForbiddable =
    authorization.isDenyAll ||
    authorization.roles.length > 0 ||
    authorization.check !== null ||
    (hasPermission && (load === null || deniedStatus === 403));
  const later = (code: ErrorCode, status: number): void =>
    void occurrences.push({ code, status, stage: Stage.Later });
  if (isForbiddable) later('ERR_AUTHZ_DENIED', 403);
  if (authorization.scopes.length > 0) {
    occurrences.push({
      code: 'ERR_AUTHZ_SCOPE_INSUFFICIENT',
      status: 403,
      stage: Stage.Later,
      hasChallenge: true,
    });
  }
  if (hasPermission && load !== null && deniedStatus === 404) later('ERR_NOT_FOUND', 404);
  return occurrences;
}

function group(policy: RoutePolicy, occurrences: readonly Occurrence[]): Refusal[] {
  const hasAddress = policy.rateLimits.some((limit) => limit.key === 'ip');
  const hasPrincipal = policy.rateLimits.some((limit) => limit.key !== 'ip');
  const statuses = [...new Set(occurrences.map((o) => o.status))].sort((a, b) => a - b);
  return statuses.map((status) => {
    const here = occurrences.filter((o) => o.status === status);
    return {
      status,
      codes: [...new Set(here.map((o) => o.code))],
      carriesAddressLimits: hasAddress && here.some((o) => o.stage >= Stage.AddressLimits),
      carriesPrincipalLimits: hasPrincipal && here.some((o) => o.stage >= Stage.PrincipalLimits),
      hasChallenge: here.some((o) => o.hasChallenge === true),
    };
  });
}
