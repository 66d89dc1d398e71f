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
const JWT = new Set(['hmacSecret', 'jwksPath', 'expiredTokens']);

/**
 * Reads the probe's config. A string value `env:NAME` is read from the environment, so tokens
 * and keys need not be written into the file. Every problem is collected and reported together;
 * no problem quotes a credential.
 *
 * @param raw - The parsed JSON.
 * @param env - The environment for `env:` values.
 * @returns The config, or the list of problems.
 */
export function parseProbeConfig(
  raw: unknown,
  env: Readonly<Record<string, string | undefined>>,
): { config: ProbeConfig } | { problems: string[] } {
  const root = record(raw);
  if (root === null) return { problems: ['the config must be a JSON object.'] };
  const reader = new ConfigReader(env);
  reader.onlyKeys(root, TOP, '');
  const principals = reader.principals(root['principals']);
  const jwt = record(root['jwt']) ?? {};
  reader.onlyKeys(jwt, JWT, 'jwt: ');
  const config: ProbeConfig = Object.freeze({
    principals: Object.freeze(principals),
    objects: Object.freeze(reader.objects(root['objects'])),
    fieldRules: Object.freeze(reader.fieldRules(root['fieldRules'])),
    revokedApiKeys: reader.secrets(root['revokedApiKeys'], 'revokedApiKeys'),
    expiredTokens: reader.secrets(jwt['expiredTokens'], 'jwt.expiredTokens'),
    hmacSecret:
      jwt['hmacSecret'] === undefined ? null : reader.secret(jwt['hmacSecret'], 'jwt.hmacSecret'),
    jwksPath: reader.jwksPath(jwt['jwksPath']),
    bodies: Object.freeze({ ...(record(root['bodies']) ?? {}) }),
  });
  return reader.problems.length > 0 ? { problems: reader.problems } : { config };
}

/** Reads one config, collecting problems as it goes. */
class ConfigReader {
  readonly problems: string[] = [];
  private readonly names = new Set<string>();

  constructor(private readonly env: Readonly<Record<string, string | undefined>>) {}

  onlyKeys(entry: Record<string, unknown>, allowed: ReadonlySet<string>, where: string): void {
    for (const key of Object.keys(entry)) {
      if (!allowed.has(key)) this.problems.push(`${where}unknown key "${key}".`);
    }
  }

  /** A credential: the value itself, or the environment variable an `env:` value names. */
  secret(value: unknown, where: string): string | null {
    if (typeof value !== 'string' || value.length === 0) {
      this.problems.push(`${where}: a non-empty string is required.`);
      return null;
    }
    if (!value.startsWith('env:')) return value;
    const found = this.env[value.slice(4)];
    if (found === undefined || found === '') this.problems.push(`${where}: ${value} is not set.`);
    return found ?? null;
  }

  secrets(value: unknown, where: string): string[] {
    return list(value).map((v, i) => this.secret(v, `${where}[${i}]`) ?? '');
  }

  principals(value: unknown): ProbePrincipal[] {
    const principals = Object.entries(record(value) ?? {}).flatMap(([name, entry]) => {
      const principal = this.principal(name, entry);
      return principal === null ? [] : [principal];
    });
    for (const principal of principals) this.names.add(principal.name);
    return principals;
  }

  objects(value: unknown): ProbeObject[] {
    return list(value).map((raw, index) => {
      const entry = record(raw) ?? {};
      const where = `objects[${index}]`;
      const object = {
        subject: this.text(entry['subject'], `${where}.subject`),
        id: this.text(entry['id'], `${where}.id`),
        owner: this.text(entry['owner'], `${where}.owner`),
        reachableBy: this.strings(entry['reachableBy'], `${where}.reachableBy`),
      };
      this.known([object.owner, ...object.reachableBy], where);
      return Object.freeze(object);
    });
  }

  fieldRules(value: unknown): ProbeFieldRule[] {
    return list(value).map((raw, index) => {
      const entry = record(raw) ?? {};
      const where = `fieldRules[${index}]`;
      const rule = {
        subject: this.text(entry['subject'], `${where}.subject`),
        fields: this.strings(entry['fields'], `${where}.fields`),
        writableBy: this.strings(entry['writableBy'], `${where}.writableBy`),
      };
      this.known(rule.writableBy, where);
      return Object.freeze(rule);
    });
  }

  jwksPath(value: unknown): string | null {
    if (value === undefined) return null;
    const path = this.text(value, 'jwt.jwksPath');
    if (!path.startsWith('/')) this.problems.push('jwt.jwksPath: must start with "/".');
    return path;
  }

  private principal(name: string, value: unknown): ProbePrincipal | null {
    const where = `principals.${name}`;
    const entry = record(value);
    if (entry === null) {
      this.problems.push(`${where}: an object is required.`);
      return null;
    }
    this.onlyKeys(entry, PRINCIPAL, `${where}: `);
    const credential = this.credential(entry, where);
    if (credential === null) return null;
    const claims = credential.kind === 'bearer' ? (decodeJwt(credential.token)?.payload ?? {}) : {};
    const scope = claims['scope'];
    const claimed = typeof scope === 'string' ? scope.split(' ').filter(Boolean) : claims['scp'];
    const listed = (key: string, fallback: unknown): string[] =>
      entry[key] !== undefined ? this.strings(entry[key], `${where}.${key}`) : plain(fallback);
    return Object.freeze({
      name,
      credential,
      roles: Object.freeze(listed('roles', claims['roles'])),
      scopes: Object.freeze(listed('scopes', claimed)),
    });
  }

  private credential(entry: Record<string, unknown>, where: string): ProbeCredential | null {
    const given = ['token', 'apiKey', 'headers'].filter((k) => entry[k] !== undefined);
    if (given.length !== 1) {
      this.problems.push(`${where}: give exactly one of "token", "apiKey" or "headers".`);
      return null;
    }
    if (given[0] === 'token') {
      return { kind: 'bearer', token: this.secret(entry['token'], `${where}.token`) ?? '' };
    }
    if (given[0] === 'apiKey') {
      return { kind: 'api-key', key: this.secret(entry['apiKey'], `${where}.apiKey`) ?? '' };
    }
    const headers = Object.fromEntries(
      Object.entries(record(entry['headers']) ?? {}).map(([name, value]) => [
        name.toLowerCase(),
        this.secret(value, `${where}.headers.${name}`) ?? '',
      ]),
    );
    return { kind: 'headers', scheme: this.text(entry['scheme'], `${where}.scheme`), headers };
  }

  private known(names: readonly string[], where: string): void {
    for (const name of names) {
      if (!this.names.has(name)) this.problems.push(`${where}: unknown principal "${name}".`);
    }
  }

  private text(value: unknown, where: string): string {
    if (typeof value === 'string' && value.length > 0) return value;
    this.problems.push(`${where}: a non-empty string is required.`);
    return '';
  }

  private strings(value: unknown, where: string): string[] {
    if (value === undefined) return [];
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return [...value];
    this.problems.push(`${where}: a list of strings is required.`);
    return [];
  }
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function plain(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
