import { isIP } from 'node:net';
import type { Authenticator } from '@bulwark/auth';
import { DEFAULTS } from './defaults';
import type { HttpsOptions, QueryOptions } from './hardening-options';
import type { BulwarkOptions } from './options';

/** The HTTPS settings after defaults. */
export interface ResolvedHttps {
  readonly plainHttp: 'refuse' | 'redirect' | 'allow';
  readonly redirectOrigin: string | null;
  readonly hsts: {
    readonly maxAge: number;
    readonly includeSubDomains: boolean;
    readonly preload: boolean;
  } | null;
}

/** The CSRF settings after defaults; `null` in the resolved options when CSRF is off. */
export interface ResolvedCsrf {
  readonly secrets: readonly string[];
  readonly trustedOrigins: readonly string[];
  readonly cookieName: string;
  readonly headerName: string;
  readonly tokenPath: string;
  /** Names of the cookies that carry credentials, from the authenticators. */
  readonly credentialCookies: readonly string[];
}

/** The query settings after defaults. */
export interface ResolvedQuery {
  readonly undeclared: 'refuse' | 'ignore';
  readonly maxParameters: number;
}

/** The transport and input hardening part of the resolved options. */
export interface ResolvedHardening {
  readonly isProduction: boolean;
  readonly https: ResolvedHttps;
  readonly csrf: ResolvedCsrf | null;
  readonly query: ResolvedQuery;
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const BYTES = /^\d+(\.\d+)?\s*(b|kb|mb)$/i;
const ORIGIN = /^https?:\/\/[^/\s*]+$/;
const HEADER_NAME = /^[a-z0-9-]{1,64}$/;
const COOKIE_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * Checks and resolves the hardening options (production switch, HTTPS, CSRF, query strings,
 * body size and trusted proxies), adding every problem to `problems`.
 *
 * @param options - The options as given to `useBulwark`.
 * @param problems - Collects every problem, reported together by the caller.
 * @returns The resolved hardening settings (meaningful only when no problem was added).
 */
export function resolveHardening(options: BulwarkOptions, problems: string[]): ResolvedHardening {
  const isProduction = options.isProduction ?? process.env.NODE_ENV === 'production';
  if (options.isProduction !== undefined && typeof options.isProduction !== 'boolean')
    problems.push('"isProduction" must be a boolean.');
  if (isProduction && options.exposeStackTraces === true)
    problems.push('"exposeStackTraces" cannot be true in production.');
  checkMaxBytes(options.body?.maxBytes, problems);
  checkProxies(options.trustedProxies, problems);

  return {
    isProduction,
    https: resolveHttps(options.https, isProduction, problems),
    csrf: resolveCsrf(options, problems),
    query: resolveQuery(options.query, problems),
  };
}

function resolveHttps(
  given: HttpsOptions | undefined,
  isProduction: boolean,
  problems: string[],
): ResolvedHttps {
  const plainHttp = given?.plainHttp ?? (isProduction ? 'refuse' : 'allow');
  if (!['refuse', 'redirect', 'allow'].includes(plainHttp))
    problems.push('"https.plainHttp" must be "refuse", "redirect" or "allow".');
  const redirectOrigin = given?.redirectOrigin ?? null;
  if (redirectOrigin !== null && !/^https:\/\/[^/\s*]+$/.test(redirectOrigin))
    problems.push('"https.redirectOrigin" must look like "https://api.example.com".');
  if (plainHttp === 'redirect' && redirectOrigin === null)
    problems.push('"https.plainHttp: redirect" needs "https.redirectOrigin".');
  const hsts = given?.hsts;
  if (hsts === false) return { plainHttp, redirectOrigin, hsts: null };
  const maxAge = hsts?.maxAge ?? DEFAULTS.hstsMaxAge;
  if (!Number.isInteger(maxAge) || maxAge < 0)
    problems.push('"https.hsts.maxAge" must be a whole number of seconds.');
  return {
    plainHttp,
    redirectOrigin,
    hsts: {
      maxAge,
      includeSubDomains: hsts?.includeSubDomains ?? DEFAULTS.hstsIncludeSubDomains,
      preload: hsts?.preload ?? DEFAULTS.hstsPreload,
    },
  };
}

function resolveCsrf(options: BulwarkOptions, problems: string[]): ResolvedCsrf | null {
  const cookieSchemes = (Array.isArray(options.authenticators) ? options.authenticators : [])
    .filter((a: Authenticator | undefined) => typeof a?.credentialCookie === 'string')
    .map((a) => ({ scheme: a.scheme, cookie: a.credentialCookie as string }));
  const given = options.csrf;
  if (given === undefined) {
    for (const { scheme } of cookieSchemes) {
      problems.push(
        `"csrf" is required: the "${scheme}" scheme reads its credential from a cookie, so state-changing requests need CSRF protection.`,
      );
    }
    return null;
  }
  const secrets = typeof given.secret === 'string' ? [given.secret] : [...(given.secret ?? [])];
  if (
    secrets.length === 0 ||
    !secrets.every((s) => typeof s === 'string' && s.length >= DEFAULTS.csrfMinSecretLength)
  ) {
    problems.push(`"csrf.secret" must hold at least ${DEFAULTS.csrfMinSecretLength} characters.`);
  }
  const cors = options.cors;
  const corsOrigins =
    cors?.credentials === true && Array.isArray(cors.origins) ? [...cors.origins] : [];
  const trustedOrigins = [...(given.trustedOrigins ?? corsOrigins)];
  if (!trustedOrigins.every((o) => typeof o === 'string' && ORIGIN.test(o)))
    problems.push('"csrf.trustedOrigins" must list origins such as "https://app.example.com".');
  const resolved = {
    secrets,
    trustedOrigins,
    cookieName: given.cookieName ?? DEFAULTS.csrfCookieName,
    headerName: (given.headerName ?? DEFAULTS.csrfHeaderName).toLowerCase(),
    tokenPath: given.tokenPath ?? DEFAULTS.csrfTokenPath,
    credentialCookies: cookieSchemes.map((s) => s.cookie),
  };
  if (!COOKIE_NAME.test(resolved.cookieName))
    problems.push('"csrf.cookieName" is not a cookie name.');
  if (!HEADER_NAME.test(resolved.headerName))
    problems.push('"csrf.headerName" is not a header name.');
  if (!/^(\/[\w.-]+)+$/.test(resolved.tokenPath))
    problems.push('"csrf.tokenPath" must look like "/csrf-token".');
  return resolved;
}

function resolveQuery(given: QueryOptions | undefined, problems: string[]): ResolvedQuery {
  const undeclared = given?.undeclared ?? DEFAULTS.undeclaredQuery;
  if (!['refuse', 'ignore'].includes(undeclared))
    problems.push('"query.undeclared" must be "refuse" or "ignore".');
  const maxParameters = given?.maxParameters ?? DEFAULTS.queryMaxParameters;
  if (!Number.isInteger(maxParameters) || maxParameters < 1)
    problems.push('"query.maxParameters" must be a positive integer.');
  return { undeclared, maxParameters };
}

function checkMaxBytes(value: unknown, problems: string[]): void {
  if (value === undefined) return;
  const isValid =
    (typeof value === 'number' && Number.isInteger(value) && value > 0) ||
    (typeof value === 'string' && BYTES.test(value));
  if (!isValid)
    problems.push('"body.maxBytes" must be a positive byte count or look like "100kb".');
}

function checkProxies(value: unknown, problems: string[]): void {
  if (value === undefined) return;
  const isValid =
    Array.isArray(value) &&
    value.every(
      (entry) => typeof entry === 'string' && (PROXY_NAMES.has(entry) || isAddress(entry)),
    );
  if (!isValid) {
    problems.push(
      '"trustedProxies" must list addresses, CIDR ranges or "loopback", "linklocal", "uniquelocal".',
    );
  }
}

function isAddress(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (family === 4 && isIP(prefix) === 4) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}
