import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { CliIo } from '../terminal/io';
import { startProgress } from '../terminal/progress';
import type { CliAppHandle } from './cli-config';
import { loadProject, type Project } from './load-project';
import { withApp } from './open-app';
import { projectRoot } from './project-options';

/** What a command gets from {@link runWithApp}. */
export interface AppContext {
  readonly project: Project;
  readonly handle: CliAppHandle;
  /** The app's package name, or its folder name. */
  readonly name: string;
}

/**
 * Loads the project named by `--cwd`/`--config`, builds its app behind a progress indicator,
 * runs `use` and closes the app.
 *
 * @param io - The CLI streams.
 * @param values - Parsed options (`cwd`, `config`).
 * @param use - The command's work.
 * @returns What `use` returned.
 * @throws CliError exit 3 when the project or app cannot be loaded.
 */
export async function runWithApp<T>(
  io: CliIo,
  values: Readonly<Record<string, unknown>>,
  use: (context: AppContext) => Promise<T>,
): Promise<T> {
  const root = projectRoot(values, io.cwd);
  const progress = startProgress(io.stderr, 'Loading the app');
  let project: Project;
  try {
    project = await loadProject(root, values['config'] as string | undefined);
  } catch (error) {
    progress.fail('Could not load the project');
    throw error;
  }
  let isReady = false;
  try {
    return await withApp(project, async (handle) => {
      isReady = true;
      progress.done(
        `Loaded ${handle.bulwark.policies.length} routes from ${basename(project.configFile)}`,
      );
      return use({ project, handle, name: appName(root) });
    });
  } catch (error) {
    if (!isReady) progress.fail('Could not build the app');
    throw error;
  }
}

/**
 * Names a project: its package name, or its folder name.
 *
 * @param root - The project folder.
 * @returns The name.
 */
export function appName(root: string): string {
  try {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      name?: unknown;
    };
    if (typeof manifest.name === 'string') return manifest.name;
  } catch {
    // Without a readable package.json the folder name is the best name there is.
  }
  return basename(root);
}
