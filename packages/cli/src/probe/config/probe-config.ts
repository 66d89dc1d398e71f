import { decodeJwt } from '../values/forge-jwt';

/** How a principal proves who it is. Values are secrets: they never reach a report. */
export type ProbeCredential =
  | { readonly kind: 'bearer'; readonly token: string }
  | { readonly kind: 'api-key'; readonly key: string }
  | {
      readonly kind: 'headers';
      readonly scheme: string;
      readonly headers: Readonly<Record<string, string>>;
    };

/** A principal the probe acts as. */
export interface ProbePrincipal {
  readonly name: string;
  readonly credential: ProbeCredential;
  /** From the config, else from the token's `roles` claim. */
  readonly roles: readonly string[];
  /** From the config, else from the token's `scope` or `scp` claim. */
  readonly scopes: readonly string[];
}

/**
 * An object only some principals may reach: its owner and those listed. Every other principal
 * must be refused on every route that loads it, and must not find it in lists.
 */
export interface ProbeObject {
  readonly subject: string;
  readonly id: string;
  readonly owner: string;
  readonly reachableBy: readonly string[];
}

/** Fields of a subject that only the listed principals may write (the rest get 403). */
export interface ProbeFieldRule {
  readonly subject: string;
  readonly fields: readonly string[];
  readonly writableBy: readonly string[];
}

/** The probe's view of the app's users and data, from the `--config` file. */
export interface ProbeConfig {
  readonly principals: readonly ProbePrincipal[];
  readonly objects: readonly ProbeObject[];
  readonly fieldRules: readonly ProbeFieldRule[];
  /** API keys that were revoked; every route that accepts API keys must answer them 401. */
  readonly revokedApiKeys: readonly string[];
  /** Tokens that have expired, to send as they are. */
  readonly expiredTokens: readonly string[];
  /** The HMAC secret of the app's tokens, to re-sign real claims as expired (test setups). */
  readonly hmacSecret: string | null;
  /** Path (under the base URL) of the app's JWKS, for algorithm-confusion tokens. */
  readonly jwksPath: string | null;
  /** Valid request bodies by route id (`Controller.method`) or `METHOD /path/{param}`. */
  readonly bodies: Readonly<Record<string, unknown>>;
}

/** A config with nothing in it: only anonymous checks run. */
export const EMPTY_PROBE_CONFIG: ProbeConfig = Object.freeze({
  principals: [],
  objects: [],
  fieldRules: [],
  revokedApiKeys: [],
  expiredTokens: [],
  hmacSecret: null,
  jwksPath: null,
  bodies: {},
});

const TOP = new Set(['principals', 'objects', 'fieldRules', 'revokedApiKeys', 'jwt', 'bodies']);
const PRINCIPAL = new Set(['token', 'apiKey', 'headers', 'scheme', 'roles', 'scopes']);

/**
 * Reads the probe's config. A string value `env:NAME` is read from the environment, so tokens
 * and keys need not be written into the file. Every problem is collected and reported together.
 *
 * @param raw - The parsed JSON.
 * @param env - The environment for `env:` values.
 * @returns The config, or the list of problems.
 */
