import { sensitivePropertiesOf } from './sensitive.decorator';

/** The text that replaces a redacted value. */
export const REDACTED = '[REDACTED]';

/**
 * Key names whose values are never stored: passwords, tokens, secrets, API keys, private keys,
 * credentials, sessions, and the authorization and cookie headers. Matched case-insensitively
 * anywhere in a key, ignoring `-` and `_`, so `X-Api-Key`, `refresh_token` and `userPassword`
 * all match.
 */
const SECRET_KEY_PARTS = Object.freeze([
  'password',
  'passwd',
  'passphrase',
  'pwd',
  'secret',
  'token',
  'apikey',
  'privatekey',
  'credential',
  'authorization',
  'cookie',
  'session',
  'otp',
  'pin',
]);

/** Deeper structures are cut here, so a hostile body cannot make redaction run away. */
const MAX_DEPTH = 8;

/** Arrays longer than this keep their first entries only. */
const MAX_ARRAY_LENGTH = 100;

/** Strings longer than this are truncated. */
const MAX_STRING_LENGTH = 1024;

/** A bearer credential or a JSON Web Token written into a string value. */
const SECRET_VALUE = /\bbearer\s+\S+|\bbasic\s+[a-z0-9+/=]{8,}|\beyJ[\w-]+\.[\w-]+\.[\w-]*/gi;

/** NUL (which PostgreSQL text refuses) and UTF-16 halves without their partner. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Options of {@link createRedactor}. */
export interface RedactionOptions {
  /**
   * More key names to redact, matched exactly (case-insensitively) against each key, such as the
   * properties marked `@Sensitive()`. @defaultValue none
   */
  readonly keys?: Iterable<string>;
}

/** Replaces secrets in a details object; the input is never modified. */
export type Redactor = (
  details: Readonly<Record<string, unknown>> | null,
) => Readonly<Record<string, unknown>> | null;

/**
 * Tells whether a key names a secret by the built-in rules.
 *
 * @param key - A property name or a dotted path such as `body.user.password`.
 * @returns `true` when some segment of the key names a password, token, secret, API key,
 *   credential, session, or an authorization or cookie header.
 */
export function isSecretKey(key: string): boolean {
  const lower = key.toLowerCase();
  const joined = lower.replace(/[-_\s]/g, '');
  const words = lower.split(/[.\-_\s]/);
  // Short parts such as `pin` or `otp` match only a whole word, never inside `spinner`.
  return SECRET_KEY_PARTS.some((part) =>
    part.length <= 3 ? words.includes(part) : joined.includes(part),
  );
}

/** How many key answers a redactor remembers, and the longest key it remembers one for. */
const MEMO_KEYS = 1024;
const MEMO_KEY_LENGTH = 128;

/**
 * Builds the function that makes event details safe to store.
 *
 * It walks the details recursively and replaces the value of every secret-named key (see
 * {@link isSecretKey}) and of every extra key with {@link REDACTED}; it also masks bearer and
 * basic credentials and JSON Web Tokens found inside string values, redacts the `@Sensitive()`
 * properties of class instances, cuts nesting deeper than 8
 * levels, keeps at most 100 array entries and 1024 characters per string, and drops functions,
 * symbols and `__proto__` keys. The result is a plain JSON value.
 *
 * Security: redaction works on key names and on recognisable credential shapes. A secret stored
 * under an innocent name (`{ note: 'hunter2' }`) cannot be recognised; mark such properties
 * `@Sensitive()` or leave them out of `@Audit` body paths.
 *
 * @param options - Extra key names to redact.
 * @returns A redactor.
 * @example
 * ```ts
 * const redact = createRedactor({ keys: ['ssn'] });
 * redact({ user: { name: 'ann', ssn: '123', password: 'x' } });
 * // { user: { name: 'ann', ssn: '[REDACTED]', password: '[REDACTED]' } }
 * ```
 */
export function createRedactor(options: RedactionOptions = {}): Redactor {
  const extra = new Set([...(options.keys ?? [])].map((key) => key.toLowerCase()));
  const decide = (key: string): boolean =>
    isSecretKey(key) ||
    key
      .toLowerCase()
      .split('.')
      .some((segment) => extra.has(segment));
  // Details carry the same few keys on every event of a route, so answers are remembered; the
  // memo is bounded in entries and key length, and forgets everything at once when full.
  const known = new Map<string, boolean>();
  const isSecret = (key: string): boolean => {
    let answer = known.get(key);
    if (answer === undefined) {
      answer = decide(key);
      if (key.length <= MEMO_KEY_LENGTH) {
        if (known.size >= MEMO_KEYS) known.clear();
        known.set(key, answer);
      }
    }
    return answer;
  };

  return (details) => {
    if (details === null) return null;
    return redactObject(details, isSecret, 0);
  };
}

/**
 * Makes a string safe to store: cut to `max` characters, credentials masked, NUL characters and
 * unpaired surrogates replaced with U+FFFD, so every store accepts it and it hashes the same
 * after a round trip.
 *
 * @param value - Any text, possibly from a client.
 * @param max - The most characters kept.
 * @returns The cleaned text.
 */
export function cleanText(value: string, max: number): string {
  const cut = value.length > max ? `${value.slice(0, max)}…` : value;
  return cut.replace(UNSTORABLE, '\uFFFD').replace(SECRET_VALUE, REDACTED);
}

function redactValue(value: unknown, isSecret: (key: string) => boolean, depth: number): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return redactString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value !== 'object') return null;
  if (depth >= MAX_DEPTH) return '[TRUNCATED]';
  if (Array.isArray(value)) {
    return value.slice(0, MAX_ARRAY_LENGTH).map((entry) => redactValue(entry, isSecret, depth + 1));
  }
  return redactObject(value as Record<string, unknown>, isSecret, depth);
}

function redactObject(
  source: Readonly<Record<string, unknown>>,
  isSecret: (key: string) => boolean,
  depth: number,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const ctor = (source as { constructor?: unknown }).constructor;
  const marked = typeof ctor === 'function' ? sensitivePropertiesOf(ctor) : [];
  for (const key of Object.keys(source)) {
    if (key === '__proto__') continue;
    const value = source[key];
    if (typeof value === 'function' || typeof value === 'symbol' || value === undefined) continue;
    const isRedacted = isSecret(key) || marked.includes(key);
    result[cleanText(key, 128)] = isRedacted ? REDACTED : redactValue(value, isSecret, depth + 1);
  }
  return result;
}

function redactString(value: string): string {
  return cleanText(value, MAX_STRING_LENGTH);
}
