/** A parsed `major.minor.patch` version; pre-release tags sort before the release. */
interface Parsed {
  readonly parts: readonly [number, number, number];
  readonly pre: string | null;
}

function parse(version: string): Parsed | null {
  const match = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+.*)?$/.exec(version.trim());
  if (match === null) return null;
  return {
    parts: [Number(match[1]), Number(match[2]), Number(match[3])],
    pre: match[4] ?? null,
  };
}

/**
 * Compares two versions by semver precedence (build metadata ignored, a pre-release before its
 * release, pre-release tags compared as text).
 *
 * @param a - A version such as `1.20.3`.
 * @param b - Another version.
 * @returns Negative, zero or positive; `NaN` when either is not a version.
 */
export function compareVersions(a: string, b: string): number {
  const x = parse(a);
  const y = parse(b);
  if (x === null || y === null) return Number.NaN;
  for (let i = 0; i < 3; i += 1) {
    const diff = x.parts[i]! - y.parts[i]!;
    if (diff !== 0) return diff;
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === null) return 1;
  if (y.pre === null) return -1;
  return x.pre < y.pre ? -1 : 1;
}

/**
 * The release line of a version: the major number, or `0.minor` below 1.0 (where a minor
 * release may break, so each minor is its own line).
 *
 * @param version - A version.
 * @returns The line, such as `4` or `0.14`; `null` when not a version.
 */
export function releaseLine(version: string): string | null {
  const parsed = parse(version);
  if (parsed === null) return null;
  const [major, minor] = parsed.parts;
  return major === 0 ? `0.${minor}` : String(major);
}
