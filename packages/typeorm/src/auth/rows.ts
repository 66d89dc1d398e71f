/**
 * Writes an optional time as ISO 8601 text.
 *
 * @param value - A date or `null`.
 * @returns The ISO text, or `null`.
 */
export function toIso(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}

/**
 * Reads an optional ISO 8601 time.
 *
 * @param value - ISO text or `null`.
 * @returns A date, or `null`.
 */
export function fromIso(value: string | null): Date | null {
  return value === null ? null : new Date(value);
}

/**
 * Reads a JSON list of scopes. A column that does not hold a list of strings yields no scopes,
 * so a corrupted row grants nothing rather than something unexpected.
 *
 * @param value - The stored JSON text.
 * @returns A frozen list of scopes.
 */
export function readScopes(value: string): readonly string[] {
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed) && parsed.every((s) => typeof s === 'string'))
      return Object.freeze(parsed);
  } catch {
    // Falls through to the empty grant below.
  }
  return Object.freeze([]);
}
