import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { CliError } from '../cli-error';
import { EXIT_CODES } from '../exit-codes';
import { loadProject } from '../project/load-project';
import { withApp } from '../project/open-app';
import { appName } from '../project/run-with-app';
import type { ProbeTarget } from './target/probe-target';
import { targetFromOpenApi } from './target/target-from-openapi';
import { targetFromPolicies } from './target/target-from-policies';

/**
 * Loads what the probe attacks from `--app`: an OpenAPI document (`.json`), or a project — its
 * folder or its `bulwark.config` file — whose app is built without listening so its compiled
 * policies can be turned into the same document `bulwark openapi` writes.
 *
 * @param entry - The `--app` value, relative to `cwd`.
 * @param cwd - The working folder.
 * @returns The target and a description of where it came from.
 * @throws CliError exit 3 when nothing usable is found there.
 */
export async function loadTarget(
  entry: string,
  cwd: string,
): Promise<{ target: ProbeTarget; source: string }> {
  const path = resolve(cwd, entry);
  const info = await stat(path).catch(() => null);
  if (info === null) throw new CliError(EXIT_CODES.PROJECT, `--app: nothing at ${path}.`);
  if (info.isFile() && path.toLowerCase().endsWith('.json')) {
    return { target: fromDocument(await readFile(path, 'utf8'), path), source: path };
  }
  const root = info.isDirectory() ? path : dirname(path);
  const project = await loadProject(root, info.isDirectory() ? undefined : basename(path));
  const target = await withApp(project, async (handle) => {
    const { policies, settings } = handle.bulwark;
    if (settings === undefined) {
      throw new CliError(
        EXIT_CODES.PROJECT,
        'app() must return the value useBulwark() returned, with its settings.',
      );
    }
    const options = project.config.openapi ?? { info: { title: appName(root), version: '0.0.0' } };
    try {
      return await targetFromPolicies({ policies, settings }, options);
    } catch (error) {
      throw new CliError(
        EXIT_CODES.PROJECT,
        `The app's policies could not be described: ${(error as Error).message}`,
        { cause: error },
      );
    }
  });
  return { target, source: project.configFile };
}

function fromDocument(text: string, path: string): ProbeTarget {
  try {
    return targetFromOpenApi(JSON.parse(text));
  } catch (error) {
    throw new CliError(EXIT_CODES.PROJECT, `${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
