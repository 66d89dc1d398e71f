import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One installed copy of a package, as the lockfile records it. */
export interface LockedPackage {
  readonly name: string;
  readonly version: string;
  /** Where it is installed, such as `node_modules/express/node_modules/qs`. */
  readonly location: string;
}

/** A lockfile that was found and read. */
export interface Lockfile {
  readonly file: string;
  readonly packages: readonly LockedPackage[];
}

const NAMES = ['package-lock.json', 'npm-shrinkwrap.json'];

/**
 * Finds the npm lockfile of a project: in its folder or, for a workspace member, in the nearest
 * folder above that has one.
 *
 * @param root - The project folder.
 * @returns The lockfile path, or `null`.
 */
export function findLockfile(root: string): string | null {
  for (let dir = root; ; dir = dirname(dir)) {
    for (const name of NAMES) {
      const file = join(dir, name);
      if (existsSync(file)) return file;
    }
    if (dirname(dir) === dir) return null;
  }
}

/**
 * Reads every installed package of an npm lockfile (v1, v2 or v3), nested copies included.
 *
 * @param file - The lockfile.
 * @returns Its packages.
 * @throws Error when the file is not valid JSON.
 */
export function readLockfile(file: string): Lockfile {
  const data = JSON.parse(readFileSync(file, 'utf8')) as {
    packages?: Record<string, { version?: string; name?: string; link?: boolean }>;
    dependencies?: Record<string, V1Entry>;
  };
  const packages: LockedPackage[] = [];
  if (data.packages !== undefined) {
    for (const [location, entry] of Object.entries(data.packages)) {
      const at = location.lastIndexOf('node_modules/');
      if (at < 0 || entry.link === true || typeof entry.version !== 'string') continue;
      const name = location.slice(at + 'node_modules/'.length);
      packages.push({ name, version: entry.version, location });
    }
  } else if (data.dependencies !== undefined) {
    collectV1(data.dependencies, 'node_modules', packages);
  }
  return { file, packages };
}

interface V1Entry {
  version?: string;
  dependencies?: Record<string, V1Entry>;
}

function collectV1(tree: Record<string, V1Entry>, prefix: string, into: LockedPackage[]): void {
  for (const [name, entry] of Object.entries(tree)) {
    const location = `${prefix}/${name}`;
    if (typeof entry.version === 'string') into.push({ name, version: entry.version, location });
    if (entry.dependencies !== undefined) {
      collectV1(entry.dependencies, `${location}/node_modules`, into);
    }
  }
}
