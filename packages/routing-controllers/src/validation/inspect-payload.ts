/** Limits a parsed payload must respect. */
export interface PayloadLimits {
  readonly maxDepth: number;
  readonly maxArrayLength: number;
  readonly maxStringLength: number;
}

/**
 * Keys that reach `Object.prototype` or a constructor when a payload is merged or assigned. They
 * have no business in API input, so they are refused anywhere rather than stripped.
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Walks a parsed JSON payload once and reports the first limit it breaks: nesting depth, array
 * length, string length, or a forbidden key. Hand-written because the check must run on the
 * parsed tree before class-transformer touches it, and no JSON library enforces all four.
 *
 * @param value - The result of `JSON.parse`.
 * @param limits - Depth, array and string limits.
 * @returns A problem description with its JSON path, or `null` when the payload is acceptable.
 */
export function inspectPayload(value: unknown, limits: PayloadLimits): string | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [
    { value, path: '$', depth: 0 },
  ];
  while (stack.length > 0) {
    const item = stack.pop() as { value: unknown; path: string; depth: number };
    const current = item.value;
    if (typeof current === 'string') {
      if (current.length > limits.maxStringLength)
        return `${item.path}: string longer than ${limits.maxStringLength}`;
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (item.depth >= limits.maxDepth) return `${item.path}: nested deeper than ${limits.maxDepth}`;
    if (Array.isArray(current)) {
      if (current.length > limits.maxArrayLength)
        return `${item.path}: array longer than ${limits.maxArrayLength}`;
      current.forEach((child, index) =>
        stack.push({ value: child, path: `${item.path}[${index}]`, depth: item.depth + 1 }),
      );
      continue;
    }
    for (const key of Object.keys(current)) {
      if (FORBIDDEN_KEYS.has(key)) return `${item.path}: forbidden key "${key}"`;
      if (key.length > limits.maxStringLength)
        return `${item.path}: key longer than ${limits.maxStringLength}`;
      stack.push({
        value: (current as Record<string, unknown>)[key],
        path: `${item.path}.${key}`,
        depth: item.depth + 1,
      });
    }
  }
  return null;
}
