import { inProduction, type DoctorContext } from './doctor-context';
import type { Finding } from './finding';

/** Platform variables that say a proxy or load balancer sits in front of the process. */
const PROXY_HINTS = [
  'DYNO',
  'K_SERVICE',
  'FLY_APP_NAME',
  'RENDER',
  'RAILWAY_ENVIRONMENT',
  'WEBSITE_SITE_NAME',
  'VERCEL',
];
const CATCH_ALL = new Set(['0.0.0.0/0', '::/0', '*', 'true']);

/**
 * Reviews the app's resolved settings: verbose errors, CORS, trusted proxies, memory stores and
 * a disabled audit trail.
 *
 * @param context - The doctor context.
 * @returns Findings.
 */
export function checkSettings(context: DoctorContext): Finding[] {
  const settings = context.handle.bulwark.settings;
  if (settings === undefined) {
    return [
      {
        id: 'settings.unavailable',
        severity: 'medium',
        title: 'The app exposes no Bulwark settings; configuration checks were skipped',
        reason:
          'bulwark.settings comes from useBulwark(); without it the doctor cannot see CORS, proxies, stores or error verbosity.',
        fix: 'Return { bulwark } from app() exactly as useBulwark() returned it.',
      },
    ];
  }
  const findings: Finding[] = [];
  const mutating = context.handle.bulwark.policies.filter((p) => p.isMutating);

  if (settings.exposeStackTraces) {
    findings.push({
      id: 'errors.verbose',
      severity: inProduction(context, 'high', 'low'),
      title: 'Verbose errors are on: 500 responses carry stack traces',
      reason:
        'Stack traces reveal file paths, library versions and code structure to any client that can trigger an error.',
      fix: 'Remove exposeStackTraces: true (the default is false), or set it from a development-only flag.',
    });
  }
  if (settings.cors !== null && settings.cors.origins === '*' && settings.cors.credentials) {
    findings.push({
      id: 'cors.wildcard-credentials',
      severity: 'high',
      title: 'CORS allows any origin together with credentials',
      reason:
        'Any web page a signed-in user visits could call the API with their cookies or credentials.',
      fix: 'List the exact origins in cors.origins, or drop credentials.',
    });
  }
  findings.push(...proxyFindings(context));
  if (context.isProduction && settings.rateLimitStore === 'memory') {
    findings.push({
      id: 'store.memory-rate-limit',
      severity: 'medium',
      title: 'Rate limits are counted in process memory in production',
      reason:
        'Each process counts on its own and forgets on restart: N instances admit N times every limit, and a restart resets lockouts.',
      fix: "Pass rateLimiter: createRateLimitEnforcer({ store: 'redis', redis: { url: process.env.REDIS_URL } }).",
    });
  }
  if (!settings.isAuditEnabled && mutating.length > 0) {
    findings.push({
      id: 'audit.disabled',
      severity: 'high',
      title: `Audit is disabled (audit: false) and ${mutating.length} route(s) change data`,
      reason: 'Without an audit trail there is no evidence of who changed what after an incident.',
      fix: 'Pass audit: new AuditTrail({ sink }) with a durable sink such as TypeOrmAuditSink.',
    });
  }
  return findings;
}

function proxyFindings(context: DoctorContext): Finding[] {
  const settings = context.handle.bulwark.settings!;
  const deployment = context.project.config.deployment ?? {};
  const hint = PROXY_HINTS.find((name) => context.env[name] !== undefined);
  const isBehindProxy =
    deployment.behindProxy === true || deployment.httpsEnforcedBy === 'proxy' || hint !== undefined;
  if (settings.trustedProxies.some((p) => CATCH_ALL.has(p))) {
    return [
      {
        id: 'proxy.trust-all',
        severity: 'high',
        title: 'Every address is trusted as a proxy',
        reason:
          'Any client can then set X-Forwarded-For and X-Forwarded-Proto: spoofed addresses evade per-address rate limits and poison the audit trail.',
        fix: 'List only the addresses or CIDRs of your own proxies in trustedProxies.',
      },
    ];
  }
  if (isBehindProxy && settings.trustedProxies.length === 0) {
    const why = hint !== undefined ? `the ${hint} variable says so` : 'bulwark.config declares it';
    return [
      {
        id: 'proxy.untrusted',
        severity: inProduction(context, 'high', 'medium'),
        title: `The app runs behind a proxy (${why}) but trusts none`,
        reason:
          'Every request then seems to come from the proxy: one client can exhaust the per-address limits of all, and audit records name the proxy instead of the client.',
        fix: "Set trustedProxies to the proxy's addresses (for example ['10.0.0.0/8'] or ['loopback']).",
      },
    ];
  }
  return [];
}
