import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError } from '../cli-error';
import { EXIT_CODES } from '../exit-codes';

/**
 * Maps `@bulwark/*` package names to `file:` specs of tarballs made by `npm pack` in a folder
 * (`bulwark-core-0.1.0.tgz` → `@bulwark/core`), to try unreleased Bulwark versions.
 *
 * @param dir - The folder holding the tarballs.
 * @param cwd - The folder `dir` is relative to.
 * @returns Specs by package name.
 * @throws CliError exit 2 when the folder cannot be read or holds no Bulwark tarball.
 */
export function localPackageSpecs(dir: string, cwd: string): Record<string, string> {
  const folder = resolve(cwd, dir);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch (error) {
    throw new CliError(EXIT_CODES.USAGE, `--local-packages: cannot read ${folder}.`, {
      cause: error,
    });
  }
  const specs: Record<string, string> = {};
  for (const file of names) {
    const match = /^bulwark-([a-z-]+?)-\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?\.tgz$/.exec(file);
    if (match !== null) specs[`@bulwark/${match[1]}`] = `file:${join(folder, file)}`;
  }
  if (Object.keys(specs).length === 0) {
    throw new CliError(
      EXIT_CODES.USAGE,
      `--local-packages: no bulwark-*.tgz in ${folder} (make them with npm pack).`,
    );
  }
  return specs;
}