export function parseProbeConfig(
  raw: unknown,
  env: Readonly<Record<string, string | undefined>>,
): { config: ProbeConfig } | { problems: string[] } {
  const problems: string[] = [];
  const secret = (value: unknown, where: string): string | null => {
    if (typeof value !== 'string' || value.length === 0) {
      problems.push(`${where}: a non-empty string is required.`);
      return null;
    }
    if (!value.startsWith('env:')) return value;
    const found = env[value.slice(4)];
    if (found === undefined || found === '') problems.push(`${where}: ${value} is not set.`);
    return found ?? null;
  };
  const root = record(raw);
  if (root === null) return { problems: ['the config must be a JSON object.'] };
  for (const key of Object.keys(root)) if (!TOP.has(key)) problems.push(`unknown key "${key}".`);

  const principals = Object.entries(record(root['principals']) ?? {}).flatMap(([name, value]) => {
    const principal = principalOf(name, value, secret, problems);
    return principal === null ? [] : [principal];
  });
  const names = new Set(principals.map((p) => p.name));
  const known = (list: readonly string[], where: string): void => {
    for (const n of list) if (!names.has(n)) problems.push(`${where}: unknown principal "${n}".`);
  };
  const objects = list(root['objects']).map((value, index) => {
    const entry = record(value) ?? {};
    const object = {
      subject: text(entry['subject'], `objects[${index}].subject`, problems),
      id: text(entry['id'], `objects[${index}].id`, problems),
      owner: text(entry['owner'], `objects[${index}].owner`, problems),
      reachableBy: strings(entry['reachableBy'], `objects[${index}].reachableBy`, problems),
    };
    known([object.owner, ...object.reachableBy], `objects[${index}]`);
    return Object.freeze(object);
  });
  const fieldRules = list(root['fieldRules']).map((value, index) => {
    const entry = record(value) ?? {};
    const rule = {
      subject: text(entry['subject'], `fieldRules[${index}].subject`, problems),
      fields: strings(entry['fields'], `fieldRules[${index}].fields`, problems),
      writableBy: strings(entry['writableBy'], `fieldRules[${index}].writableBy`, problems),
    };
    known(rule.writableBy, `fieldRules[${index}]`);
    return Object.freeze(rule);
  });
  const jwt = record(root['jwt']) ?? {};
  for (const key of Object.keys(jwt)) {
    if (!['hmacSecret', 'jwksPath', 'expiredTokens'].includes(key))
      problems.push(`jwt: unknown key "${key}".`);
  }
  const jwksPath =
    jwt['jwksPath'] === undefined ? null : text(jwt['jwksPath'], 'jwt.jwksPath', problems);
  if (jwksPath !== null && !jwksPath.startsWith('/'))
    problems.push('jwt.jwksPath: must start with "/".');
  const config: ProbeConfig = Object.freeze({
    principals: Object.freeze(principals),
    objects: Object.freeze(objects),
    fieldRules: Object.freeze(fieldRules),
    revokedApiKeys: list(root['revokedApiKeys']).map(
      (v, i) => secret(v, `revokedApiKeys[${i}]`) ?? '',
    ),
    expiredTokens: list(jwt['expiredTokens']).map(
      (v, i) => secret(v, `jwt.expiredTokens[${i}]`) ?? '',
    ),
    hmacSecret:
      jwt['hmacSecret'] === undefined ? null : secret(jwt['hmacSecret'], 'jwt.hmacSecret'),
    jwksPath,
    bodies: Object.freeze({ ...(record(root['bodies']) ?? {}) }),
  });
  return problems.length > 0 ? { problems } : { config };
}

function principalOf(
  name: string,
  value: unknown,
  secret: (value: unknown, where: string) => string | null,
  problems: string[],
): ProbePrincipal | null {
  const where = `principals.${name}`;
  const entry = record(value);
  if (entry === null) {
    problems.push(`${where}: an object is required.`);
    return null;
  }
  for (const key of Object.keys(entry))
    if (!PRINCIPAL.has(key)) problems.push(`${where}: unknown key "${key}".`);
  const given = ['token', 'apiKey', 'headers'].filter((k) => entry[k] !== undefined);
  if (given.length !== 1) {
    problems.push(`${where}: give exactly one of "token", "apiKey" or "headers".`);
    return null;
  }
  let credential: ProbeCredential;
  if (given[0] === 'token')
    credential = { kind: 'bearer', token: secret(entry['token'], `${where}.token`) ?? '' };
  else if (given[0] === 'apiKey')
    credential = { kind: 'api-key', key: secret(entry['apiKey'], `${where}.apiKey`) ?? '' };
  else {
    const headers = Object.fromEntries(
      Object.entries(record(entry['headers']) ?? {}).map(([h, v]) => [
        h.toLowerCase(),
        secret(v, `${where}.headers.${h}`) ?? '',
      ]),
    );
    credential = {
      kind: 'headers',
      scheme: text(entry['scheme'], `${where}.scheme`, problems),
      headers,
    };
  }
  const claims = credential.kind === 'bearer' ? (decodeJwt(credential.token)?.payload ?? {}) : {};
  const claimedScopes =
    typeof claims['scope'] === 'string'
      ? claims['scope'].split(' ').filter(Boolean)
      : claims['scp'];
  return Object.freeze({
    name,
    credential,
    roles: Object.freeze(
      entry['roles'] !== undefined
        ? strings(entry['roles'], `${where}.roles`, problems)
        : plain(claims['roles']),
    ),
    scopes: Object.freeze(
      entry['scopes'] !== undefined
        ? strings(entry['scopes'], `${where}.scopes`, problems)
        : plain(claimedScopes),
    ),
  });
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function text(value: unknown, where: string, problems: string[]): string {
  if (typeof value === 'string' && value.length > 0) return value;
  problems.push(`${where}: a non-empty string is required.`);
  return '';
}

function strings(value: unknown, where: string, problems: string[]): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return [...value];
  problems.push(`${where}: a list of strings is required.`);
  return [];
}

function plain(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
