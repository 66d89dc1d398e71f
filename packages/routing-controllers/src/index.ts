export { useBulwark } from './runtime/use-bulwark';
export type { BulwarkApp, MountOptions } from './runtime/use-bulwark';
export type { BulwarkOptions, BodyLimits, CorsOptions } from './config/options';
export { DEFAULTS } from './config/defaults';
export type { BulwarkSettings } from './config/describe-settings';
export {
  CurrentAbility,
  ClientAddress,
  CurrentPrincipal,
  LoadedInstance,
} from './decorators/current-principal.decorator';
export { PROBLEM_DETAIL_MAX_LENGTH, toProblem } from './errors/problem';
export type { ProblemBody, ProblemResponse } from './errors/problem';
export { discoverRoutes } from './runtime/discover-routes';
export type { FieldError } from './validation/dto-validator';
export {
  BulwarkMetrics,
  classify,
  createMetricsHandler,
  createRequestLog,
  MIN_METRICS_TOKEN_LENGTH,
  monitorRequests,
  outcomeOf,
  SuspiciousActivityDetector,
  UNMATCHED_ROUTE,
} from './monitoring/index';
export type {
  BulwarkMetricsOptions,
  MetricsHandlerOptions,
  OutcomeKind,
  RequestObserver,
  RequestOutcome,
  SuspiciousActivity,
  SuspiciousActivityOptions,
} from './monitoring/index';
export { createOAuthRouter, metadataPath } from './auth/index';
export type { OAuthRouterOptions } from './auth/index';
export type { FieldErrorDetails } from './validation/field-errors';
export type {
  CsrfOptions,
  HstsOptions,
  HttpsOptions,
  QueryOptions,
} from './config/hardening-options';
export { Trim, trim } from './sanitizers/trim.decorator';
export { NormalizeUnicode, normalizeUnicode } from './sanitizers/normalize-unicode.decorator';
export type { NormalizationForm } from './sanitizers/normalize-unicode.decorator';
export { StripHtml, stripHtml } from './sanitizers/strip-html.decorator';
export {
  RICH_TEXT_DEFAULTS,
  SanitizeHtml,
  sanitizeHtml,
} from './sanitizers/sanitize-html.decorator';
export type { RichTextOptions } from './sanitizers/sanitize-html.decorator';
export { serve } from './tls/serve';
export type { BulwarkServer } from './tls/serve';
export type { DevelopmentTls, ServeOptions, ServerLimits, TlsFiles } from './tls/serve-options';
export { TLS_CIPHERS } from './tls/tls-settings';
export { createDevelopmentCertificate } from './tls/development-certificate';
export type { DevelopmentCertificate } from './tls/development-certificate';
