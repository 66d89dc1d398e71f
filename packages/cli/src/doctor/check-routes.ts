import type { RoutePolicy } from '@bulwark/core';
import type { DoctorContext } from './doctor-context';
import type { Finding } from './finding';

const AUTH_PATH =
  /(^|\/)(auth|login|logout|sign-?in|sign-?up|register|token|oauth2?|sessions?|password|passwords|otp|mfa)(\/|$)/i;

/**
 * Tells whether a route authenticates callers: a path segment such as `login`, `token` or
 * `oauth`, or an audit action in the `auth.` family.
 */
export function isAuthenticationRoute(policy: RoutePolicy): boolean {
  if (policy.method === 'GET' || policy.method === 'HEAD' || policy.method === 'OPTIONS')
    return false;
  return AUTH_PATH.test(policy.path) || policy.audit?.action.startsWith('auth.') === true;
}

/**
 * Reviews the compiled routes: authentication endpoints need a limit by client address (before
 * any credential is checked), and mutating routes need an audit action.
 *
 * @param context - The doctor context.
 * @returns Findings.
 */
export function checkRoutes(context: DoctorContext): Finding[] {
  const { policies } = context.handle.bulwark;
  const findings: Finding[] = [];
  for (const policy of policies.filter(isAuthenticationRoute)) {
    if (!policy.rateLimits.some((limit) => limit.key === 'ip')) {
      findings.push({
        id: 'ratelimit.auth-endpoint',
        severity: 'high',
        title: `Authentication endpoint ${policy.method} ${policy.path} has no rate limit by client address`,
        reason:
          'Credential stuffing and password guessing run at full speed against an unthrottled login or token endpoint.',
        fix: `Add @RateLimit({ limit: 10, window: '1m', key: 'ip' }) to ${policy.id}.`,
      });
    }
  }
  if (context.handle.bulwark.settings?.isAuditEnabled === false) return findings;
  for (const policy of policies) {
    if (policy.isMutating && policy.audit === null) {
      findings.push({
        id: 'audit.route-unaudited',
        severity: 'high',
        title: `${policy.method} ${policy.path} changes data without an audit record`,
        reason:
          'A mutating route whose calls are not recorded leaves no evidence of who changed what.',
        fix: `Remove the audit opt-out from ${policy.id} or add @Audit('<action>'); keep auditMutatingByDefault on.`,
      });
    }
  }
  return findings;
}
