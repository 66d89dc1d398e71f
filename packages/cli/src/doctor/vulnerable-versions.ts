import { compareVersions, releaseLine } from './version-order';
import type { Advisory } from './safe-versions';

/**
 * Tells whether a version is affected by an advisory (see the rule on `SAFE_VERSION_TABLE`).
 *
 * @param version - The installed version.
 * @param advisory - The advisory.
 * @returns True when affected; false for versions that cannot be parsed (reported elsewhere).
 */
export function isAffected(version: string, advisory: Advisory): boolean {
  const line = releaseLine(version);
  if (line === null) return false;
  if (advisory.introduced !== undefined && compareVersions(version, advisory.introduced) < 0) {
    return false;
  }
  const ownFix = advisory.fixed.find((fix) => releaseLine(fix) === line);
  if (ownFix !== undefined) return compareVersions(version, ownFix) < 0;
  const newest = [...advisory.fixed].sort(compareVersions).at(-1);
  return newest !== undefined && compareVersions(version, newest) < 0;
}

/**
 * The version that fixes every given advisory for an installed version: the fix on its own
 * line when all have one, else the newest fix.
 *
 * @param version - The installed version.
 * @param advisories - The advisories affecting it.
 * @returns The version to upgrade to at least.
 */
export function minimumSafe(version: string, advisories: readonly Advisory[]): string {
  const line = releaseLine(version);
  const candidates = advisories.map(
    (a) =>
      a.fixed.find((fix) => releaseLine(fix) === line) ??
      [...a.fixed].sort(compareVersions).at(-1)!,
  );
  return candidates.sort(compareVersions).at(-1)!;
}
