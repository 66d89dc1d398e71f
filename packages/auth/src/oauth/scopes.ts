// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/**
 * Tells whether a value is a valid RFC 6749 scope token.
 *
 * @param value - A candidate scope.
 * @returns `true` for a non-empty string of allowed characters.
 */
export function isScopeToken(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 256 && SCOPE_TOKEN.test(value);
}

/**
 * Parses a `scope` request parameter: space-separated tokens, duplicates removed.
 *
 * @param value - The parameter as received.
 * @returns The scopes, or `undefined` when the value is not a valid scope list.
 */
export function parseScope(value: string): readonly string[] | undefined {
  const tokens = value.split(' ');
  if (tokens.some((token) => !isScopeToken(token))) return undefined;
  return [...new Set(tokens)];
}
