import { CliError } from '../cli-error';
import { EXIT_CODES } from '../exit-codes';
import type { CliAppHandle } from './cli-config';
import type { Project } from './load-project';

/**
 * Builds the project's app through its config, runs `use` on it and closes it whatever happens.
 *
 * @param project - The loaded project.
 * @param use - What to do with the app.
 * @returns What `use` returned.
 * @throws CliError exit 3 when the app cannot be built or does not expose its policies.
 */
export async function withApp<T>(
  project: Project,
  use: (handle: CliAppHandle) => Promise<T>,
): Promise<T> {
  const handle = await build(project);
  try {
    return await use(handle);
  } finally {
    await handle.close?.();
  }
}

async function build(project: Project): Promise<CliAppHandle> {
  let handle: unknown;
  try {
    handle = await project.config.app();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const prefix = typeof code === 'string' ? `${code}: ` : '';
    throw new CliError(
      EXIT_CODES.PROJECT,
      `The app failed to start: ${prefix}${(error as Error).message}`,
      { cause: error },
    );
  }
  const policies = (handle as Partial<CliAppHandle> | null)?.bulwark?.policies;
  if (!Array.isArray(policies)) {
    await (handle as Partial<CliAppHandle> | null)?.close?.();
    throw new CliError(
      EXIT_CODES.PROJECT,
      'app() must return { bulwark } where bulwark is what useBulwark() returned.',
    );
  }
  return handle as CliAppHandle;
}
