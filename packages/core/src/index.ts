export { ERROR_CATALOG, describeError } from './errors/codes';
export type { ErrorCode, ErrorCatalogEntry } from './errors/codes';
export { BulwarkError, isBulwarkError } from './errors/bulwark.error';
export type { BulwarkErrorOptions } from './errors/bulwark.error';

export { noopLogger, isLogger } from './logging/logger';
export type { Logger, LogFields } from './logging/logger';

export { createPrincipal } from './principal/principal';
export type { Principal, PrincipalInit, PrincipalKind } from './principal/principal';

export { definePermissions, Permissions } from './permissions/define-permissions';
export type {
  AppAbility,
  CustomCheck,
  PermissionsDefinition,
  RoleRules,
  RuleBuilder,
  SubjectDeclaration,
} from './permissions/define-permissions';
export { grantOf, ruleCovers } from './permissions/rule-facts';
export type { Grant, RuleFact, RuleFacts } from './permissions/rule-facts';
export {
  forbiddenFields,
  outOfReachAfter,
  readableFieldSet,
  readableFields,
} from './permissions/field-access';
export type { FieldRefusal } from './permissions/field-access';

export { Authorize } from './decorators/authorize.decorator';
export type { AuthorizeOptions } from './decorators/authorize.decorator';
export { Public } from './decorators/public.decorator';
export { Validate } from './decorators/validate.decorator';
export { RateLimit } from './decorators/rate-limit.decorator';
export { Audit } from './decorators/audit.decorator';
export type { AuditOptions } from './decorators/audit.decorator';
export { applyDeclaration } from './decorators/decorator-target';
export type { ClassOrMethodDecorator } from './decorators/decorator-target';

export type {
  AuditDeclaration,
  AuthorizeDeclaration,
  InstanceLoader,
  RateLimitAlgorithm,
  RateLimitDeclaration,
  RateLimitKeyFunction,
  RateLimitKeyInput,
  RateLimitKeyKind,
  ValidateDeclaration,
} from './metadata/declarations';

export { compilePolicies } from './policy/compile-policies';
export type { CompileOptions } from './policy/compile-policies';
export { isDtoClass } from './policy/compile-validation';
export { checksWrittenFields } from './policy/compile-authorization';
export { decide, decideNow } from './policy/decide';
export type { Decision, DecisionInput } from './policy/decide';
export type {
  AuditPolicy,
  AuthorizationPolicy,
  CompiledRateLimit,
  HttpMethod,
  ParamDescriptor,
  ParamSource,
  RouteDescriptor,
  RoutePolicy,
  ValidationPolicy,
} from './policy/route-policy';

export { parseDuration } from './internal/duration';
export type { Duration } from './internal/duration';

export { policyTester } from './testing/policy-tester';
export type { PolicyTester, PrincipalPolicy, TestPrincipal } from './testing/policy-tester';
export { accessMatrix } from './testing/access-matrix';
export type { AccessMatrix, AccessMatrixRow } from './testing/access-matrix';
