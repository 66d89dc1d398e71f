import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CliError } from '../cli-error';
import { EXIT_CODES } from '../exit-codes';
import type { BulwarkCliConfig } from './cli-config';
import { readEnvFile } from './read-env-file';

/** The config file names looked for, in this order. */
export const CONFIG_FILES = Object.freeze([
  'bulwark.config.js',
  'bulwark.config.cjs',
  'bulwark.config.mjs',
  'bulwark.config.ts',
]);

/** A loaded project: where it is, its config and the environment it was checked with. */
export interface Project {
  readonly root: string;
  readonly configFile: string;
  readonly config: BulwarkCliConfig;
  /** The process environment over the project's `.env` file (the process wins). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Finds and loads a project's `bulwark.config` file. Variables from the project's `.env` file
 * that are not already set are put into `process.env` first, so the app sees what it would see
 * when started the usual way.
 *
 * A `.ts` config is loaded through the project's own `ts-node` (transpile only, with the
 * project's `tsconfig.json`), which must be installed there.
 *
 * @param root - The project folder.
 * @param configPath - An explicit config file, relative to `root`.
 * @returns The project.
 * @throws CliError exit 3 when no config is found or it cannot be loaded or is malformed.
 */
export async function loadProject(root: string, configPath?: string): Promise<Project> {
  const configFile = findConfig(root, configPath);
  const fromFile = readEnvFile(join(root, '.env'));
  for (const [name, value] of Object.entries(fromFile)) process.env[name] ??= value;

  let loaded: unknown;
  try {
    loaded = await importConfig(root, configFile);
  } catch (error) {
    throw new CliError(
      EXIT_CODES.PROJECT,
      `Could not load ${configFile}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return { root, configFile, config: checkConfig(loaded, configFile), env: { ...process.env } };
}

function findConfig(root: string, configPath: string | undefined): string {
  if (configPath !== undefined) {
    const file = resolve(root, configPath);
    if (!existsSync(file)) throw new CliError(EXIT_CODES.PROJECT, `No config file at ${file}.`);
    return file;
  }
  for (const name of CONFIG_FILES) {
    const file = join(root, name);
    if (existsSync(file)) return file;
  }
  throw new CliError(
    EXIT_CODES.PROJECT,
    `No bulwark.config.js in ${root}. Create one that exports { app } (see docs/cli.md), or pass --config.`,
  );
}

async function importConfig(root: string, file: string): Promise<unknown> {
  if (file.endsWith('.ts')) {
    const local = createRequire(join(root, 'package.json'));
    const tsNode = local('ts-node') as { register(options: object): void };
    tsNode.register({ transpileOnly: true, projectSearchDir: root });
    const exported = local(file) as { default?: unknown };
    return exported.default ?? exported;
  }
  const exported = (await import(pathToFileURL(file).href)) as { default?: unknown };
  return exported.default ?? exported;
}

function checkConfig(value: unknown, file: string): BulwarkCliConfig {
  const config = value as Partial<BulwarkCliConfig> | null;
  if (typeof config !== 'object' || config === null || typeof config.app !== 'function') {
    throw new CliError(EXIT_CODES.PROJECT, `${file} must export an object with an app() function.`);
  }
  if (config.audit !== undefined && typeof config.audit?.source !== 'function') {
    throw new CliError(EXIT_CODES.PROJECT, `${file}: "audit" must have a source() function.`);
  }
  return config as BulwarkCliConfig;
}
