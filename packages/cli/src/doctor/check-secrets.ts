import { join } from 'node:path';
import type { SecretRequirement } from '../project/cli-config';
import { readEnvFile } from '../project/read-env-file';
import { inProduction, type ProjectContext } from './doctor-context';
import type { Finding } from './finding';

const SECRET_NAME = /(SECRET|PASSWORD|PASSPHRASE|PRIVATE_KEY|API_KEY|HMAC|_TOKEN$|_KEY$)/;
const PLACEHOLDER =
  /^(change[-_ ]?me|changeit|secret|password|passw0rd|test|example|default|dev|development|todo|xxx+|your[-_ ].*|<.*>|\.\.\.)$/i;
const DEFAULT_MIN_BYTES = 32;
const GENERATE = 'openssl rand -base64 48';

/**
 * The secrets to check: those the config declares, plus the variables of `.env.example` whose
 * names look like secrets (declared ones keep their own requirements).
 */
function secretsOf(context: ProjectContext): Map<string, SecretRequirement> {
  const secrets = new Map<string, SecretRequirement>(
    Object.entries(context.project.config.secrets ?? {}),
  );
  const example = readEnvFile(join(context.project.root, '.env.example'));
  for (const name of Object.keys(example)) {
    if (SECRET_NAME.test(name) && !secrets.has(name)) secrets.set(name, {});
  }
  return secrets;
}

/**
 * Checks each secret: set, long enough, not a placeholder or a low-variety string; and flags
 * HMAC-signed tokens in production, where every service holding the secret can mint tokens.
 *
 * @param context - The doctor context.
 * @returns Findings; values are never included.
 */
export function checkSecrets(context: ProjectContext): Finding[] {
  const findings: Finding[] = [];
  for (const [name, requirement] of secretsOf(context)) {
    const value = context.env[name];
    const minBytes = requirement.minBytes ?? DEFAULT_MIN_BYTES;
    if (value === undefined || value === '') {
      findings.push({
        id: 'secret.missing',
        severity: requirement.isOptional === true ? 'info' : inProduction(context, 'high', 'low'),
        title: `${name} is not set`,
        reason: context.isProduction
          ? 'A production app without this secret either refuses to start or runs with a value nobody chose.'
          : 'In development the app may generate a throw-away value; tokens or chains made with it die with the process.',
        fix: `Set ${name} in the environment (or .env, never committed) to a random value: ${GENERATE}`,
      });
      continue;
    }
    const weakness = weaknessOf(value, minBytes);
    if (weakness !== null) {
      findings.push({
        id: 'secret.weak',
        severity: inProduction(context, 'high', 'medium'),
        title: `${name} is weak: ${weakness}`,
        reason:
          'A guessable or short secret lets an attacker forge what it protects (tokens, audit chains, sessions) offline, at their own pace.',
        fix: `Replace ${name} with at least ${minBytes} random bytes: ${GENERATE}`,
      });
    }
  }
  return [...findings, ...hmacFindings(context)];
}

function weaknessOf(value: string, minBytes: number): string | null {
  if (PLACEHOLDER.test(value.trim())) return 'it is a placeholder';
  const bytes = Buffer.byteLength(value);
  if (bytes < minBytes) return `${bytes} bytes, fewer than ${minBytes}`;
  if (new Set(value).size < 10) return 'it repeats a handful of characters';
  return null;
}

function hmacFindings(context: ProjectContext): Finding[] {
  if (!context.isProduction) return [];
  const hmac = Object.entries(context.project.config.secrets ?? {})
    .filter(([, requirement]) => requirement.usage === 'jwt-hmac')
    .map(([name]) => name);
  return hmac.map((name) => ({
    id: 'token.hmac-in-production',
    severity: 'medium' as const,
    title: `Access tokens are signed with a shared secret (${name}, HMAC) in production`,
    reason:
      'Every service that can verify an HMAC token can also mint one, so one leaked copy of the secret lets anyone impersonate any user; the secret cannot be published like a public key.',
    fix: 'Sign tokens with a private key (ES256 or EdDSA) held by the issuer only, and verify with the public key or a JWKS URL (createJwtAuthenticator({ key: { jwksUrl } })).',
  }));
}
