import type { CompiledRateLimit, RoutePolicy } from '@bulwark/core';

const KEY_NAMES: Readonly<Record<string, string>> = Object.freeze({
  ip: 'client address',
  principal: 'principal',
  'api-key': 'API key',
  client: 'OAuth client',
  tenant: 'tenant',
});

/**
 * A default summary from the policy: the permission (`update Note`) where there is one, else
 * the handler name in words (`listOwnKeys` → `List own keys`).
 *
 * @param policy - The route's policy.
 * @returns One line.
 */
export function defaultSummary(policy: RoutePolicy): string {
  const authorization = policy.authorization;
  if (authorization?.action != null && authorization.subject !== null) {
    return `${capitalize(authorization.action)} ${authorization.subject}${authorization.isList ? ' (list)' : ''}`;
  }
  const words = policy.handler.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return capitalize(words);
}

/**
 * The policy in words, as Markdown for the operation description: who may call the route, what
 * input it refuses, its rate limits and its audit record.
 *
 * @param policy - The route's policy.
 * @param lead - The description given with `@Summary`, placed first.
 * @returns The description.
 */
export function describePolicy(policy: RoutePolicy, lead: string | undefined): string {
  const lines = [`**Access:** ${describeAccess(policy)}`];
  const { validation } = policy;
  if (
    [validation.body, validation.query, validation.params, validation.headers].some(
      (d) => d !== null,
    )
  ) {
    lines.push('**Input:** validated before the handler runs; unknown properties are refused.');
  }
  if (policy.rateLimits.length > 0) {
    lines.push(`**Rate limits:** ${policy.rateLimits.map(describeLimit).join('; ')}.`);
  }
  if (policy.audit !== null) {
    const durable = policy.isMutating ? '; the answer waits until the record is stored' : '';
    lines.push(`**Audit:** recorded as \`${policy.audit.action}\`${durable}.`);
  }
  const policyText = lines.join('\n\n');
  return lead === undefined ? policyText : `${lead}\n\n${policyText}`;
}

/**
 * Bulwark's extensions for one operation: the policy id, the authorization step (CASL action and
 * subject, roles, scopes, instance loading), the rate limits and the audit record, for tools
 * that read the document.
 *
 * @param policy - The route's policy.
 * @returns The `x-bulwark-…` members.
 */
export function policyExtensions(policy: RoutePolicy): Record<`x-bulwark-${string}`, unknown> {
  const authorization = policy.authorization;
  return {
    'x-bulwark-policy': policy.id,
    'x-bulwark-authorization':
      authorization === null
        ? null
        : {
            action: authorization.action,
            subject: authorization.subject,
            roles: [...authorization.roles],
            scopes: [...authorization.scopes],
            check: authorization.check,
            loadsInstance: authorization.load !== null,
            isList: authorization.isList,
            deniedStatus: authorization.deniedStatus,
            isConditional: authorization.isConditional,
            isDenyAll: authorization.isDenyAll,
            grants: { ...authorization.grants },
          },
    'x-bulwark-rate-limits': policy.rateLimits.map((limit) => ({
      name: limit.name,
      limit: limit.limit,
      windowSeconds: limit.windowMs / 1000,
      algorithm: limit.algorithm,
      key: typeof limit.key === 'function' ? 'custom' : limit.key,
      cost: limit.cost,
      scope: limit.origin === 'global' ? 'app' : 'route',
    })),
    'x-bulwark-audit':
      policy.audit === null
        ? null
        : {
            action: policy.audit.action,
            isDurable: policy.isMutating,
            isImplicit: policy.audit.isImplicit,
          },
  };
}

function describeAccess(policy: RoutePolicy): string {
  const authorization = policy.authorization;
  if (policy.isPublic || authorization === null) return 'public; no credential is needed.';
  if (authorization.isDenyAll) return 'every request is refused: the route declares no policy.';
  const parts = [`authenticated (${policy.schemes.map((s) => `\`${s}\``).join(' or ')})`];
  if (authorization.roles.length > 0) {
    parts.push(`with one of the roles ${authorization.roles.map((r) => `\`${r}\``).join(', ')}`);
  }
  if (authorization.scopes.length > 0) {
    parts.push(`with the scopes ${authorization.scopes.map((s) => `\`${s}\``).join(', ')}`);
  }
  const { action, subject } = authorization;
  if (action !== null && subject !== null) {
    const where =
      authorization.load !== null
        ? `, checked on the requested ${subject}; a refusal answers ${authorization.deniedStatus}`
        : authorization.isList
          ? `; the list holds only what the principal may \`${action}\``
          : '';
    parts.push(`allowed to \`${action}\` \`${subject}\`${where}`);
  }
  if (authorization.check !== null) parts.push(`passing the check \`${authorization.check}\``);
  return `${parts.join(', ')}.`;
}

function describeLimit(limit: CompiledRateLimit): string {
  const key = typeof limit.key === 'function' ? 'custom key' : (KEY_NAMES[limit.key] ?? limit.key);
  const unit = limit.algorithm === 'concurrency' ? 'in flight' : `per ${limit.windowMs / 1000} s`;
  const cost = limit.cost > 1 ? ` (each call costs ${limit.cost})` : '';
  return `\`${limit.name}\` ${limit.limit} ${unit} per ${key}${cost}`;
}

function capitalize(text: string): string {
  return text.length === 0 ? text : `${text[0]?.toUpperCase()}${text.slice(1)}`;
}
